from django.core.management.base import BaseCommand, CommandError

from localism.accounts.models import User
from localism.core.errors import ServiceError

from ...demo import engagement_demo_create


class Command(BaseCommand):
    help = ("Create demonstration consultations (one open on the Sparkbrook and Balsall Heath draft plan, one "
            "closed in Shard End with its outcome), a few hundred responses and residents' ideas in three wards "
            "(needs demo_accounts and demo_plans). Safe to run again.")

    def handle(self, *args, **options):
        if not User.objects.filter(username="admin").exists():
            raise CommandError("Run demo_accounts first: the demonstration is made by its admin.")
        try:
            report = engagement_demo_create()
        except ServiceError as error:
            raise CommandError(f"The demonstration could not be made: {error}") from error
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demonstration engagement ready."))
