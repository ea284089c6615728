"""consultations/{id}/results/: a consultation's results as aggregates only, suppressed as on the
results page (engagement.selectors.results), with the quiet-voices figures of each ward. Never a
response, a free-text answer or an "About you" row. Anyone may read the results of a closed
consultation or one with its outcome published; an open one's only those who run it."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from ..selectors import results as selectors


class FigureSerializer(serializers.Serializer):
    count = serializers.IntegerField(source="shown", allow_null=True,
                                     help_text="null when suppressed (fewer than 5, or would reveal one).")
    suppressed = serializers.BooleanField(source="hidden")


class OptionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    chosen = FigureSerializer(source="count", help_text="Respondents who chose it (a ranking: who ranked it).")
    first_places = FigureSerializer(source="firsts", allow_null=True, help_text="Ranking questions only.")
    percent = serializers.DecimalField(max_digits=5, decimal_places=0, allow_null=True,
                                       help_text="Of the question's respondents (a ranking: first places); "
                                                 "null when either count is suppressed.")
    mean_rank = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True,
                                         help_text="Ranking questions only; 1 is first.")


class QuestionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    text = serializers.CharField()
    kind = serializers.CharField()
    respondents = FigureSerializer()
    options = OptionResultSerializer(many=True)


class WardRefSerializer(serializers.Serializer):
    gss_code = serializers.CharField()
    name = serializers.CharField()


class GroupResultsSerializer(serializers.Serializer):
    key = serializers.CharField(help_text='"all", a ward\'s GSS code, or "unknown".')
    name = serializers.CharField()
    ward = WardRefSerializer(allow_null=True)
    responses = FigureSerializer()
    questions = QuestionResultSerializer(many=True)


class CategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    respondents = FigureSerializer(source="count")
    percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True,
                                       help_text="Of the respondents who gave a category.")
    census_percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True,
                                              help_text="Census 2021 share of the ward's residents (households "
                                                        "for tenure; people 16+ for age).")
    index = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True,
                                     help_text="Share of respondents / share of residents.")


class DimensionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    unit = serializers.CharField()
    answered = FigureSerializer(help_text="Respondents who gave a category: the denominator.")
    not_compared = FigureSerializer(help_text='"Prefer not to say", blanks (age: also 15 or under).')
    categories = CategorySerializer(many=True, source="rows")


class WeightedOptionSerializer(serializers.Serializer):
    label = serializers.CharField()
    raw_percent = serializers.DecimalField(max_digits=5, decimal_places=0, allow_null=True)
    weighted_percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class WeightedQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    effective_sample_size = serializers.DecimalField(source="effective_size", max_digits=9, decimal_places=1,
                                                     allow_null=True, help_text="Kish: (sum w)^2 / sum w^2.")
    options = WeightedOptionSerializer(many=True)


class PlaceSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.CharField(source="get_absolute_url")
    is_library = serializers.BooleanField()


class RepresentationSerializer(serializers.Serializer):
    ward = WardRefSerializer()
    dimensions = DimensionSerializer(many=True)
    under_represented = serializers.ListField(child=serializers.CharField())
    weighted = WeightedQuestionSerializer(many=True, help_text="Results reweighted to the ward's age profile.")
    unweighted_age_bands = serializers.ListField(child=serializers.CharField(), source="unweighted_bands")
    places = PlaceSerializer(many=True, help_text="Hubs and libraries in the ward, for listening sessions.")


class ConsultationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()


class ConsultationResultsSerializer(serializers.Serializer):
    consultation = ConsultationRefSerializer()
    suppression = serializers.CharField(default=selectors.SUPPRESSION_NOTE)
    overall = GroupResultsSerializer()
    wards = GroupResultsSerializer(many=True)
    representation = RepresentationSerializer(many=True)


class ConsultationResultsViewSet(viewsets.ViewSet):
    permission_classes = [AllowAny]  # the consultation's own rules decide (results_consultation)
    error_statuses = {"list": ["403", "404"]}

    @extend_schema(
        responses={200: ConsultationResultsSerializer},
        description="A consultation's results: per question the respondents and the count per option (a "
                    "ranking: who ranked each, first places and the mean rank), overall and by the respondents' "
                    "ward; and per ward who answered beside who lives there (Census 2021), the groups "
                    "under-represented and the results reweighted to the ward's age profile. Counts from 1 to "
                    "4, and any that would reveal one, are null with \"suppressed\": true. Public once the "
                    "consultation has closed; while it is open, only for those who run it.",
    )
    def list(self, request, consultation_pk=None):
        consultation = selectors.results_consultation(request.user, consultation_pk)
        data = selectors.consultation_results(consultation)
        return Response(ConsultationResultsSerializer(data).data)
