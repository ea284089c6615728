"""Councillors' seats name the councillor as published and carry their public contact details;
a seat may exist without an account (the account is what gives edit rights)."""

import django.db.models.deletion
import localism.core.fields
from django.conf import settings
from django.db import migrations, models


def name_seats_after_their_councillors(apps, schema_editor):
    # The name pages showed until now: the account's full name, or its job title or role.
    CouncillorSeat = apps.get_model("wards", "CouncillorSeat")
    for seat in CouncillorSeat.objects.select_related("councillor"):
        user = seat.councillor
        full_name = f"{user.first_name} {user.last_name}".strip()
        seat.name = (full_name or user.job_title or "Councillor")[:200]
        seat.save(update_fields=["name"])


class Migration(migrations.Migration):

    dependencies = [
        ('wards', '0006_free_text_within_max_lengths'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='councillorseat',
            options={'ordering': ['ward__name', 'name']},
        ),
        migrations.AddField(
            model_name='councillorseat',
            name='ballot_paper_id',
            field=models.CharField(blank=True, help_text="Democracy Club's id of the election, e.g. local.birmingham.aston.2022-05-05.", max_length=100),
        ),
        migrations.AddField(
            model_name='councillorseat',
            name='email',
            field=models.EmailField(blank=True, help_text="The councillor's office address, published.", max_length=254, verbose_name='public e-mail'),
        ),
        migrations.AddField(
            model_name='councillorseat',
            name='name',
            field=models.CharField(default='', help_text='As the council publishes it.', max_length=200),
        ),
        migrations.AddField(
            model_name='councillorseat',
            name='phone',
            field=models.CharField(blank=True, max_length=32, verbose_name='public telephone'),
        ),
        migrations.AddField(
            model_name='councillorseat',
            name='surgery_details',
            field=localism.core.fields.BoundedTextField(blank=True, help_text='Where and when residents can meet the councillor, or how to book.', max_length=1000),
        ),
        migrations.AddField(
            model_name='councillorseat',
            name='web_page',
            field=models.URLField(blank=True, max_length=300),
        ),
        migrations.AlterField(
            model_name='councillorseat',
            name='councillor',
            field=models.ForeignKey(blank=True, help_text="The councillor's account, which lets them edit this ward's plans. Empty if they have none.", limit_choices_to={'role': 'councillor'}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='seats_held', to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(name_seats_after_their_councillors, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='councillorseat',
            name='name',
            field=models.CharField(help_text='As the council publishes it.', max_length=200),
        ),
    ]
