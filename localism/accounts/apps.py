from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "localism.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the deploy checks)
            services,
        )

        services.retention_declare()
