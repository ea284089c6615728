from .models import Report


def open_data_latest():
    return Report.objects.latest_of_each_kind()


def open_data_history(*, limit: int = 50):
    return Report.objects.published()[:limit]
