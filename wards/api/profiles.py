"""The ward profiles in the partner API: wards/{gss_code}/profile/ (every Census 2021 table with
its units, beside the city's, and the IMD 2019 summary, each with its source and caveats), the
`profile` block of each ward in wards/, and the ordering of wards/ by the profiles' measures.

Percentages and ratios are JSON numbers, as the hubs' occupancy rates are; the caveats and
sources are the words the ward pages show (wards.selectors.profiles)."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, filters, serializers
from rest_framework.reverse import reverse

from localism.core.api import optional_pattern

from ..models.profiles import ENGLAND_LSOAS_2011, LsoaFit, ProfileTable, ProfileUnit
from ..selectors import profiles as selectors

PROFILE_NOT_LOADED = "No Census 2021 or IMD 2019 profile has been loaded for {ward}."
ORDERING_INVALID = (
    "Order by name, gss_code, seats or one of the profile measures ({measures}), each with a leading - "
    "for the largest first, separated by commas: {term} is not one of them."
)


def _percent(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=4, decimal_places=1, min_value=0, max_value=100,
                                    coerce_to_string=False, **kwargs)


def _rank(help_text: str, **kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(
        help_text=f"{help_text} Of England's {ENGLAND_LSOAS_2011:,} small areas; 1 is the most deprived.", **kwargs)


def _related(ward, name: str):
    """A ward's profile or deprivation summary (selected with it), or None when not loaded."""
    try:
        return getattr(ward, name)
    except ObjectDoesNotExist:
        return None


# --- wards/{gss_code}/profile/ ---------------------------------------------------------------

class CensusCategorySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Our short code, e.g. 65_plus or social_rented_council.")
    ons_category = serializers.CharField(help_text="The category as ONS publishes it.")
    name = serializers.CharField(help_text="The category in plain English.")
    count = serializers.IntegerField(help_text="In the table's unit.")
    percent = _percent(help_text="The count as a percentage of the ward's total, to 0.1.")
    city_count = serializers.IntegerField(help_text="Birmingham's count: all current wards'.")
    city_percent = _percent(help_text="Birmingham's count as a percentage of the city's total, to 0.1.")


class CensusTableSerializer(serializers.Serializer):
    table = serializers.ChoiceField(choices=ProfileTable.choices)
    title = serializers.CharField()
    unit = serializers.ChoiceField(choices=ProfileUnit.choices, help_text="What the counts count.")
    ward_total = serializers.IntegerField(source="total", help_text="The sum of the categories' counts.")
    city_total = serializers.IntegerField(help_text="The sum of the city's counts.")
    categories = CensusCategorySerializer(source="rows", many=True)


class FitSerializer(serializers.Serializer):
    flag = serializers.ChoiceField(choices=LsoaFit.choices, source="profile.fit")
    ratio = serializers.DecimalField(
        max_digits=5, decimal_places=3, coerce_to_string=False, source="profile.fit_ratio",
        help_text="The small areas' total, grown to 2024, over ONS's mid-2024 estimate; 1 is a perfect fit.")
    ons_mid2024_estimate = serializers.IntegerField(
        source="profile.mid_2024_estimate", allow_null=True, help_text="ONS's official mid-2024 estimate of the "
        "ward's population (not Census).")
    caveat = serializers.CharField(source="poor_fit_caveat", help_text="What to beware of when the fit is "
                                   "poor; empty otherwise.")


class CensusSerializer(serializers.Serializer):
    release = serializers.CharField(source="profile.release")
    source = serializers.SerializerMethodField()
    caveat = serializers.SerializerMethodField()
    fit = FitSerializer(source="*", help_text="How well the small areas summed here match the legal ward.")
    small_areas = serializers.IntegerField(source="profile.small_areas",
                                           help_text="The small areas (LSOAs, 2021) summed into the ward.")
    usual_residents = serializers.IntegerField(source="profile.usual_residents")
    households = serializers.IntegerField(source="profile.households")
    tables = CensusTableSerializer(many=True)

    def get_source(self, view) -> str:
        return selectors.CENSUS_SOURCE

    def get_caveat(self, view) -> str:
        return selectors.CENSUS_CAVEAT


class DecileSerializer(serializers.Serializer):
    decile = serializers.IntegerField(min_value=1, max_value=10, help_text="1 is England's most deprived 10%.")
    lsoas = serializers.IntegerField(help_text="The ward's small areas in that decile.")


class DeprivationSerializer(serializers.Serializer):
    release = serializers.CharField(source="deprivation.release")
    source = serializers.SerializerMethodField()
    caveat = serializers.CharField(source="deprivation_caveat")
    small_areas = serializers.IntegerField(source="deprivation.small_areas",
                                           help_text="The small areas (LSOAs, 2011) best fitted to the ward.")
    lsoas_by_decile = serializers.SerializerMethodField()
    most_deprived_10pct = _percent(source="deprivation.most_deprived_10pct",
                                   help_text="Percentage of its small areas among England's most deprived 10%.")
    most_deprived_20pct = _percent(source="deprivation.most_deprived_20pct",
                                   help_text="Percentage of its small areas among England's most deprived 20%.")
    mean_rank = _rank("The mean rank of its small areas.", source="deprivation.mean_rank")
    median_rank = _rank("The median rank of its small areas.", source="deprivation.median_rank")
    min_rank = _rank("The rank of its most deprived small area.", source="deprivation.min_rank")
    max_rank = _rank("The rank of its least deprived small area.", source="deprivation.max_rank")
    modal_decile = serializers.IntegerField(source="deprivation.modal_decile",
                                            help_text="The decile most of its small areas are in.")
    city_rank = serializers.IntegerField(source="deprivation.city_rank",
                                         help_text="Its place among Birmingham's wards by mean rank; 1 is the most "
                                         "deprived.")
    summary = serializers.CharField(source="deprivation_sentence", help_text="The figures in plain English.")

    def get_source(self, view) -> str:
        return selectors.IMD_SOURCE

    @extend_schema_field(DecileSerializer(many=True))
    def get_lsoas_by_decile(self, view) -> list[dict]:
        return [{"decile": decile, "lsoas": n} for decile, n in view.deprivation.deciles]


class WardProfileSerializer(serializers.Serializer):
    """A ward's Census 2021 profile and its IMD 2019 summary; either is null when its data was not
    loaded."""

    gss_code = serializers.CharField(source="ward.gss_code")
    name = serializers.CharField(source="ward.name")
    url = serializers.SerializerMethodField()
    ward_url = serializers.SerializerMethodField()
    census = serializers.SerializerMethodField()
    deprivation = serializers.SerializerMethodField()

    def get_url(self, view) -> str:
        return profile_url(view.ward, self.context.get("request"))

    def get_ward_url(self, view) -> str:
        return reverse("api:ward-detail", kwargs={"gss_code": view.ward.gss_code},
                       request=self.context.get("request"))

    @extend_schema_field(CensusSerializer(allow_null=True))
    def get_census(self, view) -> dict | None:
        return CensusSerializer(view, context=self.context).data if view.profile else None

    @extend_schema_field(DeprivationSerializer(allow_null=True))
    def get_deprivation(self, view) -> dict | None:
        return DeprivationSerializer(view, context=self.context).data if view.deprivation else None


def profile_url(ward, request) -> str:
    return reverse("api:ward-profile", kwargs={"gss_code": ward.gss_code}, request=request)


def ward_profile_or_404(ward) -> selectors.WardProfileView:
    view = selectors.ward_profile(ward)
    if view.profile is None and view.deprivation is None:
        raise exceptions.NotFound(PROFILE_NOT_LOADED.format(ward=ward.name))
    return view


# --- the `profile` block of each ward in wards/ ------------------------------------------------

class WardProfileBriefSerializer(serializers.Serializer):
    """The headline figures of a ward's profile; the whole profile is at `url`."""

    usual_residents = serializers.IntegerField(allow_null=True, help_text="Census 2021, approximated from "
                                               "small areas.")
    households = serializers.IntegerField(allow_null=True)
    fit = serializers.ChoiceField(choices=LsoaFit.choices, allow_null=True,
                                  help_text="How well the small areas summed into the ward match it.")
    imd_most_deprived_10pct = _percent(allow_null=True, help_text="IMD 2019: percentage of its small areas "
                                       "among England's most deprived 10%.")
    imd_city_rank = serializers.IntegerField(allow_null=True, help_text="IMD 2019: its place among "
                                             "Birmingham's wards by mean rank; 1 is the most deprived.")
    url = serializers.URLField()


def profile_brief(ward, url: str, *, brief: WardProfileBriefSerializer | None = None) -> dict | None:
    """The block's values, from the profile and summary selected with the ward, and the address
    of the whole profile; None when neither was loaded. `brief`: a serializer kept for a list."""
    profile, deprivation = _related(ward, "profile"), _related(ward, "deprivation")
    if profile is None and deprivation is None:
        return None
    return (brief or WardProfileBriefSerializer()).to_representation({
        "usual_residents": profile and profile.usual_residents,
        "households": profile and profile.households,
        "fit": profile and profile.fit,
        "imd_most_deprived_10pct": deprivation and deprivation.most_deprived_10pct,
        "imd_city_rank": deprivation and deprivation.city_rank,
        "url": url,
    })


# --- ?ordering= on wards/ --------------------------------------------------------------------

class WardOrderingFilter(filters.OrderingFilter):
    """DRF's `ordering`, strict, and by the profiles' measures too (wards.selectors.profiles.MEASURES).

    Each comma-separated term is a field or a measure, with a leading - for descending; anything
    else is a 400 naming `ordering`, so a typing mistake is not answered in some other order. Only
    the measures asked for are computed, wards without a value come last, and wards of equal value
    come by name."""

    ordering_description = "Order by fields or profile measures, separated by commas; a leading - for descending."

    def get_valid_fields(self, queryset, view, context={}):  # noqa: B006 (DRF's signature)
        # The fields, then the measures with their labels (the browsable API's ordering choices).
        return super().get_valid_fields(queryset, view, context) + [
            (key, measure.label) for key, measure in selectors.MEASURES.items()]

    def _terms(self, view) -> list[str]:
        return [key for key, _ in self.get_valid_fields(None, view)]

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if not params:
            return self.get_default_ordering(view)
        valid = set(self._terms(view))
        terms = params.split(",")
        for term in terms:
            if term.removeprefix("-") not in valid:
                raise exceptions.ValidationError({self.ordering_param: [ORDERING_INVALID.format(
                    measures=", ".join(selectors.MEASURES), term=f'"{term}"')]})
        return terms

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", "list") != "list":
            return queryset
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        order_by = []
        for term in ordering:
            key = term.removeprefix("-")
            measure = selectors.MEASURES.get(key)
            if measure is None:
                order_by.append(term)
                continue
            alias = f"measure_{key}"
            queryset = queryset.alias(**{alias: selectors.measure_expression(measure)})
            value = F(alias)
            order_by.append(value.desc(nulls_last=True) if term.startswith("-") else value.asc(nulls_last=True))
        return queryset.order_by(*order_by, "name", "gss_code")

    def get_schema_operation_parameters(self, view):
        term = "-?(" + "|".join(self._terms(view)) + ")"
        return [{
            "name": self.ordering_param,
            "required": False,
            "in": "query",
            "description": (f"{self.ordering_description} Fields: {', '.join(view.ordering_fields)}. Measures: "
                            f"{', '.join(selectors.MEASURES)}. Wards without a measure's value come last."),
            "schema": {"type": "string", "pattern": optional_pattern(f"^{term}(,{term})*$"),
                       "example": "-imd_most_deprived_10pct"},
        }]
