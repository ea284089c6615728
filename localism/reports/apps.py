from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "localism.reports"
    label = "reports"
    verbose_name = "Reports and open data"

    def ready(self):
        from localism.core import events, retention

        from . import notifications, runs
        from .retention import retention_record

        # Every event any app publishes becomes its recipients' notifications.
        events.subscribe(notifications.record)
        # Every run of a retention job is kept, with what it removed.
        retention.subscribe(retention_record)
        events.declare(runs.FAILED, "A scheduled report failed", audience="admins")
