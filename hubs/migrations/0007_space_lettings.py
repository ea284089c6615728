"""A space is let to one occupier at a time unless it is marked as shared: each occupancy's
spaces get a row with its dates, and on PostgreSQL an exclusion constraint on those rows refuses
two live lettings of one unshared space for overlapping days, even when they arrive at once.
(SQLite has no exclusion constraints: there the occupancy service's write transaction, which
SQLite runs one at a time, keeps the rule.)

A double letting recorded before this rule keeps its rows, the later one's marked as not
exclusive so that the constraint can be made: the service still refuses any further letting of
that space, and refuses to save the later occupancy until its dates or spaces are put right."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

LIVE = ("proposed", "active")
CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE hubs_spaceletting ADD CONSTRAINT letting_no_overlap_in_a_space
    EXCLUDE USING gist (space_id WITH =, daterange(starts_on, coalesce(ends_on, 'infinity'), '[]') WITH &&)
    WHERE (live AND exclusive);
"""
DROP = "ALTER TABLE hubs_spaceletting DROP CONSTRAINT IF EXISTS letting_no_overlap_in_a_space;"


def _overlap(a, b) -> bool:
    return (a.ends_on is None or b.starts_on <= a.ends_on) and (b.ends_on is None or a.starts_on <= b.ends_on)


def lettings_of_existing_occupancies(apps, schema_editor):
    Occupancy = apps.get_model("hubs", "Occupancy")
    SpaceLetting = apps.get_model("hubs", "SpaceLetting")
    rows, held = [], {}  # space pk -> the exclusive live lettings so far
    for occupancy in Occupancy.objects.prefetch_related("spaces").order_by("starts_on", "pk"):
        live = occupancy.status in LIVE
        for space in occupancy.spaces.all():
            row = SpaceLetting(occupancy_id=occupancy.pk, space_id=space.pk, starts_on=occupancy.starts_on,
                               ends_on=occupancy.ends_on, live=live, exclusive=space.max_occupiers == 1)
            if row.live and row.exclusive:
                if any(_overlap(row, other) for other in held.get(space.pk, [])):
                    row.exclusive = False  # a double letting from before the rule
                else:
                    held.setdefault(space.pk, []).append(row)
            rows.append(row)
    SpaceLetting.objects.bulk_create(rows)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):

    dependencies = [
        ('hubs', '0006_schedule_deleting_expired_bookings'),
    ]

    operations = [
        migrations.AddField(
            model_name='space',
            name='max_occupiers',
            field=models.PositiveSmallIntegerField(default=1, help_text='1 for a space let to one occupier at a time; more for a space shared by several, such as hot desks.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(50)], verbose_name='occupiers at once'),
        ),
        migrations.CreateModel(
            name='SpaceLetting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('starts_on', models.DateField()),
                ('ends_on', models.DateField(blank=True, null=True)),
                ('exclusive', models.BooleanField(help_text='The space takes one occupier at a time.')),
                ('live', models.BooleanField(help_text='The occupancy is proposed or active.')),
                ('occupancy', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lettings', to='hubs.occupancy')),
                ('space', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lettings', to='hubs.space')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('occupancy', 'space'), name='one_letting_per_space'), models.CheckConstraint(condition=models.Q(('ends_on__isnull', True), ('ends_on__gte', models.F('starts_on')), _connector='OR'), name='letting_ends_after_it_starts')],
            },
        ),
        migrations.RunPython(lettings_of_existing_occupancies, migrations.RunPython.noop),
        migrations.RunPython(create, drop),
    ]
