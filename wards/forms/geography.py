from django import forms

from .. import selectors


class FindWardForm(forms.Form):
    postcode = forms.CharField(
        label="Postcode",
        max_length=16,
        required=True,
        error_messages={"required": selectors.POSTCODE_MISSING},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "spellcheck": "false"}),
    )

    def clean_postcode(self):
        try:
            self.match = selectors.ward_for_postcode(postcode=self.cleaned_data["postcode"])
        except selectors.WardLookupError as error:
            raise forms.ValidationError(error.message, code=str(error.status)) from None
        return self.match.postcode


class WardFilterForm(forms.Form):
    constituency = forms.ChoiceField(label="Constituency", required=False)

    def __init__(self, *args, constituencies: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["constituency"].choices = [("", "All constituencies")] + [(c, c) for c in constituencies]
