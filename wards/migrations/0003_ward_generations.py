"""A ward spans boundary generations (generation_low to generation_high), as MapIt's areas do,
so a boundary review that leaves a ward unchanged keeps it as one row."""

import django.db.models.deletion
from django.db import migrations, models


def generation_to_range(apps, schema_editor):
    """Each ward starts in the generation it was loaded in. It stays open (no generation_high)
    when that is the latest generation, and ends there otherwise."""
    Ward = apps.get_model("wards", "Ward")
    BoundaryGeneration = apps.get_model("wards", "BoundaryGeneration")
    codes = list(Ward.objects.values_list("gss_code", flat=True))
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        raise RuntimeError(
            "These GSS codes are on more than one ward row, one per generation: "
            + ", ".join(repeated)
            + ". Merge each into one row (repointing what refers to the others) before migrating."
        )
    latest = BoundaryGeneration.objects.order_by("-valid_from").first()
    for generation in BoundaryGeneration.objects.all():
        Ward.objects.filter(generation=generation).update(
            generation_low=generation, generation_high=None if generation == latest else generation
        )


def range_to_generation(apps, schema_editor):
    Ward = apps.get_model("wards", "Ward")
    Ward.objects.update(generation=models.F("generation_low"))


class Migration(migrations.Migration):

    dependencies = [
        ("wards", "0002_historicalwardbudget_neighbourhood_priority_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="ward",
            name="generation_low",
            field=models.ForeignKey(
                help_text="The first boundary generation the ward belongs to.", null=True,
                on_delete=django.db.models.deletion.PROTECT, related_name="wards_from",
                to="wards.boundarygeneration",
            ),
        ),
        migrations.AddField(
            model_name="ward",
            name="generation_high",
            field=models.ForeignKey(
                blank=True,
                help_text="The last boundary generation the ward belongs to; empty while it is in the latest.",
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="wards_until",
                to="wards.boundarygeneration",
            ),
        ),
        migrations.AlterField(
            model_name="ward",
            name="generation",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="wards",
                to="wards.boundarygeneration",
            ),
        ),
        migrations.RunPython(generation_to_range, range_to_generation),
        migrations.RemoveConstraint(model_name="ward", name="ward_unique_code_per_generation"),
        migrations.RemoveConstraint(model_name="ward", name="ward_unique_slug_per_generation"),
        migrations.RemoveField(model_name="ward", name="generation"),
        migrations.AlterField(
            model_name="ward",
            name="generation_low",
            field=models.ForeignKey(
                help_text="The first boundary generation the ward belongs to.",
                on_delete=django.db.models.deletion.PROTECT, related_name="wards_from",
                to="wards.boundarygeneration",
            ),
        ),
        migrations.AlterField(
            model_name="ward",
            name="gss_code",
            field=models.CharField(max_length=9, verbose_name="ONS GSS code"),
        ),
        migrations.AddConstraint(
            model_name="ward",
            constraint=models.UniqueConstraint(fields=("gss_code",), name="ward_unique_gss_code"),
        ),
        migrations.AddConstraint(
            model_name="ward",
            constraint=models.UniqueConstraint(
                condition=models.Q(generation_high__isnull=True), fields=("slug",),
                name="ward_unique_slug_in_latest_generation",
            ),
        ),
    ]
