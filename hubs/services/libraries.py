"""Loading Birmingham's open libraries as hubs, with their opening hours: all or nothing,
idempotent, and without `commit` a dry run that reports what would change (as the ward
importer, wards.services.geography, does)."""

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from wards.services import ImportReport

from ..library_file import LIBRARIES_CSV, LIBRARY_WARDS_CSV, Library, LibraryFileError, read_libraries
from ..models import Hub, OpeningHours


@dataclass
class LibraryImport:
    report: ImportReport = field(default_factory=ImportReport)
    closed: list[str] = field(default_factory=list)
    not_in_file: list[str] = field(default_factory=list)



def _save_library(library: Library, hub: Hub | None, report: ImportReport) -> None:
    created = hub is None
    hub = hub or Hub()
    fields_changed = created or any(getattr(hub, k) != v for k, v in library.values.items())
    current = sorted((h.weekday, h.opens, h.closes) for h in hub.opening_hours.all()) if not created else []
    wanted = sorted(library.hours)
    if fields_changed:
        for k, v in library.values.items():
            setattr(hub, k, v)
        hub.full_clean()
        hub.save()
    stale = [h for h in (hub.opening_hours.all() if not created else []) if (h.weekday, h.opens, h.closes)
             not in wanted]
    new = [OpeningHours(hub=hub, weekday=d, opens=o, closes=c) for d, o, c in wanted if (d, o, c) not in current]
    for spell in new:
        spell.full_clean()
    if stale:
        OpeningHours.objects.filter(pk__in=[h.pk for h in stale]).delete()
    OpeningHours.objects.bulk_create(new)
    report.add("opening hours", "created", len(new))
    report.add("opening hours", "deleted", len(stale))
    report.add("opening hours", "unchanged", len(wanted) - len(new))
    hours_changed = bool(stale or new)
    outcome = "created" if created else "updated" if fields_changed or hours_changed else "unchanged"
    report.add("library hubs", outcome)


@transaction.atomic
def libraries_import(*, path: Path = LIBRARIES_CSV, wards_path: Path = LIBRARY_WARDS_CSV,
                     commit: bool = True) -> LibraryImport:
    """Create or bring up to date a hub for each open library in the file, with its opening hours.
    All or nothing: LibraryFileError (nothing written) if any row cannot be read or saved."""
    libraries, closed = read_libraries(path=path, wards_path=wards_path)
    result = LibraryImport(closed=closed)
    slugs = [library.values["slug"] for library in libraries]
    existing = {h.slug: h for h in Hub.objects.filter(slug__in=slugs).prefetch_related("opening_hours")}
    problems = []
    for library in libraries:
        try:
            with transaction.atomic():
                _save_library(library, existing.get(library.values["slug"]), result.report)
        except ValidationError as error:
            messages = "; ".join(f"{name}: {' '.join(errors)}" if name != "__all__" else " ".join(errors)
                                 for name, errors in error.message_dict.items())
            problems.append(f"Row {library.row} ({library.name}): {messages}")
    if problems:
        raise LibraryFileError(problems)
    result.not_in_file = list(Hub.objects.filter(is_library=True, is_demo=False).exclude(slug__in=slugs)
                              .values_list("name", flat=True))
    if not commit:
        transaction.set_rollback(True)
    return result
