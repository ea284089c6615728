"""Engagement pages: consultations (see urls.py)."""

from django.urls import path

from .views import consultations as views

urlpatterns = [
    path("consultations/", views.consultation_list, name="consultations"),
    path("consultations/yours/", views.consultations_yours, name="consultations-yours"),
    path("consultations/new/", views.consultation_new, name="consultation-new"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation"),
    path("consultations/<int:pk>/respond/", views.consultation_respond, name="consultation-respond"),
    path("consultations/<int:pk>/respond/done/", views.consultation_responded, name="consultation-responded"),
    path("consultations/<int:pk>/edit/", views.consultation_edit, name="consultation-edit"),
    path("consultations/<int:pk>/questions/", views.consultation_questions, name="consultation-questions"),
    path("consultations/<int:pk>/questions/<int:question_pk>/edit/", views.question_edit, name="question-edit"),
    path("consultations/<int:pk>/questions/<int:question_pk>/delete/", views.question_delete,
         name="question-delete"),
    path("consultations/<int:pk>/questions/<int:question_pk>/move/", views.question_move, name="question-move"),
    path("consultations/<int:pk>/open/", views.consultation_open, name="consultation-open"),
    path("consultations/<int:pk>/close/", views.consultation_close, name="consultation-close"),
    path("consultations/<int:pk>/duplicates/", views.consultation_duplicates, name="consultation-duplicates"),
    path("consultations/<int:pk>/responses/<int:response_pk>/review/", views.response_review,
         name="response-review"),
]
