"""Link each hub to the council building it is in: by UPRN, else a library hub to its library
asset by name and postcode (load them first with load_library_assets). The matching is
hubs.services.assets': this command only reports."""

from django.core.management.base import BaseCommand

from hubs.services.assets import hubs_link_to_assets
from localism.core.commands import say_report


class Command(BaseCommand):
    help = (
        "Link each hub not yet in a building to its asset of the register: by UPRN, else a library by "
        "its name and postcode. Hubs already linked are left as they are. Without --commit it only "
        "reports what it would link."
    )

    def add_arguments(self, parser):
        parser.add_argument("--commit", action="store_true", help="Write the links.")

    def handle(self, *args, commit=False, **options):
        report = hubs_link_to_assets(commit=commit)
        say_report(self, report.lines(), commit=commit, changed=report.changed, loaded="Hubs linked.")
