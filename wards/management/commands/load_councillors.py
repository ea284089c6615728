import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from localism.core.commands import nothing_loaded, say_report
from wards.services import WardImportError, councillors_import


class Command(BaseCommand):
    help = (
        "Load councillors' seats and their public contact details from a CSV file (columns in "
        "docs/data.md). A file is taken whole or not at all. Idempotent. Without --commit it only "
        "reports what it would change."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The CSV file.")
        parser.add_argument("--commit", action="store_true", help="Write the changes.")
        parser.add_argument(
            "--end-missing", type=datetime.date.fromisoformat, metavar="DAY",
            help="End the terms of current seats that are not in the file on DAY (YYYY-MM-DD); "
                 "without it they are listed and left as they are.",
        )

    def handle(self, *args, file, commit=False, end_missing=None, **options):
        if not file.is_file():
            raise CommandError(f"There is no file {file}.")
        try:
            report = councillors_import(path=file, commit=commit, end_missing=end_missing)
        except WardImportError as e:
            raise nothing_loaded(e.problems) from e
        say_report(self, report.lines(), commit=commit, changed=report.changed, loaded="Councillors loaded.")
