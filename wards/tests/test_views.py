import pytest
from django.urls import reverse
from django.utils.html import escape

from wards import selectors
from wards.models import Ward
from wards.tests.factories import CouncillorSeatFactory, WardFactory
from wards.views.geography import WARDS_PER_PAGE

pytestmark = pytest.mark.django_db


def test_home_says_what_the_service_is(client):
    page = client.get("/").content.decode()
    assert "Your ward, your council" in page
    assert "69" in page and "101" in page


def test_find_your_ward_by_postcode_opens_the_ward_page(client):
    response = client.get(reverse("wards:find"), {"postcode": "b11 1aa"}, follow=True)
    assert response.redirect_chain[-1][0] == "/wards/sparkbrook-and-balsall-heath-east/"
    page = response.content.decode()
    assert "B11 1AA is in Sparkbrook &amp; Balsall Heath East ward." in page
    assert "<h1 class=\"govuk-heading-xl\">Sparkbrook &amp; Balsall Heath East</h1>" in page


def test_find_warns_when_the_postcode_location_is_approximate(client):
    from wards.models import Postcode

    approximate = Postcode.objects.filter(approximate=True).first()
    response = client.get(reverse("wards:find"), {"postcode": approximate.postcode}, follow=True)
    assert "location is approximate" in response.content.decode()


@pytest.mark.parametrize("postcode, status, message", [
    ("", 400, selectors.POSTCODE_MISSING),
    ("B1", 400, selectors.POSTCODE_MALFORMED),
    ("SW1A 1AA", 404, "SW1A 1AA is not a Birmingham postcode we know."),
])
def test_find_explains_a_bad_postcode(client, postcode, status, message):
    response = client.get(reverse("wards:find"), {"postcode": postcode})
    assert response.status_code == status
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert "<title>Error: Find your ward" in page


def test_ward_list_filters_by_constituency(client):
    response = client.get(reverse("wards:list"), {"constituency": "Sutton Coldfield"})
    wards = response.context["wards"]
    assert len(wards) == 8
    assert {w.constituency for w in wards} == {"Sutton Coldfield"}
    assert "8 wards in Sutton Coldfield, electing 10 councillors." in response.content.decode()


def test_ward_list_ignores_an_unknown_constituency(client):
    response = client.get(reverse("wards:list"), {"constituency": "Atlantis"})
    assert response.status_code == 200
    assert len(response.context["wards"]) == 69


def test_ward_list_query_count_does_not_grow_with_wards(client, django_assert_num_queries):
    CouncillorSeatFactory()
    # The filter's constituencies, the page's count, the seats, the wards, their councillors.
    with django_assert_num_queries(5) as before:
        client.get(reverse("wards:list"))
    for _ in range(25):
        CouncillorSeatFactory(ward=WardFactory())
    with django_assert_num_queries(len(before.captured_queries)):
        response = client.get(reverse("wards:list"))
    assert len(response.context["wards"]) == 94


def test_the_ward_list_pages_a_larger_area_and_counts_every_ward(client):
    for _ in range(WARDS_PER_PAGE + 5 - 69):
        WardFactory()
    first = client.get(reverse("wards:list"))
    assert len(first.context["wards"]) == WARDS_PER_PAGE
    body = first.content.decode()
    assert f"{WARDS_PER_PAGE + 5} wards" in body and 'href="?page=2"' in body
    rest = client.get(reverse("wards:list") + "?page=2").context["wards"]
    assert len(rest) == 5 and {w.pk for w in rest}.isdisjoint(w.pk for w in first.context["wards"])


def test_ward_page_shows_the_ward_its_councillors_and_boundary(client):
    seat = CouncillorSeatFactory(party="Green")
    page = client.get(reverse("wards:detail", args=["sparkbrook-and-balsall-heath-east"])).content.decode()
    assert "E05011170" in page
    assert "Hall Green" in page
    assert f'id="councillor-{seat.pk}">{escape(seat.name)}</h3>' in page
    assert '<dd class="govuk-summary-list__value">Green</dd>' in page
    assert 'class="app-map__boundary" d="M' in page
    assert "Boundary of Sparkbrook &amp; Balsall Heath East ward" in page


def test_ward_page_never_reads_the_full_boundary_it_does_not_draw(client):
    """The page draws the generalised boundary; the full one (the look-ups', and the GeoJSON
    download's) is far larger and stays in the database."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("wards:detail", args=["shard-end"]))
    assert response.status_code == 200
    assert 'class="app-map__boundary" d="M' in response.content.decode()
    ward_reads = [q["sql"] for q in queries.captured_queries if 'FROM "wards_ward"' in q["sql"]]
    assert ward_reads and not any('"wards_ward"."boundary",' in sql or '"wards_ward"."boundary" ' in sql
                                  for sql in ward_reads)


def test_former_councillors_are_not_listed(client):
    import datetime

    seat = CouncillorSeatFactory(term_start=datetime.date(2018, 5, 3), term_end=datetime.date(2022, 5, 4))
    page = client.get(reverse("wards:detail", args=["sparkbrook-and-balsall-heath-east"])).content.decode()
    assert escape(seat.name) not in page
    assert "No councillors are recorded for this ward." in page


def test_ward_boundary_downloads_as_geojson(client):
    response = client.get(reverse("wards:boundary", args=["shard-end"]))
    assert response["Content-Type"] == "application/geo+json"
    feature = response.json()
    assert feature["properties"]["gss_code"] == "E05011165"
    assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_unknown_ward_gets_the_styled_404(client):
    response = client.get("/wards/nowhere/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page and "govuk-template" in page


def test_server_error_page_is_styled(rf):
    from localism.views import server_error

    response = server_error(rf.get("/wards/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_pages_refuse_writes(client):
    assert client.post(reverse("wards:list")).status_code == 405
    assert client.post(reverse("wards:find"), {"postcode": "B11 1AA"}).status_code == 405
    assert Ward.objects.count() == 69
