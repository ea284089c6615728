"""A booking's contact (name, phone number and email of the person responsible), and the nightly
job that blanks it DJANGO_BOOKING_CONTACT_DAYS after the booking ends (localism.core.schedules)."""

from django.db import migrations, models

import hubs.models
from localism.core.schedules import daily_schedule

create_schedule, remove_schedule = daily_schedule(
    name="remove-expired-booking-contacts-nightly",
    task="hubs.tasks.remove_expired_booking_contacts",
    description=("Blank the contact (name, phone, email) of the bookings that ended more than "
                 "DJANGO_BOOKING_CONTACT_DAYS ago, as the privacy notice says."),
    hour=2, minute=45,
)


def contact_fields(model_name):
    return [
        migrations.AddField(model_name=model_name, name="contact_name",
                            field=models.CharField(blank=True, max_length=100, verbose_name="contact's name")),
        migrations.AddField(model_name=model_name, name="contact_phone",
                            field=models.CharField(blank=True, max_length=30,
                                                   validators=[hubs.models.phone_validator],
                                                   verbose_name="contact's phone number")),
        migrations.AddField(model_name=model_name, name="contact_email",
                            field=models.EmailField(blank=True, max_length=254,
                                                    verbose_name="contact's email address")),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("hubs", "0007_space_lettings"),
    ]

    operations = [
        *contact_fields("booking"),
        *contact_fields("historicalbooking"),
        migrations.RunPython(create_schedule, remove_schedule),
    ]
