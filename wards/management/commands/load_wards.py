from django.core.management.base import BaseCommand

from wards.services import wards_import_2018


class Command(BaseCommand):
    help = (
        "Load Birmingham's 69 wards (2018), their boundaries and 34,742 postcodes from wards/data. "
        "Idempotent. Without --commit it only reports what it would change."
    )

    def add_arguments(self, parser):
        parser.add_argument("--commit", action="store_true", help="Write the changes.")
        parser.add_argument("--skip-postcodes", action="store_true", help="Load wards only.")

    def handle(self, *args, commit=False, skip_postcodes=False, **options):
        report = wards_import_2018(commit=commit, postcodes=not skip_postcodes)
        for line in report.lines():
            self.stdout.write(line)
        if not commit:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written. Add --commit to load."))
        elif not report.changed:
            self.stdout.write(self.style.SUCCESS("Already up to date: nothing changed."))
        else:
            self.stdout.write(self.style.SUCCESS("Wards loaded."))
