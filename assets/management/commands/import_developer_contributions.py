from pathlib import Path

from django.core.management.base import BaseCommand

from assets.services.contributions_import import ContributionImportError, contributions_import
from localism.core.commands import file_bytes, nothing_loaded, say_report


class Command(BaseCommand):
    help = (
        "Import developer contributions from the three CSV files of planning.data.gov.uk's developer-contributions "
        "datapackage (developer-agreement, developer-agreement-contribution, developer-agreement-transaction). "
        "The set is taken whole or not at all; references already recorded are left as they are. Without "
        "--commit it only checks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agreements", type=Path, required=True)
        parser.add_argument("--contributions", type=Path, required=True)
        parser.add_argument("--transactions", type=Path, required=True)
        parser.add_argument("--commit", action="store_true", help="Write the changes.")

    def handle(self, *args, agreements: Path, contributions: Path, transactions: Path, commit=False, **options):
        files = {key: (path.name, file_bytes(path)) for key, path in (
            ("agreements", agreements), ("contributions", contributions), ("transactions", transactions))}
        try:
            report = contributions_import(commit=commit, **files)
        except ContributionImportError as e:
            raise nothing_loaded(e.problems) from e
        say_report(self, report.lines(), commit=commit, changed=report.changed,
                   loaded="Developer contributions loaded.")
