from django.urls import path

from . import views_runs as views

app_name = "report-runs"
urlpatterns = [
    path("", views.report_runs, name="list"),
    path("<int:pk>/", views.report_run, name="detail"),
    path("<int:pk>/<str:name>", views.report_file, name="file"),
    path("history/<slug:kind>/<slug:figure>/", views.figure_history, name="history"),
]
