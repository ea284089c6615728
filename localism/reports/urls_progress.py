from django.urls import path

from . import views_progress as views

app_name = "progress"
urlpatterns = [
    path("", views.city, name="city"),
    path("<slug:slug>/", views.ward, name="ward"),
]
