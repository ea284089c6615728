from django import forms

from ..selectors.profile_ranking import ORDERS, SORTS, default_order
from ..selectors.profiles import DEFAULT_MEASURE, MEASURES

MEASURE_UNKNOWN = "Choose a measure from the list"
ORDER_UNKNOWN = "That way of sorting the table is not one we know, so the wards are in their usual order."


def measure_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The measures grouped as the select's <optgroup>s, in the order MEASURES gives them."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for m in MEASURES.values():
        groups.setdefault(m.group, []).append((m.key, m.label))
    return list(groups.items())


class RankingForm(forms.Form):
    """The ranking page's choice of measure (the form), and the table's sort and order (its
    header links). A missing measure is the default one; an unknown one is an error on the
    field. An unknown sort or order is not the user's choice but a link's: the table falls back
    to its usual order and says so."""

    measure = forms.ChoiceField(
        label="Measure", required=False, choices=measure_choices,
        error_messages={"invalid_choice": MEASURE_UNKNOWN},
    )
    sort = forms.CharField(required=False)
    order = forms.CharField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fell_back = False

    def clean_measure(self):
        return MEASURES[self.cleaned_data["measure"] or DEFAULT_MEASURE]

    def clean(self):
        data = super().clean()
        sort, order = data.get("sort") or "", data.get("order") or ""
        if (sort and sort not in SORTS) or (order and order not in ORDERS):
            self.fell_back = True
            sort, order = "", ""
        data["sort"] = sort or "value"
        if "measure" in data:
            data["order"] = order or default_order(data["measure"], data["sort"])
        return data
