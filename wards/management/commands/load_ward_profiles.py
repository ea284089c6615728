from pathlib import Path

from django.core.management.base import BaseCommand

from localism.core.commands import nothing_loaded, say_report
from wards.services import ProfileImportError, ward_profiles_import
from wards.services.geography import DATA_DIR
from wards.services.profiles import FILES


class Command(BaseCommand):
    help = (
        "Load the ward profiles: Census 2021 age, ethnic group, tenure and disability, the IMD 2019 "
        "summary and the small areas (LSOAs) behind them, from wards/data or the folder given. "
        "The files are taken whole or not at all; loading them again changes nothing. Without "
        "--commit it only reports what it would change."
    )

    def add_arguments(self, parser):
        parser.add_argument("--commit", action="store_true", help="Write the changes.")
        parser.add_argument(
            "--directory", type=Path, default=DATA_DIR,
            help="A folder holding the files, in the shipped files' names and columns: " + ", ".join(FILES),
        )

    def handle(self, *args, commit=False, directory=DATA_DIR, **options):
        try:
            report = ward_profiles_import(directory=directory, commit=commit)
        except ProfileImportError as e:
            raise nothing_loaded(e.problems) from e
        say_report(self, report.lines(), commit=commit, changed=report.changed, loaded="Ward profiles loaded.")
