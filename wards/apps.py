from django.apps import AppConfig


class WardsConfig(AppConfig):
    name = "wards"
    verbose_name = "Wards"

    def ready(self):
        from localism.accounts.signals import account_deleting

        from .services import notices
        from .services.retention import _release_account, retention_declare

        notices.declare()
        retention_declare()

        # A closed account about to be deleted lets go of its seats and championships first.
        account_deleting.connect(_release_account, dispatch_uid="wards-release-account")
