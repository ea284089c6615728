"""Public pages and anonymous API reads are kept (localism/core/pagecache.py): a repeat read is
served without building the page, a repeat visit with the page's ETag costs a 304, and after any
write that changes what a page shows, the next reader sees the change. Nobody signed in is given
a kept page, and no page built for someone signed in is kept."""

import datetime
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assets.models import Asset
from assets.tests.factories import AssetFactory
from engagement.tests.factories import ConsultationFactory
from hubs import services as hub_services
from hubs.tests.factories import HubFactory, SpaceFactory, at, next_weekday
from localism.accounts.tests.factories import UserFactory, token_for
from localism.core import pagecache
from wards import services as ward_services
from wards.models import ActionStatus, PlanStatus
from wards.tests.conftest import setup_admin
from wards.tests.factories_forums import WardForumFactory
from wards.tests.factories_plans import ActionFactory, PriorityFactory, WardPlanFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def read(client, path, **headers):
    """The page as a reader gets it, and how many queries it took to answer."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    assert response.status_code in (200, 304), (path, response.status_code)
    return response, len(queries)


def assert_kept(client, path):
    """The page is kept: a second read is answered without a query."""
    first, built = read(client, path)
    again, queries = read(client, path)
    assert built > 0 and queries == 0, (path, built, queries)
    assert without_nonce(again) == without_nonce(first)  # each has its own nonce (test below)
    return first.content.decode()


def nonce_of(response) -> str:
    return response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]


def without_nonce(response) -> str:
    return re.sub(r'nonce="[^"]+"', "", response.content.decode())


@pytest.fixture
def plan():
    plan = WardPlanFactory(status=PlanStatus.PUBLISHED, title="Sparkbrook plan")
    priority = PriorityFactory(plan=plan, title="Cleaner streets")
    ActionFactory(priority=priority, description="Monthly clean-ups", status=ActionStatus.ON_TRACK)
    return plan


def test_a_plan_edit_is_on_the_kept_plan_page_at_once(client, plan):
    assert "Sparkbrook plan" in assert_kept(client, plan.get_absolute_url())
    ward_services.ward_plan_update(plan=plan, user=setup_admin(), version=plan.version,
                                   title="Sparkbrook and Balsall Heath plan")
    assert "Sparkbrook and Balsall Heath plan" in client.get(plan.get_absolute_url()).content.decode()


def test_progress_on_an_action_is_on_the_kept_plan_page_at_once(client, plan):
    action = plan.priorities.get().actions.get()
    assert "Two skips short" not in assert_kept(client, plan.get_absolute_url())
    ward_services.progress_update_create(action=action, user=setup_admin(), note="Two skips short",
                                         status=ActionStatus.AT_RISK)
    assert "Two skips short" in client.get(plan.get_absolute_url()).content.decode()


def test_a_meeting_scheduled_is_on_the_kept_forum_page_at_once(client):
    forum = WardForumFactory(name="Sparkbrook Ward Forum")
    assert "Ladypool Road Library" not in assert_kept(client, f"/forums/{forum.pk}/")
    starts = timezone.make_aware(datetime.datetime.combine(
        timezone.localdate() + datetime.timedelta(days=10), datetime.time(18, 30)))
    ward_services.forum_meeting_schedule(forum=forum, user=setup_admin(), starts_at=starts,
                                         venue="Ladypool Road Library")
    assert "Ladypool Road Library" in client.get(f"/forums/{forum.pk}/").content.decode()


def test_a_booking_rebuilds_the_kept_hub_page(client):
    """No reader without an account sees bookings, but a booking is a write like any other: the
    hub's kept page is built again, and an officer's closure of the hub shows at once."""
    hub = HubFactory(name="Farm Road Hub")
    space = SpaceFactory(hub=hub, name="Main hall")
    assert_kept(client, hub.get_absolute_url())
    officer = UserFactory(officer=True)
    hub.managers.add(officer)
    day = next_weekday(1)
    hub_services.booking_create(space=space, requester=officer, starts_at=at(day, "10:00"),
                                ends_at=at(day, "12:00"), purpose="Coffee morning", attendees=10)
    _, queries = read(client, hub.get_absolute_url())
    assert queries > 0
    assert "Coffee morning" not in client.get(hub.get_absolute_url()).content.decode()


def test_an_asset_changed_in_bulk_is_on_the_kept_register_at_once(client):
    """A queryset's update() sends no signal; the write is still seen."""
    asset = AssetFactory(name="Council building on Stratford Road")
    assert "Stratford Road" in assert_kept(client, "/assets/")
    Asset.objects.filter(pk=asset.pk).update(name="Ladypool community centre")
    page = client.get("/assets/").content.decode()
    assert "Ladypool community centre" in page and "Stratford Road" not in page


def test_a_consultation_opened_is_in_the_kept_list_and_api_at_once(client, api_client):
    ConsultationFactory(title="Parks in Sparkbrook")
    assert "Parks in Sparkbrook" in assert_kept(client, "/consultations/")
    first, _ = read(api_client, "/api/v1/consultations/")
    ConsultationFactory(title="Bins on Ladypool Road")
    assert "Bins on Ladypool Road" in client.get("/consultations/").content.decode()
    assert "Bins on Ladypool Road" in api_client.get("/api/v1/consultations/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_write_counts_when_it_commits_and_not_if_it_rolls_back():
    before = pagecache.version()
    with pytest.raises(RuntimeError), transaction.atomic():
        AssetFactory(name="Never built")
        raise RuntimeError
    assert pagecache.version() == before
    with transaction.atomic():
        AssetFactory(name="Built")
        assert pagecache.version() == before  # a reader may still be given the page as it was
    assert pagecache.version() > before


def test_a_repeat_visit_with_the_etag_or_the_date_costs_a_304(client, plan):
    first, _ = read(client, plan.get_absolute_url())
    assert first["Cache-Control"] == "no-cache" and "Cookie" in first["Vary"]
    again, queries = read(client, plan.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b"" and queries == 0
    # The browser keeps its copy and takes the 304's headers: the nonce must be its copy's.
    assert nonce_of(again) == nonce_of(first)
    # An API read has no nonce: its date is enough.
    api, _ = read(client, "/api/v1/consultations/")
    since, queries = read(client, "/api/v1/consultations/", HTTP_IF_MODIFIED_SINCE=api["Last-Modified"])
    assert since.status_code == 304 and queries == 0
    with CaptureQueriesContext(connection) as queries:
        head = client.head(plan.get_absolute_url())
    assert head.status_code == 200 and len(queries) == 0
    assert head["ETag"].split(".")[0] == first["ETag"].split(".")[0]  # the same page, its own nonce
    assert int(head["Content-Length"]) == len(first.content)
    ward_services.ward_plan_update(plan=plan, user=setup_admin(), version=plan.version, title="Renamed plan")
    changed, _ = read(client, plan.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and "Renamed plan" in changed.content.decode()
    assert changed["ETag"].split(".")[0] != first["ETag"].split(".")[0]


def test_each_kept_page_has_its_own_csp_nonce(client):
    first, _ = read(client, "/accessibility/")
    second, queries = read(client, "/accessibility/")
    assert queries == 0
    for response in (first, second):
        assert f'nonce="{nonce_of(response)}"' in response.content.decode()
    assert nonce_of(first) != nonce_of(second)


def test_a_signed_in_reader_never_gets_a_kept_page_nor_leaves_one(client, plan):
    anonymous = assert_kept(client, plan.get_absolute_url())
    assert "Sign in" in anonymous
    editor = setup_admin()
    client.force_login(editor)
    mine, queries = read(client, plan.get_absolute_url())
    assert queries > 0 and "Sign out" in mine.content.decode() and "Sign in" not in mine.content.decode()
    client.logout()
    # What the signed-in reader was given was not kept for the next anonymous reader.
    theirs, _ = read(client, "/accessibility/")
    client.force_login(editor)
    read(client, "/accessibility/")
    client.logout()
    again, queries = read(client, "/accessibility/")
    assert queries == 0 and "Sign out" not in again.content.decode()


def test_an_api_token_holder_never_gets_a_kept_read(api_client):
    ConsultationFactory(title="Parks in Sparkbrook")
    read(api_client, "/api/v1/consultations/")
    _, queries = read(api_client, "/api/v1/consultations/")
    assert queries == 0
    partner = UserFactory(partner=True)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(partner)}")
    _, queries = read(api_client, "/api/v1/consultations/")
    assert queries > 0


def test_a_page_with_a_form_is_built_for_each_reader(client):
    """A page that holds a CSRF token is never kept: each reader's token is their own."""
    consultation = ConsultationFactory(title="Parks in Sparkbrook")
    path = f"/consultations/{consultation.pk}/respond/"
    first, _ = read(client, path)
    assert 'name="csrfmiddlewaretoken"' in first.content.decode()
    _, queries = read(client, path)
    assert queries > 0


def test_the_write_watch_knows_what_writes():
    assert pagecache._written_table('UPDATE "wards_wardplan" SET "title" = %s') == "wards_wardplan"
    assert pagecache._written_table('INSERT INTO "hubs_booking" ("space_id") VALUES (%s)') == "hubs_booking"
    assert pagecache._written_table("DELETE FROM `assets_asset` WHERE 1") == "assets_asset"
    assert pagecache._written_table('TRUNCATE "engagement_response"') == "engagement_response"
    assert pagecache._written_table('SELECT * FROM "wards_ward" FOR UPDATE') is None
    assert pagecache._written_table('UPDATE "django_session" SET "expire_date" = %s') is None


def test_kept_api_reads_count_against_the_anonymous_rate(api_client, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "100/min"})
    answers = [read(api_client, "/api/v1/wards/", REMOTE_ADDR="203.0.113.7") for _ in range(2)]
    assert answers[1][1] == 0  # the second was kept
    refused = api_client.get("/api/v1/wards/", REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 200
    refused = api_client.get("/api/v1/wards/", REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0


def test_the_home_pages_totals_are_worked_out_once_until_a_write(client):
    """The city's totals are the same for every reader until a write: worked out once, even for
    someone signed in (whose page is built each time), and again after any write."""
    from django.db.models import F

    from wards.models import Ward

    client.force_login(UserFactory())
    first, built = read(client, "/")
    again, queries = read(client, "/")
    assert queries == built - 2  # the wards' count and seats, not asked again
    seats = int(re.search(r"Councillors</dt>\s*<dd[^>]*>(\d+)<", first.content.decode()).group(1))
    Ward.objects.current().filter(pk=Ward.objects.current().order_by("pk").first().pk).update(seats=F("seats") + 1)
    after, rebuilt = read(client, "/")
    assert rebuilt == built
    assert re.search(r"Councillors</dt>\s*<dd[^>]*>(\d+)<", after.content.decode()).group(1) == str(seats + 1)


def test_a_figure_kept_per_version_is_built_again_after_a_write_commits():
    built = []

    def build():
        built.append(1)
        return len(built)

    assert pagecache.per_version("test:figure", build) == 1
    assert pagecache.per_version("test:figure", build) == 1
    UserFactory()
    assert pagecache.per_version("test:figure", build) == 2
