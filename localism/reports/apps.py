from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "localism.reports"
    label = "reports"
    verbose_name = "Reports and open data"
