from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "localism.reports"
    label = "reports"
    verbose_name = "Reports and open data"

    def ready(self):
        from localism.core import events

        from . import notifications, runs

        # Every event any app publishes becomes its recipients' notifications.
        events.subscribe(notifications.record)
        events.declare(runs.FAILED, "A scheduled report failed", audience="admins")
