"""Engagement pages: residents' ideas, and the outcomes of consultations (see urls.py)."""

from django.urls import path

from .views import ideas, outcomes

urlpatterns = [
    path("ideas/", ideas.idea_list, name="ideas"),
    path("ideas/new/", ideas.idea_new, name="idea-new"),
    path("ideas/<int:pk>/", ideas.idea_detail, name="idea"),
    path("ideas/<int:pk>/support/", ideas.idea_support, name="idea-support"),
    path("ideas/<int:pk>/respond/", ideas.idea_respond, name="idea-respond"),
    path("ideas/<int:pk>/hide/", ideas.idea_hide, name="idea-hide"),
    path("consultations/<int:pk>/outcome/", outcomes.outcome_detail, name="outcome"),
    path("consultations/<int:pk>/outcome/edit/", outcomes.outcome_edit, name="outcome-edit"),
]
