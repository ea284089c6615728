from django.core.management.base import BaseCommand, CommandError

from localism.accounts.models import User
from localism.core.errors import ServiceError

from ...demo_contributions import contributions_demo_create


class Command(BaseCommand):
    help = ("Create demonstration developer contributions (Section 106 and CIL) in the demo wards, one Section "
            "106 contribution within 6 months of its spend-by date, and neighbourhood CIL in Sparkbrook & Balsall "
            "Heath East for the demo councillor to allocate (needs demo_accounts, demo_wards, demo_plans). Safe "
            "to run again.")

    def handle(self, *args, **options):
        if not User.objects.filter(username="admin").exists():
            raise CommandError("Run demo_accounts first: the demonstration is made by its admin.")
        try:
            report = contributions_demo_create()
        except ServiceError as error:
            raise CommandError(f"The demonstration could not be made: {error}") from error
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demonstration developer contributions ready."))
