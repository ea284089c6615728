from django.core.management.base import BaseCommand, CommandError

from localism.accounts.models import User
from localism.core.errors import ServiceError

from ...demo_contracts import contracts_demo_create


class Command(BaseCommand):
    help = ("Create demonstration service contracts in the demo wards (street cleansing, youth services, a "
            "leisure centre operator, one city-wide), each with a specification and a review, and one renewal "
            "window open for the demo councillor's wards (needs demo_accounts, demo_wards). Safe to run again.")

    def handle(self, *args, **options):
        if not User.objects.filter(username="admin").exists():
            raise CommandError("Run demo_accounts first: the demonstration is made by its admin.")
        try:
            report = contracts_demo_create()
        except ServiceError as error:
            raise CommandError(f"The demonstration could not be made: {error}") from error
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demonstration contracts ready."))
