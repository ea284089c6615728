"""On PostgreSQL, the database itself refuses two bookings that hold overlapping time in one
space, even when they arrive at the same instant. (SQLite has no exclusion constraints: there
the booking service's write transaction, which SQLite runs one at a time, keeps the rule.)"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE hubs_booking ADD CONSTRAINT booking_no_overlap_in_a_space
    EXCLUDE USING gist (space_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
    WHERE (status IN ('requested', 'confirmed'));
"""
DROP = "ALTER TABLE hubs_booking DROP CONSTRAINT IF EXISTS booking_no_overlap_in_a_space;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("hubs", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
