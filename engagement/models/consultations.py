"""Consultations: what the council asks residents, in which wards and when, the questions, and
the responses residents give (with or without an account).

Personal data lives in three places only: a response's postcode and browser key, its "About you"
row, and the text of free-text answers. None of it leaves through the API or a public page;
results are aggregates with small counts suppressed (engagement.selectors.results), and a
scheduled job removes it a set period after the consultation closes (DJANGO_RESPONSE_DATA_DAYS)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from rules.contrib.models import RulesModel
from simple_history.models import HistoricalRecords

from localism.core.dates import EVENTS
from localism.core.fields import BoundedTextField
from wards.models import Priority, Ward, WardPlan

from .. import rules as engagement_rules

TITLE_MAX_LENGTH = 200
SUMMARY_MAX_LENGTH = 3_000
OUTCOME_MAX_LENGTH = 5_000
QUESTION_MAX_LENGTH = 500
OPTION_MAX_LENGTH = 300
FREE_TEXT_MAX_LENGTH = 3_000
HIDDEN_REASON_MAX_LENGTH = 500

CLOSES_BEFORE_OPENING = "A consultation must close after it opens."
CITY_WIDE_WITH_WARDS = "A city-wide consultation covers every ward: leave the wards empty."
MEASURE_ASKED_TWICE = "Another question of this consultation already asks that survey question."

CONSULTATION_PERMISSIONS = {
    "view": engagement_rules.can_view_consultation,
    "add": engagement_rules.can_run_consultation,
    "change": engagement_rules.can_run_consultation,
    "delete": engagement_rules.can_run_consultation,
    "answer": engagement_rules.can_answer_consultation,
    "read_free_text": engagement_rules.can_read_free_text,
}


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    OUTCOME_PUBLISHED = "outcome", "Outcome published"


# Once closed, a consultation's results are public (engagement.selectors.results): from then on a
# response is part of published figures, and is no longer withdrawn, only anonymised.
RESULTS_PUBLIC = (ConsultationStatus.CLOSED, ConsultationStatus.OUTCOME_PUBLISHED)


class Consultation(RulesModel):
    """A question put to residents of one ward, several, or the whole city, open between two
    moments. It may consult on a Ward Plan (a draft "in consultation"). After it closes, those who
    ran it publish its outcome: "We asked, you said, we did", with the priorities and actions of
    the plan that came from it."""

    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    summary = BoundedTextField(max_length=SUMMARY_MAX_LENGTH, help_text="What is asked and why, in plain words.")
    wards = models.ManyToManyField(Ward, related_name="consultations", blank=True)
    city_wide = models.BooleanField(default=False, help_text="Covers every ward (then leave the wards empty).")
    plan = models.ForeignKey(
        WardPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="consultations",
        help_text="The Ward Plan it consults on, if any.",
    )
    opens_at = models.DateTimeField(validators=[EVENTS])
    closes_at = models.DateTimeField(validators=[EVENTS])
    status = models.CharField(max_length=8, choices=ConsultationStatus.choices, default=ConsultationStatus.DRAFT,
                              db_index=True)
    # The outcome: "We asked, you said, we did".
    we_asked = BoundedTextField(blank=True, max_length=OUTCOME_MAX_LENGTH)
    you_said = BoundedTextField(blank=True, max_length=OUTCOME_MAX_LENGTH)
    we_did = BoundedTextField(blank=True, max_length=OUTCOME_MAX_LENGTH)
    outcome_priorities = models.ManyToManyField(Priority, blank=True, related_name="from_consultations")
    outcome_published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, help_text="Raised by every change; refuses stale edits.")
    opening_announced_at = models.DateTimeField(
        null=True, blank=True, editable=False,
        help_text="When the residents who asked were told it opened (once, when it starts taking answers).")
    is_demo = models.BooleanField("demonstration data", default=False)
    history = HistoricalRecords(m2m_fields=[wards, outcome_priorities])

    class Meta:
        ordering = ["-opens_at", "title"]
        permissions = [("run_consultations", "Run consultations in any ward (engagement officer)")]
        rules_permissions = CONSULTATION_PERMISSIONS
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")),
                                   name="consultation_closes_after_it_opens"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": CLOSES_BEFORE_OPENING})

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("engagement:consultation", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.status != ConsultationStatus.DRAFT

    @property
    def results_are_public(self) -> bool:
        return self.status in RESULTS_PUBLIC

    @property
    def is_open(self) -> bool:
        """Taking answers: open, and now between its opening and closing times (the scheduled job
        may not have closed it yet)."""
        now = timezone.now()
        return self.status == ConsultationStatus.OPEN and self.opens_at <= now < self.closes_at


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"
    SCALE = "scale", "Agree or disagree"
    RANKING = "ranking", "Ranking"
    TEXT = "text", "Free text"


# The agree/disagree scale every SCALE question offers, in this order.
SCALE_OPTIONS = ("Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree")
# The points of the scale that count as agreeing.
AGREE_OPTIONS = SCALE_OPTIONS[:2]


class QuestionMeasure(models.TextChoices):
    """A national survey question a consultation's scale question asks in the same words, so its
    answers can stand beside the national figure (localism.reports.measures)."""

    NONE = "", "None"
    CLS_INFLUENCE = "cls_influence", (
        "Community Life Survey: \u201cI can influence decisions affecting my local area\u201d")


class Question(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=QUESTION_MAX_LENGTH)
    hint = models.CharField(max_length=QUESTION_MAX_LENGTH, blank=True)
    kind = models.CharField(max_length=8, choices=QuestionKind.choices)
    required = models.BooleanField(default=True)
    measure = models.CharField(
        max_length=16, choices=QuestionMeasure.choices, blank=True, default=QuestionMeasure.NONE,
        help_text="The national survey question it asks in the same words, if any (agree or disagree questions "
                  "only).")
    history = HistoricalRecords()

    class Meta:
        ordering = ["consultation", "position"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "position"], name="question_position_unique"),
            # One question of a consultation per measure: its respondents are counted once.
            models.UniqueConstraint(fields=["consultation", "measure"], condition=~Q(measure=""),
                                    name="question_measure_once_per_consultation",
                                    violation_error_message=MEASURE_ASKED_TWICE),
        ]

    def __str__(self):
        return self.text


class Option(models.Model):
    """A choice of a single-choice, multiple-choice, ranking or scale question (scale questions get
    the five SCALE_OPTIONS). A ranking of a plan's priorities names the priority of each option."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=OPTION_MAX_LENGTH)
    priority = models.ForeignKey(Priority, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["question", "position"]
        constraints = [models.UniqueConstraint(fields=["question", "position"], name="option_position_unique")]

    def __str__(self):
        return self.label


class ResponseReview(models.TextChoices):
    NONE = "", "Not flagged"
    SUSPECTED_DUPLICATE = "duplicate", "Suspected duplicate"
    KEPT = "kept", "Checked and kept"
    EXCLUDED = "excluded", "Checked and excluded from the results"


class Response(models.Model):
    """One resident's answers to a consultation. With an account, one per consultation; without,
    rate-limited, and a response with the same answers and postcode from the same browser shortly
    after another is flagged for officers (never silently kept or dropped)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="consultation_responses")
    # Personal data, removed a set period after the consultation closes: the postcode and the key
    # of the browser's cookie. The ward stays (results by ward need it).
    postcode = models.CharField(max_length=8, blank=True)
    postcode_approximate = models.BooleanField(
        default=False, help_text="The postcode's stand-in location may put it in the wrong ward.")
    ward = models.ForeignKey(Ward, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    browser_key = models.CharField(max_length=64, blank=True, help_text="A hash of the browser's cookie.")
    answers_digest = models.CharField(max_length=64, blank=True, db_index=True,
                                      help_text="A hash of the answers, to find duplicates.")
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    review = models.CharField(max_length=9, choices=ResponseReview.choices, blank=True, default=ResponseReview.NONE)
    duplicate_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Who checked a suspected duplicate, and when (kept, or excluded from the results).
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True,
                                         help_text="When its personal data was removed (the retention job).")

    class Meta:
        ordering = ["consultation", "submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "respondent"], condition=Q(respondent__isnull=False),
                                    name="one_response_per_account"),
        ]
        indexes = [models.Index(fields=["consultation", "ward"], name="response_by_ward")]

    def __str__(self):
        return f"Response {self.pk} to {self.consultation_id}"


class Answer(models.Model):
    """One answer: the option chosen (single, scale; a multiple choice has one row per option; a
    ranking one row per option with its rank), or the text of a free-text answer, which only
    those who run the consultation read, and may hide with a reason."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, null=True, blank=True, related_name="answers")
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    text = BoundedTextField(blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    hidden_reason = models.CharField(max_length=HIDDEN_REASON_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["response", "question", "rank", "pk"]
        indexes = [models.Index(fields=["question", "option"], name="answer_by_option")]

    def __str__(self):
        return f"Answer to {self.question_id}"


PREFER_NOT_TO_SAY = "prefer_not"


def _with_prefer_not(choices):
    return [*choices, (PREFER_NOT_TO_SAY, "Prefer not to say")]


# "About you": the Census 2021 categories the ward profiles use, with our short codes
# (wards.services.profiles.TABLES), and "Prefer not to say". Empty: not answered.
AGE_BANDS = _with_prefer_not([("0_15", "15 or under"), ("16_24", "16 to 24"), ("25_34", "25 to 34"),
                              ("35_49", "35 to 49"), ("50_64", "50 to 64"), ("65_plus", "65 or over")])
ETHNIC_GROUPS = _with_prefer_not([
    ("asian", "Asian, Asian British or Asian Welsh"),
    ("black", "Black, Black British, Black Welsh, Caribbean or African"),
    ("mixed", "Mixed or multiple ethnic groups"), ("white", "White"), ("other", "Another ethnic group"),
])
TENURES = _with_prefer_not([
    ("owned_outright", "Own outright"), ("owned_mortgage", "Own with a mortgage or loan"),
    ("shared_ownership", "Shared ownership"), ("social_rented_council", "Rent from the council"),
    ("social_rented_other", "Rent from a housing association or other social landlord"),
    ("private_rented_landlord", "Rent from a private landlord or letting agency"),
    ("private_rented_other", "Rent privately in another way"), ("rent_free", "Live rent free"),
])
DISABILITY = _with_prefer_not([
    ("disabled", "Yes: a long-term condition or illness limits my day-to-day activities"),
    ("not_disabled", "No"),
])


class AboutYou(models.Model):
    """The optional "About you" of a response, to compare who answered with who lives in the ward
    (Census 2021). Personal data: never shown publicly or through the API, and removed a set period
    after the consultation closes; only suppressed aggregates are published."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="about_you")
    age_band = models.CharField(max_length=10, choices=AGE_BANDS, blank=True)
    ethnic_group = models.CharField(max_length=10, choices=ETHNIC_GROUPS, blank=True)
    tenure = models.CharField(max_length=24, choices=TENURES, blank=True)
    disability = models.CharField(max_length=12, choices=DISABILITY, blank=True)

    class Meta:
        verbose_name = "about you"
        verbose_name_plural = "about you"

    def __str__(self):
        return f"About the respondent of response {self.response_id}"
