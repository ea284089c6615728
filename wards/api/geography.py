"""The partner API for wards: wards/, wards/{gss_code}/, .../boundary/, .../profile/, wards/lookup/."""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from localism.core import links
from localism.core.api import RulesPermissionsMixin, SearchFilter

from .. import selectors
from ..models import Ward
from ..models.profiles import LsoaFit
from .profiles import (
    WardOrderingFilter,
    WardProfileBriefSerializer,
    WardProfileSerializer,
    profile_brief,
    ward_profile_or_404,
)


class CouncillorSerializer(serializers.Serializer):
    """A councillor as the council publishes them: name, party, term and the office contact
    details residents use (public e-mail, telephone, web page, surgeries). Public information,
    so partners may show it. Nothing of the councillor's account leaves: not whether they have
    one, nor its username or e-mail, which may be personal."""

    name = serializers.CharField()
    party = serializers.CharField()
    term_start = serializers.DateField()
    term_end = serializers.DateField(allow_null=True)
    email = serializers.EmailField(help_text="The councillor's public office e-mail; empty if none is published.")
    phone = serializers.CharField(help_text="A public telephone number; empty if none is published.")
    web_page = serializers.URLField(help_text="The councillor's page on the council's site; empty if none.")
    surgery_details = serializers.CharField(help_text="Where and when residents can meet the councillor.")


def address(serializer, name: str, kwarg: str, value) -> str:
    """The absolute address `name` with `kwarg` = `value`, reversed once for all the records a
    serializer (and the list it is part of) shows (localism.core.links.address_of): reversing each
    address of each record took a good part of a list's time. A page of the site or of the API."""
    addresses = serializer.root.__dict__.setdefault("_addresses", {})
    if name not in addresses:
        addresses[name] = links.address_of(name, kwarg, request=serializer.context.get("request"))
    return addresses[name](value)


def nested(serializer, kind: type[serializers.Serializer]) -> serializers.Serializer:
    """One serializer of `kind` for the part of each record it shows, made once for all the
    records of a list: a serializer made for each ward copied its fields each time, which took
    most of a list's time."""
    kept = serializer.root.__dict__.setdefault("_nested", {})
    if kind not in kept:
        kept[kind] = kind()
    return kept[kind]


class WardSerializer(serializers.ModelSerializer):
    councillors = serializers.SerializerMethodField()
    boundary_url = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()
    profile = serializers.SerializerMethodField()

    class Meta:
        model = Ward
        fields = [
            "gss_code", "name", "slug", "seats", "constituency", "constituency_code", "locality",
            "area_hectares", "centroid_latitude", "centroid_longitude", "councillors",
            "url", "boundary_url", "page_url", "profile",
        ]

    def get_councillors(self, ward) -> list[dict]:
        seats = getattr(ward, "current_seats", None)
        if seats is None:
            seats = ward.seats_held.current()
        councillor = nested(self, CouncillorSerializer)
        return [councillor.to_representation(seat) for seat in seats]

    def get_url(self, ward) -> str:
        return address(self, "api:ward-detail", "gss_code", ward.gss_code)

    def get_boundary_url(self, ward) -> str:
        return address(self, "api:ward-boundary", "gss_code", ward.gss_code)

    def get_page_url(self, ward) -> str:
        return address(self, "wards:detail", "slug", ward.slug)

    @extend_schema_field(WardProfileBriefSerializer(allow_null=True))
    def get_profile(self, ward) -> dict | None:
        return profile_brief(ward, address(self, "api:ward-profile", "gss_code", ward.gss_code),
                             brief=nested(self, WardProfileBriefSerializer))


class WardLookupSerializer(serializers.Serializer):
    postcode = serializers.CharField(allow_null=True)
    approximate = serializers.BooleanField(help_text="The postcode's stand-in location may put it in the wrong ward.")
    ward = WardSerializer()


class WardFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains")
    constituency = django_filters.CharFilter(lookup_expr="iexact")
    fit = django_filters.ChoiceFilter(
        field_name="profile__fit", choices=LsoaFit.choices,
        help_text="Wards whose Census profile fits them this well: good, fair or poor.")
    imd_most_deprived_10pct_min = extend_schema_field({"type": "number", "minimum": 0, "maximum": 100})(
        django_filters.NumberFilter(
            field_name="deprivation__most_deprived_10pct", lookup_expr="gte", min_value=0, max_value=100,
            help_text="Wards with at least this percentage of their small areas among England's most "
                      "deprived 10% (IMD 2019)."))

    class Meta:
        model = Ward
        fields = ["name", "constituency", "fit", "imd_most_deprived_10pct_min"]


class WardViewSet(RulesPermissionsMixin, viewsets.ReadOnlyModelViewSet):
    """Birmingham's wards in the current boundary generation. Public, read-only."""

    serializer_class = WardSerializer
    lookup_field = "gss_code"
    lookup_value_regex = "[A-Z][0-9]{8}"
    filterset_class = WardFilter
    filter_backends = [DjangoFilterBackend, SearchFilter, WardOrderingFilter]
    search_fields = ["name", "gss_code", "constituency"]
    ordering_fields = ["name", "gss_code", "seats"]
    permission_type_map = {
        **RulesPermissionsMixin.permission_type_map,
        "boundary": "view",
        "profile": "view",
        "lookup": None,
    }
    error_statuses = {"lookup": ["404"]}  # outside Birmingham

    def get_queryset(self):
        wards = Ward.objects.current().with_councillors()
        if self.action == "boundary":
            return wards.defer("boundary_simplified")
        if self.action == "profile":  # the profile's own reads follow (wards.selectors.profiles)
            return Ward.objects.current().without_geometry()
        # The `profile` block of each ward, in the same query.
        return wards.without_geometry().select_related("profile", "deprivation")

    @extend_schema(
        responses={(200, "application/geo+json"): OpenApiTypes.OBJECT},
        description="The ward's boundary as a GeoJSON Feature (WGS84).",
    )
    @action(detail=True)
    def boundary(self, request, gss_code=None):
        ward = self.get_object()
        return Response(selectors.ward_boundary_feature(ward), content_type="application/geo+json")

    @extend_schema(
        responses={200: WardProfileSerializer},
        description=(
            "The ward's profile: each Census 2021 table (age, ethnic group, tenure, disability) with its "
            "unit, the ward's counts and percentages beside the city's, how well the small areas summed "
            "into the ward fit it, and the IMD 2019 summary of its small areas, each with its source and "
            "caveats. Neither is an official ward figure: read the caveats. 404 when the ward has no "
            "profile loaded."
        ),
    )
    @action(detail=True)
    def profile(self, request, gss_code=None):
        view = ward_profile_or_404(self.get_object())
        return Response(WardProfileSerializer(view, context=self.get_serializer_context()).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("postcode", str, description="A Birmingham postcode, any spacing or case."),
            OpenApiParameter("lat", float, description="Latitude (WGS84), with lon."),
            OpenApiParameter("lon", float, description="Longitude (WGS84), with lat."),
        ],
        responses={200: WardLookupSerializer},
        description="Find the ward of a postcode, or of a point. 400 for bad input, 404 outside Birmingham.",
    )
    @action(detail=False)
    def lookup(self, request):
        params = request.query_params
        try:
            if "postcode" in params or not ({"lat", "lon"} & set(params)):
                match = selectors.ward_for_postcode(postcode=params.get("postcode"))
            else:
                match = selectors.ward_for_point(latitude=params.get("lat"), longitude=params.get("lon"))
        except selectors.WardLookupError as error:
            if error.status == 404:
                raise NotFound(error.message) from None
            raise ValidationError({error.field: [error.message]}) from None
        data = {"postcode": match.postcode, "approximate": match.approximate, "ward": match.ward}
        return Response(WardLookupSerializer(data, context=self.get_serializer_context()).data)
