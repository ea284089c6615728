"""Consultations in Django admin: a consultation with its questions inline, and the responses,
read-only (answers as given), with a filter for those flagged as suspected duplicates."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models import Answer, Consultation, Question, Response
from ..services.consultations import question_measure_check


class QuestionAdminForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["position", "text", "hint", "kind", "required", "measure"]

    def clean(self):
        data = super().clean()
        question_measure_check(kind=data.get("kind"), measure=data.get("measure"))  # its Invalid shows on the form
        return data


class QuestionInline(admin.TabularInline):
    model = Question
    form = QuestionAdminForm
    extra = 0
    fields = ["position", "text", "hint", "kind", "required", "measure"]
    ordering = ["position"]


@admin.register(Consultation)
class ConsultationAdmin(SimpleHistoryAdmin):
    list_display = ["title", "status", "city_wide", "opens_at", "closes_at"]
    list_filter = ["status", "city_wide"]
    search_fields = ["title"]
    filter_horizontal = ["wards"]
    raw_id_fields = ["plan", "created_by"]
    exclude = ["outcome_priorities"]
    readonly_fields = ["version", "created_at"]
    inlines = [QuestionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("plan")


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    can_delete = False
    fields = ["question", "option", "rank", "text", "hidden_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question", "option")


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["pk", "consultation", "ward", "submitted_at", "review", "duplicate_of"]
    list_filter = ["review", "postcode_approximate"]
    list_select_related = ["consultation", "ward", "duplicate_of"]
    readonly_fields = ["consultation", "respondent", "postcode", "postcode_approximate", "ward", "browser_key",
                       "answers_digest", "submitted_at", "duplicate_of", "anonymised_at", "reviewed_by",
                       "reviewed_at"]
    fields = [*readonly_fields, "review"]
    inlines = [AnswerInline]

    def has_add_permission(self, request):
        return False
