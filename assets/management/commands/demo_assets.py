from django.core.management.base import BaseCommand, CommandError

from localism.accounts.models import Organisation, User
from localism.core.errors import ServiceError

from ...demo import TRANSFER_ORGANISATION, assets_demo_create


class Command(BaseCommand):
    help = ("Create demonstration council assets in the demo wards, one listed asset of community value in "
            "its interim moratorium, one community asset transfer at the business case stage and one use "
            "proposed from the Sparkbrook and Balsall Heath draft plan (needs demo_accounts, demo_wards, "
            "demo_plans). Safe to run again.")

    def handle(self, *args, **options):
        if not User.objects.filter(username="admin").exists():
            raise CommandError("Run demo_accounts first: the demonstration is made by its admin.")
        if not Organisation.objects.filter(name=TRANSFER_ORGANISATION).exists():
            raise CommandError("Run demo_plans first: the transfer is asked for by one of its organisations.")
        try:
            report = assets_demo_create()
        except ServiceError as error:
            raise CommandError(f"The demonstration could not be made: {error}") from error
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demonstration assets ready."))
