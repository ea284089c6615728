import datetime
import random
import re

import pytest
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone

from hubs import selectors
from hubs.forms.public import SERVICE_TOO_LONG
from hubs.models import BookableBy, Closure, HubService, ServiceSchedule, Space
from hubs.tests.factories import HubFactory, HubServiceFactory, SpaceFactory
from hubs.views.public import HUBS_PER_PAGE
from localism.accounts.tests.factories import OrganisationFactory, UserFactory
from wards import selectors as ward_selectors
from wards.models import Ward

pytestmark = pytest.mark.django_db

EVERY_DAY = [(d, "09:00", "13:00") for d in range(7)] + [(d, "14:00", "17:30") for d in range(7)]
SPARKBROOK = "sparkbrook-and-balsall-heath-east"
# Where B11 1AA and B34 7AQ are, as the postcode data gives them.
B11_1AA = (52.459527, -1.871381)
B34_7AQ = (52.494937, -1.777267)


def sparkbrook():
    return Ward.objects.current().get(slug=SPARKBROOK)


def hub_names(response) -> list[str]:
    return [hub.name for hub in response.context["hubs"]]


def text(response) -> str:
    """The page's text, tags removed and spaces collapsed, as a reader sees it."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# The directory


def test_directory_lists_each_hub_with_what_a_resident_needs(client):
    hub = HubFactory(name="Shard End Hub", address="All Saints Square", hours=EVERY_DAY)
    HubServiceFactory(hub=hub, category=HubService.Category.HEALTH, name="Blood tests")
    HubServiceFactory(hub=hub, category=HubService.Category.ADVICE, name="Debt advice")
    HubServiceFactory(hub=hub, category=HubService.Category.ADVICE, name="Benefits help")
    HubServiceFactory(hub=hub, category=HubService.Category.HOUSING, name="Old tenancy clinic", is_active=False)

    response = client.get(reverse("hubs:list"))

    assert response.status_code == 200
    page = text(response)
    assert "1 hub" in page
    assert f'href="{reverse("hubs:detail", args=[hub.slug])}"' in response.content.decode()
    assert "Ward Shard End" in page
    assert "All Saints Square, B34 7AQ" in page
    assert "Today 9am to 1pm and 2pm to 5:30pm" in page
    assert "3 services" in page
    tags = re.findall(r'<strong class="govuk-tag govuk-tag--blue">([^<]+)</strong>', response.content.decode())
    assert tags == ["Advice, money and benefits", "Health"]
    assert "Clear filters" not in page


def test_directory_says_closed_today_when_the_hub_does_not_open_or_is_closed(client):
    HubFactory(name="Weekends off", hours=[])
    shut = HubFactory(name="Being refurbished", hours=EVERY_DAY)
    today = timezone.localdate()
    Closure.objects.create(hub=shut, starts_on=today, ends_on=today + datetime.timedelta(days=3),
                           reason="Refurbishment")
    page = text(client.get(reverse("hubs:list")))
    assert page.count("Today Closed today") == 2


def test_directory_filters_by_ward(client):
    HubFactory(name="Shard End Hub")
    HubFactory(name="Sparkbrook Hub", ward=sparkbrook())

    response = client.get(reverse("hubs:list"), {"ward": SPARKBROOK})

    assert hub_names(response) == ["Sparkbrook Hub"]
    assert "Clear filters" in text(response)
    # Only the wards that have hubs are offered.
    assert [slug for slug, _ in response.context["form"].fields["ward"].choices] == ["", "shard-end", SPARKBROOK]


def test_directory_filters_by_category_and_service_text(client):
    advice = HubFactory(name="Advice Hub")
    HubServiceFactory(hub=advice, name="Debt advice drop-in", category=HubService.Category.ADVICE)
    health = HubFactory(name="Health Hub")
    HubServiceFactory(hub=health, name="Diabetes clinic", description="Includes debt advice referrals.",
                      category=HubService.Category.HEALTH)
    HubFactory(name="Quiet Hub")

    by_category = client.get(reverse("hubs:list"), {"category": "health"})
    by_text = client.get(reverse("hubs:list"), {"service": "DEBT advice"})
    nothing = client.get(reverse("hubs:list"), {"service": "skateboarding"})

    assert hub_names(by_category) == ["Health Hub"]
    assert hub_names(by_text) == ["Advice Hub", "Health Hub"]
    assert "2 hubs" in text(by_text)
    assert hub_names(nothing) == []
    assert "No hubs match" in text(nothing)


def test_directory_ignores_unknown_ward_and_category(client):
    HubFactory(name="Shard End Hub")
    response = client.get(reverse("hubs:list"), {"ward": "atlantis", "category": "juggling"})
    assert response.status_code == 200
    assert hub_names(response) == ["Shard End Hub"]
    assert "There is a problem" not in text(response)


def test_directory_lists_hubs_nearest_a_postcode_first_with_their_distance(client):
    HubFactory(name="A Sparkbrook Hub", ward=sparkbrook(), latitude=B11_1AA[0], longitude=B11_1AA[1])
    HubFactory(name="B Shard End Hub", latitude=B34_7AQ[0] + 0.01, longitude=B34_7AQ[1])
    apart = selectors.distance_km(*B34_7AQ, *B11_1AA)

    near_shard_end = client.get(reverse("hubs:list"), {"postcode": "  b347aq "})
    near_sparkbrook = client.get(reverse("hubs:list"), {"postcode": "B11 1AA"})

    assert near_shard_end.status_code == 200
    assert hub_names(near_shard_end) == ["B Shard End Hub", "A Sparkbrook Hub"]
    assert hub_names(near_sparkbrook) == ["A Sparkbrook Hub", "B Shard End Hub"]
    page = text(near_shard_end)
    assert "2 hubs near B34 7AQ, nearest first" in page
    assert page.index("1.1 km away") < page.index(f"{apart:.1f} km away")
    assert "0.0 km away" in text(near_sparkbrook)
    assert "<title>Find a hub near B34 7AQ" in near_shard_end.content.decode()


def _nearest_first_as_it_was(hubs, latitude, longitude):
    """The directory's order before the database ordered it: every hub with coordinates, its
    distance computed here, sorted nearest first (ties in the directory's order, by name)."""
    located = [h for h in hubs if h.latitude is not None and h.longitude is not None]
    return sorted(((selectors.distance_km(latitude, longitude, h.latitude, h.longitude), h.name) for h in located),
                  key=lambda pair: pair[0])


def test_hubs_near_a_postcode_come_in_the_order_and_at_the_distances_they_always_did(client):
    """A fixed set of 130 hubs over the city (a seeded spread, pairs of hubs in one building,
    and hubs with no coordinates), paged 50 at a time, nearest B34 7AQ and B11 1AA."""
    spread = random.Random(2026)
    for n in range(120):
        HubFactory(name=f"Hub {n:03}", hours=[], latitude=round(spread.uniform(52.38, 52.61), 6),
                   longitude=round(spread.uniform(-2.03, -1.72), 6))
    for n in range(5):  # two hubs at one address: equally far, listed by name
        for name in (f"Shared {n} B", f"Shared {n} A"):
            HubFactory(name=name, hours=[], latitude=52.47 + n / 100, longitude=-1.8 - n / 100)
    for n in range(3):
        HubFactory(name=f"Unplaced {n}", hours=[], latitude=None, longitude=None)
    for postcode, point in (("B34 7AQ", B34_7AQ), ("B11 1AA", B11_1AA)):
        expected = _nearest_first_as_it_was(selectors.hubs_for_directory(), *point)
        assert len(expected) == 130
        shown = []
        for number in (1, 2, 3):
            response = client.get(reverse("hubs:list"), {"postcode": postcode, "page": number})
            assert f"130 hubs near {postcode}, nearest first" in text(response)
            hubs = response.context["hubs"]
            assert len(hubs) == (50 if number < 3 else 30)
            shown += [(hub.distance_km, hub.name) for hub in hubs]
            page = text(response)
            assert all(f"{hub.name} {floatformat(hub.distance_km, 1)} km away" in page for hub in hubs)
        assert shown == expected


def test_postcode_combines_with_the_other_filters(client):
    near = HubFactory(name="Near", latitude=B34_7AQ[0], longitude=B34_7AQ[1])
    HubServiceFactory(hub=near, category=HubService.Category.HEALTH)
    far = HubFactory(name="Far", ward=sparkbrook(), latitude=B11_1AA[0], longitude=B11_1AA[1])
    HubServiceFactory(hub=far, category=HubService.Category.ADVICE)
    response = client.get(reverse("hubs:list"), {"postcode": "B34 7AQ", "category": "advice"})
    assert hub_names(response) == ["Far"]


@pytest.mark.parametrize("postcode, status, message", [
    ("B1", 400, ward_selectors.POSTCODE_MALFORMED),
    ("not a postcode at all, really", 400, ward_selectors.POSTCODE_MALFORMED),
    ("sw1a 1aa", 404, "SW1A 1AA is not a Birmingham postcode we know."),
])
def test_directory_explains_a_bad_postcode(client, postcode, status, message):
    HubFactory(name="Shard End Hub")
    response = client.get(reverse("hubs:list"), {"postcode": postcode})
    assert response.status_code == status
    page = response.content.decode()
    assert "<title>Error: Find a hub" in page
    assert "There is a problem" in page
    assert f'<a href="#id_postcode">{message}' in page
    assert ('<p id="postcode-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> '
            f'{message}') in page
    assert "govuk-input--error" in page
    assert hub_names(response) == ["Shard End Hub"]  # the list stays, without the distances


def test_directory_explains_a_service_search_that_is_too_long(client):
    response = client.get(reverse("hubs:list"), {"service": "x" * 101})
    assert response.status_code == 400
    assert SERVICE_TOO_LONG in response.content.decode()


def test_directory_shows_demonstration_hubs_as_such(client):
    HubFactory(name="Pretend Hub", is_demo=True)
    HubFactory(name="Real Hub")
    page = client.get(reverse("hubs:list")).content.decode()
    assert page.count('<strong class="govuk-tag govuk-tag--grey">Demonstration</strong>') == 1


def _directory_hub(n: int, ward=None):
    hub = HubFactory(ward=ward or sparkbrook(), hours=EVERY_DAY, latitude=52.45 + n / 1000)
    for category in (HubService.Category.ADVICE, HubService.Category.HEALTH, HubService.Category.LIBRARY):
        HubServiceFactory(hub=hub, category=category, description="Debt advice and more.")
    SpaceFactory(hub=hub)
    return hub


@pytest.mark.parametrize("filters", [{}, {"postcode": "B11 1AA", "service": "debt", "category": "advice",
                                          "ward": SPARKBROOK}])
def test_directory_query_count_does_not_grow_with_hubs_and_services(client, django_assert_num_queries, filters):
    _directory_hub(0)
    # The wards, the count, a page of hubs, their opening hours, services and closures today;
    # filtered by a postcode, its look-up too.
    with django_assert_num_queries(7 if "postcode" in filters else 6) as few:
        response = client.get(reverse("hubs:list"), filters)
    assert len(response.context["hubs"]) == 1
    for n in range(1, 15):
        _directory_hub(n, ward=None if n % 2 else Ward.objects.current().get(slug="shard-end"))
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("hubs:list"), filters)
    assert len(response.context["hubs"]) == (8 if filters else 15)


def test_the_directory_pages_a_larger_area_and_counts_every_hub(client):
    for n in range(HUBS_PER_PAGE + 2):
        _directory_hub(n)
    first = client.get(reverse("hubs:list"))
    assert len(first.context["hubs"]) == HUBS_PER_PAGE
    body = first.content.decode()
    assert f"{HUBS_PER_PAGE + 2} hubs" in body and 'href="?page=2"' in body
    assert len(client.get(reverse("hubs:list") + "?page=2").context["hubs"]) == 2


def test_directory_refuses_writes(client):
    assert client.post(reverse("hubs:list")).status_code == 405


# A hub's page


def _full_hub():
    hub = HubFactory(
        name="Shard End Hub", address="All Saints Square", description="The library, a GP clinic and advice.",
        accessibility="Step-free entrance from the square. Hearing loop at reception.", phone="0121 303 0000",
        email="shardend.hub@birmingham.gov.uk", website="https://www.birmingham.gov.uk/shardend",
        hours=[(0, "09:00", "13:00"), (0, "14:00", "17:00"), (1, "09:00", "17:00"), (2, "10:00", "12:00"),
               (3, "09:00", "17:00"), (4, "09:00", "16:30")],
    )
    advice = HubServiceFactory(
        hub=hub, name="Debt advice", description="Free, confidential help with debts.",
        organisation=OrganisationFactory(name="Citizens Advice Birmingham"), category=HubService.Category.ADVICE,
        who_for="Anyone living in Birmingham", how_to_access="Drop in", phone="0808 278 7833",
        email="advice@example.org", url="https://example.org/debt",
    )
    ServiceSchedule.objects.create(service=advice, weekday=1, opens=datetime.time(10), closes=datetime.time(12))
    ServiceSchedule.objects.create(service=advice, weekday=3, opens=datetime.time(13, 30), closes=datetime.time(16))
    HubServiceFactory(hub=hub, name="Baby clinic", category=HubService.Category.FAMILIES, is_demo=True,
                      organisation=OrganisationFactory(name="Birmingham Community Healthcare"))
    SpaceFactory(hub=hub, name="Community Room", kind=Space.Kind.ROOM, capacity=30, accessible=True)
    SpaceFactory(hub=hub, name="Upstairs Office", kind=Space.Kind.OFFICE, capacity=1, accessible=False,
                 bookable_by=BookableBy.PARTNERS)
    SpaceFactory(hub=hub, name="Plant Room", bookable_by=BookableBy.NOBODY)
    return hub


def test_hub_page_shows_the_hub_its_hours_services_and_spaces(client):
    hub = _full_hub()

    response = client.get(reverse("hubs:detail", args=[hub.slug]))

    assert response.status_code == 200
    html, page = response.content.decode(), text(response)
    assert '<a class="govuk-link" href="/wards/shard-end/">Shard End</a>' in html
    assert "Address All Saints Square" in page and "Postcode B34 7AQ" in page
    assert 'href="tel:01213030000"' in html and 'href="mailto:shardend.hub@birmingham.gov.uk"' in html
    assert 'href="https://www.birmingham.gov.uk/shardend"' in html
    assert "The library, a GP clinic and advice." in page
    for day, hours in [("Monday", "9am to 1pm and 2pm to 5pm"), ("Tuesday", "9am to 5pm"),
                       ("Wednesday", "10am to 12pm"), ("Friday", "9am to 4:30pm"),
                       ("Saturday", "Closed"), ("Sunday", "Closed")]:
        assert re.search(rf"{day}( \(today\))? {hours}", page), day
    assert "Hearing loop at reception." in page
    # Services, grouped by category, with the organisation, when, who for, how and contact.
    assert page.index("Advice, money and benefits") < page.index("Debt advice") < page.index(
        "Children, young people and families") < page.index("Baby clinic")
    for words in ["Run by Citizens Advice Birmingham", "Free, confidential help with debts.",
                  "When Tuesdays 10am to 12pm Thursdays 1:30pm to 4pm", "Who it is for Anyone living in Birmingham",
                  "How to use it Drop in", "Phone: 0808 278 7833", "Email: advice@example.org"]:
        assert words in page
    assert 'href="https://example.org/debt"' in html
    # Only the spaces that can be booked.
    assert "Community Room Meeting room 30 people Yes Staff, partners and community groups" in page
    assert "Upstairs Office Office 1 person No Staff and partners" in page
    assert "Plant Room" not in page


def test_hub_page_shows_closed_days_and_closures(client):
    hub = HubFactory(hours=[], accessibility="")
    start = timezone.localdate() + datetime.timedelta(days=7)
    Closure.objects.create(hub=hub, starts_on=start, ends_on=start + datetime.timedelta(days=2), reason="Roof repairs")
    Closure.objects.create(hub=hub, starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2020, 1, 2),
                           reason="Long ago")
    page = text(client.get(reverse("hubs:detail", args=[hub.slug])))
    assert len(re.findall(r"day( \(today\))? Closed", page)) == 7
    assert f"is closed from {start:%-d %B %Y}" in page and "Roof repairs" in page
    assert "Long ago" not in page
    assert "No accessibility information has been given" in page
    assert "No services are listed" in page


def test_hub_page_marks_demonstration_data(client):
    hub = HubFactory(is_demo=True)
    HubServiceFactory(hub=hub, is_demo=True)
    HubServiceFactory(hub=hub)
    page = client.get(reverse("hubs:detail", args=[hub.slug])).content.decode()
    assert page.count('<strong class="govuk-tag govuk-tag--grey">Demonstration</strong>') == 2


MANAGE_LINKS = ["/dashboard/", "/week/"]


def _links(client, hub) -> dict:
    html = client.get(reverse("hubs:detail", args=[hub.slug])).content.decode()
    return {"manage": all(f'href="/hubs/{hub.slug}{path}"' in html for path in MANAGE_LINKS),
            "book": f'href="/hubs/{hub.slug}/book/"' in html}


def test_hub_managers_and_admins_see_the_management_links(client):
    manager = UserFactory(officer=True)
    hub = HubFactory(managers=[manager])
    SpaceFactory(hub=hub)
    client.force_login(manager)
    assert _links(client, hub) == {"manage": True, "book": True}
    client.force_login(UserFactory(admin=True))
    assert _links(client, hub) == {"manage": True, "book": True}


def test_others_do_not_see_the_management_links(client):
    other_officer = UserFactory(officer=True)
    HubFactory(managers=[other_officer])
    hub = HubFactory()
    SpaceFactory(hub=hub)
    assert _links(client, hub) == {"manage": False, "book": False}  # anonymous
    client.force_login(other_officer)
    assert _links(client, hub) == {"manage": False, "book": True}
    client.force_login(UserFactory(partner=True))
    assert _links(client, hub) == {"manage": False, "book": True}
    assert "Book a room" in text(client.get(reverse("hubs:detail", args=[hub.slug])))


def test_no_booking_link_when_no_space_can_be_booked(client):
    hub = HubFactory()
    SpaceFactory(hub=hub, bookable_by=BookableBy.NOBODY)
    client.force_login(UserFactory(partner=True))
    assert _links(client, hub) == {"manage": False, "book": False}


def test_unknown_hub_gets_the_styled_404(client):
    response = client.get(reverse("hubs:detail", args=["nowhere"]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page and "govuk-template" in page


def _add_service(hub, n: int):
    service = HubServiceFactory(hub=hub, category=list(HubService.Category)[n % 12])
    ServiceSchedule.objects.create(service=service, weekday=n % 7, opens=datetime.time(10), closes=datetime.time(12))
    ServiceSchedule.objects.create(service=service, weekday=n % 7, opens=datetime.time(14), closes=datetime.time(16))
    SpaceFactory(hub=hub)


@pytest.mark.parametrize("role", [None, "manager"])
def test_hub_page_query_count_does_not_grow_with_services_and_spaces(client, django_assert_num_queries, role,
                                                                     session_queries):
    manager = UserFactory(officer=True)
    hub = HubFactory(managers=[manager])
    if role:
        client.force_login(manager)
    _add_service(hub, 0)
    with django_assert_num_queries(6 if role is None else 8 + session_queries) as few:
        client.get(reverse("hubs:detail", args=[hub.slug]))
    for n in range(1, 20):
        _add_service(hub, n)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("hubs:detail", args=[hub.slug]))
    assert len(response.context["spaces"]) == 20
    assert len(response.context["hub"].services.all()) == 20


def test_hub_page_refuses_writes(client):
    hub = HubFactory()
    assert client.post(reverse("hubs:detail", args=[hub.slug])).status_code == 405
    assert client.put(reverse("hubs:detail", args=[hub.slug])).status_code == 405
