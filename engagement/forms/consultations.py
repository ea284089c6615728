"""Forms for consultations: set one up or change it, its questions, the public list's filters, the
response (postcode, the questions, "About you") and the check of a suspected duplicate."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from localism.accounts.rules import is_admin
from localism.core.dates import EVENTS, as_typed, local_moment
from localism.core.forms import (
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    ServiceForm,
    VersionedForm,
    date_field,
    text_field,
)
from wards.models import Ward, WardPlan
from wards.rules import wards_with_seat

from ..models import Consultation, ConsultationStatus, Question, QuestionKind, QuestionMeasure
from ..models.consultations import AGE_BANDS, DISABILITY, ETHNIC_GROUPS, FREE_TEXT_MAX_LENGTH, TENURES
from ..rules import is_engagement_officer
from ..services.responses import Submission, question_field

OPENS_TIME_MISSING = "Enter the time it opens, like 09:00"
CLOSES_TIME_MISSING = "Enter the time it closes, like 23:59"
POSTCODE_LABEL = "Your postcode"
STATUS_FILTERS = [("", "Any"), (ConsultationStatus.OPEN, "Open"), (ConsultationStatus.CLOSED, "Closed"),
                  (ConsultationStatus.OUTCOME_PUBLISHED, "Outcome published")]


def _moment_fields(prefix: str, what: str):
    return (date_field(f"Date it {what}", missing=f"Enter the date it {what}"),
            forms.CharField(label=f"Time it {what}", max_length=10,
                            error_messages={"required": f"Enter the time it {what}, like 09:00"}))


class ConsultationForm(VersionedForm):
    """A consultation's details. A councillor is offered the wards where they hold a seat; only
    engagement officers and admins see the city-wide choice."""

    title = text_field(Consultation, "title", label="Title", error_messages={"required": "Enter the title"})
    summary = text_field(Consultation, "summary", label="Summary", textarea=True,
                         error_messages={"required": "Enter a summary: what is asked and why"})
    city_wide = forms.BooleanField(label="City-wide: it asks every ward", required=False)
    wards = BoundedModelMultipleChoiceField(queryset=Ward.objects.none(), required=False, label="Wards")
    plan = BoundedModelChoiceField(queryset=WardPlan.objects.none(), required=False, label="Ward Plan (optional)",
                                   empty_label="No Ward Plan")
    opens_on, opens_time = _moment_fields("opens", "opens")
    closes_on, closes_time = _moment_fields("closes", "closes")

    service_fields = {"opens_at": "opens_on", "closes_at": "closes_on"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        wards = Ward.objects.current().without_geometry().order_by("name")
        self.runs_any = is_admin.test(user) or is_engagement_officer.test(user)
        if not self.runs_any:
            wards = wards_with_seat(user, wards)
            del self.fields["city_wide"]
        self.fields["wards"].queryset = wards
        self.fields["plan"].queryset = WardPlan.objects.exclude(status="archived").order_by("title")
        if not kwargs.get("initial", {}).get("version"):
            del self.fields["version"]

    @classmethod
    def initial_for(cls, consultation: Consultation) -> dict:
        opens, closes = timezone.localtime(consultation.opens_at), timezone.localtime(consultation.closes_at)
        return {"title": consultation.title, "summary": consultation.summary, "city_wide": consultation.city_wide,
                "wards": [w.pk for w in consultation.wards.all()], "plan": consultation.plan_id,
                "opens_on": as_typed(opens.date()), "opens_time": f"{opens:%H:%M}",
                "closes_on": as_typed(closes.date()), "closes_time": f"{closes:%H:%M}",
                "version": consultation.version}

    def clean(self):
        cleaned = super().clean()
        for day, time, key in (("opens_on", "opens_time", "opens_at"), ("closes_on", "closes_time", "closes_at")):
            when, at = cleaned.get(day), self.typed_time(time)
            if when and at:
                try:
                    cleaned[key] = local_moment(when, at)
                    EVENTS(cleaned[key])
                except ValidationError as error:
                    self.add_error(day, error)
        if cleaned.get("opens_at") and cleaned.get("closes_at") and cleaned["closes_at"] <= cleaned["opens_at"]:
            self.add_error("closes_on", "The consultation must close after it opens")
        return cleaned

    def details(self) -> dict:
        data = self.cleaned_data
        return {"title": data["title"], "summary": data["summary"], "wards": list(data["wards"]),
                "city_wide": data.get("city_wide", False), "plan": data["plan"],
                "opens_at": data["opens_at"], "closes_at": data["closes_at"]}


class QuestionForm(ServiceForm):
    text = text_field(Question, "text", label="Question", error_messages={"required": "Enter the question"})
    hint = text_field(Question, "hint", label="Hint (optional)", required=False)
    kind = forms.ChoiceField(label="Kind of answer", choices=QuestionKind.choices,
                             error_messages={"required": "Choose the kind of answer"})
    required = forms.BooleanField(label="An answer is required", required=False, initial=True)
    options = forms.CharField(label="Options, one to a line", required=False, widget=forms.Textarea,
                              max_length=10_000)
    options_from_plan = forms.BooleanField(label="Rank the priorities of the Ward Plan", required=False)
    measure = forms.ChoiceField(label="Does it ask a national survey's question?", choices=QuestionMeasure.choices,
                                required=False)

    @classmethod
    def initial_for(cls, question: Question) -> dict:
        from_plan = any(o.priority_id for o in question.options.all())
        return {"text": question.text, "hint": question.hint, "kind": question.kind, "required": question.required,
                "measure": question.measure,
                "options": "" if question.kind == QuestionKind.SCALE or from_plan
                else "\n".join(o.label for o in question.options.all()),
                "options_from_plan": from_plan}

    def question_fields(self) -> dict:
        data = self.cleaned_data
        return {"text": data["text"], "hint": data["hint"], "kind": data["kind"], "required": data["required"],
                "options": data["options"].splitlines(), "options_from_plan": data["options_from_plan"],
                "measure": data.get("measure") or ""}


class ConsultationFilterForm(forms.Form):
    """The public list's filters: a ward, a status, or a postcode (its ward)."""

    ward = BoundedModelChoiceField(queryset=Ward.objects.none(), required=False, to_field_name="slug",
                                  label="Ward", empty_label="Any ward")
    status = forms.ChoiceField(choices=STATUS_FILTERS, required=False, label="Status")
    postcode = forms.CharField(required=False, max_length=10, label="Or your postcode")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = Ward.objects.current().without_geometry().order_by("name")


class ResponseForm(ServiceForm):
    """A response: the postcode, a field per question (named q<id>: radios, checkboxes, a select
    of ranks per option, or a textarea), and the optional "About you"."""

    # Not required here: the service says a postcode is missing with every other error at once.
    postcode = forms.CharField(label=POSTCODE_LABEL, max_length=10, required=False)
    age_band = forms.ChoiceField(label="Your age", choices=AGE_BANDS, required=False)
    ethnic_group = forms.ChoiceField(label="Your ethnic group", choices=ETHNIC_GROUPS, required=False)
    tenure = forms.ChoiceField(label="Your home", choices=TENURES, required=False)
    disability = forms.ChoiceField(label="Are your day-to-day activities limited by a health problem or disability "
                                         "that has lasted, or is expected to last, 12 months or more?",
                                   choices=DISABILITY, required=False)

    ABOUT = ("age_band", "ethnic_group", "tenure", "disability")

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.questions = list(consultation.questions.all())
        self.rankings: dict[int, list[tuple[str, object]]] = {}
        about = {name: self.fields.pop(name) for name in self.ABOUT}
        for question in self.questions:
            self._add_question(question)
        self.fields.update(about)

    def _add_question(self, question: Question) -> None:
        name = question_field(question)
        options = [(str(o.pk), o.label) for o in question.options.all()]
        label, hint = question.text, question.hint
        if question.kind in (QuestionKind.SINGLE, QuestionKind.SCALE):
            field = forms.ChoiceField(choices=options, required=False, label=label)
        elif question.kind == QuestionKind.MULTIPLE:
            field = forms.MultipleChoiceField(choices=options, required=False, label=label,
                                              widget=forms.CheckboxSelectMultiple)
        elif question.kind == QuestionKind.RANKING:
            ranks = [("", "Choose a rank")] + [(str(i), str(i)) for i in range(1, len(options) + 1)]
            subfields = []
            for pk, option_label in options:
                sub = f"{name}_o{pk}"
                self.fields[sub] = forms.ChoiceField(choices=ranks, required=False, label=option_label)
                subfields.append((pk, sub))
            self.rankings[question.pk] = subfields
            # The question's own field carries its error (the error summary links to the first select).
            field = forms.CharField(required=False, label=label, widget=forms.HiddenInput)
        else:
            field = forms.CharField(required=False, label=label, max_length=FREE_TEXT_MAX_LENGTH,
                                    widget=forms.Textarea,
                                    error_messages={"max_length": f"Your answer must be {FREE_TEXT_MAX_LENGTH:,} "
                                                                  "characters or fewer"})
        field.question = question
        field.hint = hint
        self.fields[name] = field

    def question_rows(self) -> list[dict]:
        """What the template shows for each question: its kind, its field and, for a ranking, the
        select of each option."""
        rows = []
        for question in self.questions:
            bound = self[question_field(question)]
            rows.append({"question": question, "field": bound, "kind": question.kind,
                         "ranks": [self[sub] for _, sub in self.rankings.get(question.pk, [])]})
        return rows

    def about_fields(self) -> list:
        return [self[name] for name in self.ABOUT]

    def submission(self) -> Submission:
        data = self.cleaned_data
        answers = {}
        for question in self.questions:
            name = question_field(question)
            if question.kind == QuestionKind.RANKING:
                answers[question.pk] = {pk: data.get(sub) for pk, sub in self.rankings[question.pk]}
            else:
                answers[question.pk] = data.get(name)
        return Submission(postcode=data["postcode"], answers=answers,
                          about={name: data.get(name, "") for name in self.ABOUT})


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("keep", "Keep it"), ("exclude", "Exclude it from the results")],
                                 error_messages={"required": "Choose whether to keep it or exclude it"})
