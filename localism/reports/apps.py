from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "localism.reports"
    label = "reports"
    verbose_name = "Reports and open data"

    def ready(self):
        from localism.core import events, retention

        from . import notifications, report_kinds, runs  # noqa: F401  (report_kinds: registers them in order)
        from .report_digest import KIND, KIND_LABEL
        from .retention import retention_record

        # Every event any app publishes becomes its recipients' notifications.
        events.subscribe(notifications.record)
        # Every run of a retention job is kept, with what it removed.
        retention.subscribe(retention_record)
        events.declare(runs.FAILED, "A scheduled report failed", audience="admins")
        events.declare(KIND, KIND_LABEL, audience="ward councillors and ward champions")
