"""consultations/{id}/results/: a consultation's results as aggregates only, suppressed as on the
results page (engagement.selectors.results), with the quiet-voices figures of each ward. Never a
response, a free-text answer or an "About you" row. Anyone may read the results of a closed
consultation or one with its outcome published; an open one's only those who run it."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from ..selectors import results as selectors


class ResultsFigureSerializer(serializers.Serializer):
    count = serializers.IntegerField(source="shown", allow_null=True,
                                     help_text="null when suppressed (fewer than 5, or would reveal one).")
    suppressed = serializers.BooleanField(source="hidden")


class ResultsOptionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    chosen = ResultsFigureSerializer(source="count", help_text="Respondents who chose it (a ranking: who ranked it).")
    first_places = ResultsFigureSerializer(source="firsts", allow_null=True, help_text="Ranking questions only.")
    percent = serializers.DecimalField(max_digits=5, decimal_places=0, allow_null=True,
                                       help_text="Of the question's respondents (a ranking: first places); "
                                                 "null when either count is suppressed.")
    mean_rank = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True,
                                         help_text="Ranking questions only; 1 is first.")


class ResultsQuestionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    text = serializers.CharField()
    kind = serializers.CharField()
    respondents = ResultsFigureSerializer()
    options = ResultsOptionResultSerializer(many=True)


class ResultsWardRefSerializer(serializers.Serializer):
    gss_code = serializers.CharField()
    name = serializers.CharField()


class ResultsGroupResultsSerializer(serializers.Serializer):
    key = serializers.CharField(help_text='"all", a ward\'s GSS code, or "unknown".')
    name = serializers.CharField()
    ward = ResultsWardRefSerializer(allow_null=True)
    responses = ResultsFigureSerializer()
    questions = ResultsQuestionResultSerializer(many=True)


class ResultsCategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    respondents = ResultsFigureSerializer(source="count")
    percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True,
                                       help_text="Of the respondents who gave a category.")
    census_percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True,
                                              help_text="Census 2021 share of the ward's residents (households "
                                                        "for tenure; people 16+ for age).")
    index = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True,
                                     help_text="Share of respondents / share of residents.")


class ResultsDimensionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    unit = serializers.CharField()
    answered = ResultsFigureSerializer(help_text="Respondents who gave a category: the denominator.")
    not_compared = ResultsFigureSerializer(help_text='"Prefer not to say", blanks (age: also 15 or under).')
    categories = ResultsCategorySerializer(many=True, source="rows")


class ResultsWeightedOptionSerializer(serializers.Serializer):
    label = serializers.CharField()
    raw_percent = serializers.DecimalField(max_digits=5, decimal_places=0, allow_null=True)
    weighted_percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class ResultsWeightedQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    effective_sample_size = serializers.DecimalField(source="effective_size", max_digits=9, decimal_places=1,
                                                     allow_null=True, help_text="Kish: (sum w)^2 / sum w^2.")
    options = ResultsWeightedOptionSerializer(many=True)


class ResultsPlaceSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.CharField(source="get_absolute_url")
    is_library = serializers.BooleanField()


class ResultsRepresentationSerializer(serializers.Serializer):
    ward = ResultsWardRefSerializer()
    dimensions = ResultsDimensionSerializer(many=True)
    under_represented = serializers.ListField(child=serializers.CharField())
    weighted = ResultsWeightedQuestionSerializer(many=True, help_text="Results reweighted to the ward's age profile.")
    unweighted_age_bands = serializers.ListField(child=serializers.CharField(), source="unweighted_bands")
    places = ResultsPlaceSerializer(many=True, help_text="Hubs and libraries in the ward, for listening sessions.")


class ResultsConsultationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()


class ResultsConsultationResultsSerializer(serializers.Serializer):
    consultation = ResultsConsultationRefSerializer()
    suppression = serializers.CharField(default=selectors.SUPPRESSION_NOTE)
    overall = ResultsGroupResultsSerializer()
    wards = ResultsGroupResultsSerializer(many=True)
    representation = ResultsRepresentationSerializer(many=True)


class ConsultationResultsViewSet(viewsets.ViewSet):
    permission_classes = [AllowAny]  # the consultation's own rules decide (results_consultation)
    error_statuses = {"list": ["403", "404"]}

    @extend_schema(
        responses={200: ResultsConsultationResultsSerializer},
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
        return Response(ResultsConsultationResultsSerializer(data).data)
