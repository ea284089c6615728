from celery import shared_task

from . import services


@shared_task
def publish_ward_open_data() -> list[int]:
    """Nightly: publish the ward open-data files (CSV and GeoJSON)."""
    return [report.pk for report in services.ward_open_data_publish()]
