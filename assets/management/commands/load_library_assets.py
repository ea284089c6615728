"""Put Birmingham's open libraries in the asset register, from the public libraries file shipped
in assets/data. The reading and loading are assets.services.libraries': this command only
reports."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assets.services.libraries import LIBRARIES_CSV, LibraryAssetsError, library_assets_load
from localism.core.commands import nothing_loaded, say_report


class Command(BaseCommand):
    help = (
        "Put each open library of the public libraries file (assets/data) in the asset register, as "
        "LIB-<name>, in the ward of its postcode. Idempotent, and all or nothing. Without --commit it "
        "only reports what it would change."
    )

    def add_arguments(self, parser):
        parser.add_argument("--commit", action="store_true", help="Write the changes.")
        parser.add_argument("--file", type=Path, default=LIBRARIES_CSV,
                            help="The libraries file (Public Libraries in England schema).")

    def handle(self, *args, commit=False, file=LIBRARIES_CSV, **options):
        try:
            report = library_assets_load(path=file, commit=commit)
        except FileNotFoundError as error:
            raise CommandError(f"Cannot read {error.filename}.") from error
        except LibraryAssetsError as error:
            raise nothing_loaded(error.problems) from error
        say_report(self, report.lines(), commit=commit, changed=report.changed, loaded="Library assets loaded.")
