from pathlib import Path

from django.core.management.base import BaseCommand

from assets.services import AssetImportError, assets_import
from localism.core.commands import file_bytes, nothing_loaded, say_report


class Command(BaseCommand):
    help = (
        "Import the asset register from a CSV file in the Transparency Code's format (the 2021 "
        "header, with its Organisation columns twice, or the 2023 header). The file is taken whole or "
        "not at all; importing it again changes nothing; an asset missing from the file is listed "
        "for an asset officer to confirm its disposal, not deleted. Without --commit it only "
        "reports what it would change."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The register, as CSV.")
        parser.add_argument("--commit", action="store_true", help="Write the changes.")

    def handle(self, *args, file: Path, commit=False, **options):
        data = file_bytes(file)
        try:
            report = assets_import(user=None, data=data, commit=commit)
        except AssetImportError as e:
            raise nothing_loaded(e.problems) from e
        say_report(self, report.lines(), commit=commit, changed=report.changed, loaded="Asset register loaded.")
