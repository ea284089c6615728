from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.open_data, name="open-data"),
    path("<int:pk>/<str:filename>", views.download, name="download"),
    path("reports/<int:pk>/<str:name>", views.report_run_file, name="run-file"),
]
