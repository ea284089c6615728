"""The shared core: typed errors mapped the one way for pages and the API, the versioned save,
dates as the domain allows them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import signals
from django.http import HttpResponse
from django.test import override_settings
from django.urls import include, path
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from localism.accounts.models import User
from localism.core import errors, services
from localism.core.dates import EVENTS, TIME_DOES_NOT_EXIST, local_moment
from localism.core.forms import VersionedForm
from wards.models import WardPlan

pytestmark = pytest.mark.django_db


class Raising(APIView):
    authentication_classes = []
    permission_classes = []
    error: Exception

    def get(self, request):
        raise self.error

    def conflict_body(self, exc):
        return {"in_the_way": "a booking"}


@pytest.mark.parametrize("error, status, body", [
    (errors.Refused("Not yours."), 401, None),  # anonymous: sign in first
    (errors.NotFound("No such plan."), 404, {"detail": "No such plan."}),
    (errors.Conflict("Taken."), 409, {"detail": "Taken.", "in_the_way": "a booking"}),
    (errors.Invalid({"title": "Enter a title"}), 400, {"title": ["Enter a title"]}),
    (ValidationError("Not allowed."), 400, {"non_field_errors": ["Not allowed."]}),
])
def test_the_api_answers_each_typed_error_with_its_status(error, status, body):
    view = type("View", (Raising,), {"error": error}).as_view()
    response = view(APIRequestFactory().get("/"))
    assert response.status_code == status
    if body is not None:
        assert response.data == body


def test_a_refusal_to_a_signed_in_client_is_403_with_the_services_message():
    class Signed(Raising):
        error = errors.Refused("You do not hold a seat in Aston.")

        def initial(self, request, *args, **kwargs):
            request.user = User(username="x", pk=1)
            super().initial(request, *args, **kwargs)

    request = APIRequestFactory().get("/")
    response = Signed.as_view()(request)
    assert response.status_code == 403
    assert response.data == {"detail": "You do not hold a seat in Aston."}


def refusing_view(request):
    services.require(request.user, "wards.change_wardplan", None, "Only councillors start plans.")
    return HttpResponse("made it")


def missing_view(request):
    raise errors.NotFound("No such meeting.")


urlpatterns = [path("refuse/", refusing_view), path("missing/", missing_view), path("", include("localism.urls"))]


@override_settings(ROOT_URLCONF=__name__)
def test_pages_send_anonymous_visitors_to_sign_in_and_refuse_others_with_403(client, django_user_model):
    response = client.get("/refuse/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(django_user_model.objects.create_user("resident", role=User.Role.RESIDENT))
    refused = client.get("/refuse/")
    assert refused.status_code == 403
    assert "Only councillors start plans." in refused.content.decode()  # the service's own words
    assert client.get("/missing/").status_code == 404


def test_versioned_save_refuses_an_older_version_and_keeps_the_stored_one():
    plan = WardPlan.objects.create(title="Aston Ward Plan", period="2026/27")
    saved = services.versioned_save(WardPlan, plan.pk, user=None, version=1, changes={"title": "Aston plan"},
                                    thing="plan")
    assert saved.version == 2
    with pytest.raises(errors.StaleEdit) as stale:
        services.versioned_save(WardPlan, plan.pk, user=None, version=1, changes={"title": "Overwritten"},
                                thing="plan")
    assert stale.value.current.title == "Aston plan"
    assert WardPlan.objects.get(pk=plan.pk).title == "Aston plan"
    assert "changed this plan while you were editing it" in stale.value.message


def test_versioned_save_validates_in_full():
    plan = WardPlan.objects.create(title="Aston Ward Plan", period="2026/27")
    with pytest.raises(ValidationError) as invalid:
        services.versioned_save(WardPlan, plan.pk, user=None, version=1, changes={"period": "2026/28"},
                                thing="plan")
    assert "period" in invalid.value.message_dict
    assert WardPlan.objects.get(pk=plan.pk).version == 1


def test_a_missing_record_is_not_found():
    with pytest.raises(errors.NotFound):
        services.versioned_save(WardPlan, 987654, user=None, version=1, changes={}, thing="plan")


def test_a_stale_edit_on_a_form_keeps_the_text_and_moves_to_the_stored_version():
    plan = WardPlan(pk=5, title="Stored", version=4)
    form = VersionedForm({"version": "2"})
    assert form.is_valid()
    form.add_service_error(errors.StaleEdit(plan, "plan"))
    assert form.status_code == 409
    assert form.data["version"] == 4
    assert "changed this plan" in form.non_field_errors()[0]


def test_a_time_the_clocks_skip_is_refused_with_a_clear_message():
    day = datetime.date(2027, 3, 28)  # the last Sunday of March 2027
    with pytest.raises(ValidationError) as error:
        local_moment(day, datetime.time(1, 30))
    assert error.value.messages == [TIME_DOES_NOT_EXIST.format(time=datetime.time(1, 30), day=day)]
    assert local_moment(day, datetime.time(2, 30)).utcoffset() == datetime.timedelta(hours=1)


def test_the_events_window_refuses_dates_at_the_ends_of_the_calendar():
    with pytest.raises(ValidationError):
        EVENTS(datetime.date(9999, 12, 31))
    with pytest.raises(ValidationError):
        EVENTS(datetime.date(1, 1, 1))
    EVENTS(datetime.date.today())


def test_only_the_history_listens_to_saves_of_recorded_models():
    # audited_create sends post_save itself once many-to-many values are set: no other receiver
    # may listen, or it would hear the save twice.
    from simple_history.models import registered_models

    for model in {m for m in registered_models.values() if hasattr(m, "history")}:
        receivers = signals.post_save._live_receivers(model)[0]
        assert len(receivers) == 1, model
