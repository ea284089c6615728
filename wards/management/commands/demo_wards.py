"""Give the demonstration councillor seats in two neighbouring wards."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from localism.accounts.models import User
from wards.models import Ward
from wards.services import councillor_seat_ensure

DEMO_SEAT_WARDS = ["E05011170", "E05011122"]  # Sparkbrook & Balsall Heath East, Balsall Heath West
# How residents would contact the demonstration councillor: invented, on a reserved domain.
DEMO_CONTACT = dict(
    email="chris.councillor@example.org",
    surgery_details="Demonstration: first Saturday of the month, 10am to noon, at the ward's library. "
                    "No appointment needed.",
)


class Command(BaseCommand):
    help = "Seat the demo councillor (from demo_accounts) in two wards, marked as demonstration data."

    def handle(self, *args, **options):
        councillor = User.objects.filter(username="councillor").first()
        if councillor is None:
            raise CommandError("Run demo_accounts first: there is no 'councillor' user.")
        for code in DEMO_SEAT_WARDS:
            ward = Ward.objects.current().get(gss_code=code)
            councillor_seat_ensure(
                councillor=councillor, ward=ward, party="Demonstration party",
                term_start=datetime.date(2022, 5, 5), is_demo=True, **DEMO_CONTACT,
            )
            self.stdout.write(f"  councillor holds a seat in {ward.name}")
