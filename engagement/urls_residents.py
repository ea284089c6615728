"""Engagement pages: residents' own accounts (see urls.py)."""

from django.urls import path

from .views import residents as views

urlpatterns = [
    path("residents/register/", views.register, name="resident-register"),
    path("residents/register/check-your-email/", views.registered, name="resident-registered"),
    path("residents/confirm/<str:token>/", views.confirm, name="resident-confirm"),
    path("residents/confirm-again/", views.confirm_again, name="resident-confirm-again"),
    path("residents/you/", views.you, name="resident-you"),
    path("residents/you/details/", views.details, name="resident-details"),
    path("residents/you/responses/<int:pk>/withdraw/", views.response_withdraw, name="resident-response-withdraw"),
    path("residents/you/ideas/<int:pk>/withdraw/", views.idea_withdraw, name="resident-idea-withdraw"),
    path("residents/you/delete/", views.delete_account, name="resident-delete"),
    path("residents/deleted/", views.deleted, name="resident-deleted"),
]
