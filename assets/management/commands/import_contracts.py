from pathlib import Path

from django.core.management.base import BaseCommand

from assets.services.contracts_ocds import contracts_import
from localism.core.commands import file_bytes, nothing_loaded, say_report
from localism.core.errors import Invalid


class Command(BaseCommand):
    help = (
        "Import the council's service contracts from an OCDS 1.1 release package (JSON, as Contracts "
        "Finder publishes it; docs/data.md). The file is taken whole or not at all, and every bad release "
        "is named by its index and ocid. A release whose ocid is already held updates that contract. "
        "Without --commit it only checks."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The release package, as JSON.")
        parser.add_argument("--commit", action="store_true", help="Write the changes.")

    def handle(self, *args, file: Path, commit=False, **options):
        data = file_bytes(file)
        try:
            counts = contracts_import(user=None, data=data, commit=commit)
        except Invalid as e:
            problems = e.message_dict.get("file", e.messages) if hasattr(e, "error_dict") else e.messages
            raise nothing_loaded(problems) from e
        lines = [f"Contracts to add: {counts['created']}", f"Contracts to update: {counts['updated']}"]
        say_report(self, lines, commit=commit, changed=bool(counts["created"] or counts["updated"]),
                   loaded="Contracts loaded.")
