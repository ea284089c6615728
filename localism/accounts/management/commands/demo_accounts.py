"""Create the demonstration accounts a new installation signs in with."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from localism.accounts import services
from localism.accounts.models import Organisation, User

# Known passwords are acceptable only on a local demonstration site.
DEMO_ACCOUNTS = [
    dict(username="admin", password="localism-admin", role=User.Role.ADMIN,
         first_name="Ada", last_name="Admin", org=None, job_title="Service administrator"),
    dict(username="councillor", password="localism-councillor", role=User.Role.COUNCILLOR,
         first_name="Chris", last_name="Councillor", org=None, job_title="Ward councillor"),
    dict(username="officer", password="localism-officer", role=User.Role.OFFICER,
         first_name="Olu", last_name="Officer", org="council", job_title="Hub manager"),
    dict(username="partner", password="localism-partner", role=User.Role.PARTNER,
         first_name="Priya", last_name="Partner", org="nhs", job_title="Partnership lead"),
]
DEMO_ORGANISATIONS = {
    "council": ("Neighbourhoods Directorate (demo)", Organisation.Kind.COUNCIL_DIRECTORATE),
    "nhs": ("Community Health Partnership (demo)", Organisation.Kind.NHS_BODY),
}


class Command(BaseCommand):
    help = "Create or reset the demonstration accounts (admin, councillor, officer, partner)."

    def add_arguments(self, parser):
        parser.add_argument("--allow-production", action="store_true",
                            help="Create the accounts even when DEBUG is off.")

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError("Demo accounts have known passwords: run with DJANGO_DEBUG=true "
                               "or --allow-production.")
        organisations = {
            key: services.organisation_ensure(name=name, kind=kind, is_demo=True)
            for key, (name, kind) in DEMO_ORGANISATIONS.items()
        }
        for account in DEMO_ACCOUNTS:
            org = account.pop("org")
            user = services.user_ensure(organisation=organisations.get(org), **account)
            account["org"] = org
            line = f"  {account['role'].label:<11} {user.username:<11} password {account['password']}"
            if user.role == User.Role.PARTNER:
                line += f"   API token {services.api_token_for(user=user).key}"
            self.stdout.write(line)
