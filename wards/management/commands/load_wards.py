import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from localism.core.commands import nothing_loaded, say_report
from wards.services import WardFiles, WardImportError, wards_import, wards_import_2018


class Command(BaseCommand):
    help = (
        "Load Birmingham's 69 wards (2018), their boundaries and 34,742 postcodes from wards/data, "
        "or, with --generation, the wards of a later boundary generation from the files given. "
        "Idempotent; a file is taken whole or not at all. Without --commit it only reports what "
        "it would change."
    )

    def add_arguments(self, parser):
        parser.add_argument("--commit", action="store_true", help="Write the changes.")
        parser.add_argument("--skip-postcodes", action="store_true", help="Load wards only.")
        new = parser.add_argument_group("a later boundary generation (all of --generation, --valid-from, "
                                        "--wards-csv and --boundaries)")
        new.add_argument("--generation", help='Its name, e.g. "2026 wards".')
        new.add_argument("--valid-from", type=datetime.date.fromisoformat, help="First day in force (YYYY-MM-DD).")
        new.add_argument("--legislation", default="", help="The order that made it.")
        new.add_argument("--wards-csv", type=Path, help="Wards, in the columns of wards/data's CSV.")
        new.add_argument("--boundaries", type=Path, help="GeoJSON features with a ward_code property.")
        new.add_argument("--simplified", type=Path, help="Generalised boundaries for maps (default: the full ones).")
        new.add_argument("--postcodes", type=Path, dest="postcodes_file",
                         help="Postcodes and their ward (gzipped CSV), if they moved.")

    def handle(self, *args, commit=False, skip_postcodes=False, **options):
        try:
            if options["generation"]:
                report = self._load_generation(commit=commit, postcodes=not skip_postcodes, **options)
            else:
                report = wards_import_2018(commit=commit, postcodes=not skip_postcodes)
        except WardImportError as e:
            raise nothing_loaded(e.problems) from e
        say_report(self, report.lines(), commit=commit, changed=report.changed, loaded="Wards loaded.")

    def _load_generation(self, *, commit, postcodes, generation, valid_from, legislation, wards_csv,
                         boundaries, simplified, postcodes_file, **options):
        if not (valid_from and wards_csv and boundaries):
            raise CommandError("--generation needs --valid-from, --wards-csv and --boundaries.")
        files = WardFiles(wards_csv, boundaries, simplified, postcodes_file)
        return wards_import(
            generation=dict(name=generation, valid_from=valid_from, legislation=legislation),
            files=files, commit=commit, postcodes=postcodes,
        )
