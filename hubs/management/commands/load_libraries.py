"""Load Birmingham's open libraries as hubs, from the copy of the public library data shipped in
hubs/data (see hubs/data/SOURCES.md). The reading is hubs.library_file's, the loading
hubs.services.libraries': this command only reports.

The import takes the whole file or none of it. Running it again changes nothing. Without
--commit everything is done and rolled back, so the report says what would change.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hubs.library_file import LIBRARIES_CSV, LIBRARY_WARDS_CSV, LibraryFileError
from hubs.services.libraries import libraries_import
from localism.core.commands import say_report


class Command(BaseCommand):
    help = (
        "Load Birmingham's open libraries from hubs/data as hubs, with their opening hours. "
        "Idempotent, and all or nothing. Without --commit it only reports what it would change."
    )

    def add_arguments(self, parser):
        parser.add_argument("--commit", action="store_true", help="Write the changes.")
        parser.add_argument("--file", type=Path, default=LIBRARIES_CSV,
                            help="The libraries file (Public Libraries in England schema).")
        parser.add_argument("--wards-file", type=Path, default=LIBRARY_WARDS_CSV,
                            help="The libraries' coordinates and wards, by name and postcode.")

    def handle(self, *args, commit=False, file=LIBRARIES_CSV, wards_file=LIBRARY_WARDS_CSV, **options):
        try:
            result = libraries_import(path=file, wards_path=wards_file, commit=commit)
        except FileNotFoundError as error:
            raise CommandError(f"Cannot read {error.filename}.") from error
        except LibraryFileError as error:
            raise CommandError(
                "\n".join([*error.problems, "Nothing was loaded: correct the file and run it again."])) from None
        lines = [*result.report.lines()]
        if result.closed:
            lines.append(f"Closed libraries left out: {len(result.closed)}.")
        notes = (["Library hubs no longer open in the file, left as they are: " + ", ".join(result.not_in_file)]
                 if result.not_in_file else [])
        say_report(self, lines, commit=commit, changed=result.report.changed, loaded="Libraries loaded.",
                   notes=notes)
