"""What every import command says: a dry run unless `--commit`, the whole file or nothing.
The services do the work and report; the commands print it the one way."""

from django.core.management.base import BaseCommand, CommandError

DRY_RUN = "Dry run: nothing was written. Add --commit to load."
UP_TO_DATE = "Already up to date: nothing changed."


def file_bytes(path) -> bytes:
    """The file a command was given, or the command's error saying why it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as e:
        raise CommandError(f"Cannot read {path}: {e.strerror}.") from e


def nothing_loaded(problems) -> CommandError:
    """The command's error for a file refused whole: every problem, one a line."""
    return CommandError("Nothing was loaded:\n  " + "\n  ".join(problems))


def say_report(command: BaseCommand, lines, *, commit: bool, changed: bool, loaded: str,
               notes=()) -> None:
    """Print an import's report, any notes (warnings), and what became of it: a dry run, nothing
    to change, or `loaded` ("Wards loaded.")."""
    for line in lines:
        command.stdout.write(line)
    for note in notes:
        command.stdout.write(command.style.WARNING(note))
    if not commit:
        command.stdout.write(command.style.WARNING(DRY_RUN))
    elif not changed:
        command.stdout.write(command.style.SUCCESS(UP_TO_DATE))
    else:
        command.stdout.write(command.style.SUCCESS(loaded))
