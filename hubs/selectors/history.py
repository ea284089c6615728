"""What a booking's or an occupancy's history shows, read through localism.core.history."""

from localism.core.history import Change, changes_by_object

HISTORY_KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}
BOOKING_HISTORY_FIELDS = ["space", "starts_at", "ends_at", "organisation", "booked_for", "purpose", "attendees",
                          "status", "decision_note"]
OCCUPANCY_HISTORY_FIELDS = ["organisation", "agreement", "starts_on", "ends_on", "break_date", "yearly_charge",
                            "status", "notes"]
OCCUPANCY_HISTORY_MANY = ["spaces"]


def histories(model, records, field_names: list[str], *, many_fields: list[str] = ()) -> dict[int, list[Change]]:
    """Each record's changes, newest first."""
    return {pk: entries[::-1] for pk, entries in
            changes_by_object(model, records, field_names, many_fields=many_fields, kinds=HISTORY_KINDS).items()}
