"""Engagement pages: results (see urls.py)."""

from django.urls import path

from .views import results as views

urlpatterns = [
    path("consultations/<int:pk>/results/", views.consultation_results, name="results"),
    path("consultations/<int:pk>/results/free-text/", views.free_text, name="free-text"),
    path("consultations/<int:pk>/results/free-text/<int:answer_pk>/hide/", views.answer_hide_view,
         name="answer-hide"),
    path("consultations/<int:pk>/results/responses.csv", views.responses_csv, name="responses-csv"),
]
