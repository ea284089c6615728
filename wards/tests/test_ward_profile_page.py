"""'Who lives here' on a ward's page, and the profile beside the plan editor."""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from localism.accounts.tests.factories import UserFactory
from wards.models import Ward, WardProfile
from wards.selectors.profiles import deprivation_sentence
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_plans import PriorityFactory, WardPlanFactory

pytestmark = pytest.mark.django_db

SBHE = "sparkbrook-and-balsall-heath-east"


class Figures(HTMLParser):
    """The figures a reader sees: in each chart, its values' texts by series (ward, city) in
    order; in each table (data-table), the cells of each series in order."""

    def __init__(self):
        super().__init__()
        self.charts, self.tables, self.cells = {}, {}, {}
        self._chart = self._table = None
        self._into = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg" and "data-chart" in attrs:
            self._chart = attrs["data-chart"]
            self.charts[self._chart] = {"ward": [], "city": [], "all": []}
        elif tag == "table" and "data-table" in attrs:
            self._table = attrs["data-table"]
            self.tables[self._table] = {"ward": [], "city": [], "all": []}
        elif tag == "text" and self._chart and "app-chart__value" in (attrs.get("class") or ""):
            self._into = (self.charts[self._chart], attrs.get("data-series", "all"))
        elif tag == "td" and self._table:
            self._into = (self.tables[self._table], attrs.get("data-series", "all"))

    def handle_endtag(self, tag):
        if tag == "svg":
            self._chart = None
        elif tag == "table":
            self._table = None
        elif tag in ("text", "td"):
            self._into = None

    def handle_data(self, data):
        if self._into and data.strip():
            figures, series = self._into
            figures[series].append(data.strip())


def figures_of(html: str) -> Figures:
    parser = Figures()
    parser.feed(html)
    return parser


def test_the_ward_page_says_who_lives_there_beside_the_city(client):
    page = client.get(reverse("wards:detail", args=[SBHE])).content.decode()
    assert "Who lives here" in page
    assert '<span data-figure="usual_residents">26,771</span>' in page
    assert '<span data-figure="households">7,501</span>' in page
    assert "Birmingham: 1,144,941" in page and "Birmingham: 423,441" in page
    assert ("13 of its 14 neighbourhoods are among the most deprived 10% in England, "
            "and 14 among the most deprived 20%.") in page
    assert "is 1st of Birmingham's 69 wards from the most deprived" in page
    assert "Census 2021, approximated from small areas" in page
    assert "Not an official ward figure" in page
    assert "Poor fit" not in page


def test_each_chart_shows_the_same_figures_as_its_table(client):
    figures = figures_of(client.get(reverse("wards:detail", args=[SBHE])).content.decode())
    for table in ("age", "ethnicity", "tenure", "disability"):
        chart, rows = figures.charts[f"chart-{table}"], figures.tables[table]
        assert chart["ward"] == rows["ward"][:-1] if rows["ward"][-1:] == ["100%"] else chart["ward"] == rows["ward"]
        assert chart["city"] == rows["city"]
        assert len(chart["ward"]) == {"age": 6, "ethnicity": 5, "tenure": 8, "disability": 2}[table]
    # The Asian share of Sparkbrook & Balsall Heath East: 66.9% against the city's 31.0%.
    assert figures.charts["chart-ethnicity"]["ward"][0] == "66.9%"
    assert figures.charts["chart-ethnicity"]["city"][0] == "31.0%"
    # The decile strip: each cell's count as in the table (13 in decile 1, one in decile 2).
    assert figures.charts["deciles"]["all"] == figures.tables["deciles"]["all"] == ["13", "1"] + ["0"] * 8


def test_a_poor_fit_ward_carries_the_caveat(client):
    ward = Ward.objects.current().get(name="South Yardley")
    assert WardProfile.objects.get(ward=ward).fit == "poor"
    page = client.get(ward.get_absolute_url()).content.decode()
    assert "Poor fit" in page
    assert "fit South Yardley poorly: their total, grown to 2024, is 0.71 times ONS&#x27;s mid-2024 estimate" in page


@pytest.mark.parametrize("lsoas_by_decile, n, sentence", [
    ([11] + [0] * 9, 11, "All 11 of its neighbourhoods are among the most deprived 10% in England."),
    ([1, 0, 0, 0, 0, 1, 0, 0, 0, 0], 2, "1 of its 2 neighbourhoods is among the most deprived 10% in England."),
    ([0, 2, 0, 0, 0, 0, 3, 0, 0, 0], 5,
     "None of its 5 neighbourhoods is among the most deprived 10% in England; 2 are among the most deprived 20%."),
    ([0, 0, 0, 0, 0, 0, 1, 2, 3, 4], 10, "None of its 10 neighbourhoods is among the most deprived 20% in England."),
])
def test_the_deprivation_sentence_reads_as_plain_english(lsoas_by_decile, n, sentence):
    from wards.models import DeprivationSummary

    assert deprivation_sentence(DeprivationSummary(lsoas_by_decile=lsoas_by_decile, small_areas=n)) == sentence


def test_the_ward_page_runs_the_same_queries_for_any_ward(client):
    def queries(slug):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("wards:detail", args=[slug])).status_code == 200
        return len(captured)

    # A ward with 14 small areas, and one with 5: the profile costs the same.
    assert queries(SBHE) == queries("sutton-roughley") == queries("shard-end")


def test_a_ward_without_figures_says_so(client):
    ward = Ward.objects.current().get(name="Lozells")
    ward.profile.delete()
    ward.census_figures.all().delete()
    ward.deprivation.delete()
    page = client.get(ward.get_absolute_url()).content.decode()
    assert "No Census figures are loaded for Lozells." in page
    assert "data-chart" not in page


# --- Beside the plan editor ------------------------------------------------------------------

@pytest.fixture
def councillor_with_plan():
    ward = Ward.objects.current().get(slug=SBHE)
    councillor = CouncillorSeatFactory(ward=ward).councillor
    plan = WardPlanFactory(wards=[ward])
    return councillor, plan, PriorityFactory(plan=plan)


def test_a_councillor_editing_the_plan_sees_the_wards_profile(client, councillor_with_plan):
    councillor, plan, priority = councillor_with_plan
    client.force_login(councillor)
    for url in (reverse("plans:edit", args=[plan.pk]), reverse("plans:priority-new", args=[plan.pk]),
                reverse("plans:priority-edit", args=[priority.pk]), reverse("plans:action-new", args=[priority.pk]),
                plan.get_absolute_url()):
        page = client.get(url).content.decode()
        assert 'data-profile-summary="E05011170"' in page, url
        assert "Who lives in Sparkbrook &amp; Balsall Heath East" in page
        assert "26,771 residents in 7,501 households" in page
        assert "Largest ethnic group: Asian, Asian British or Asian Welsh" in page
        assert "13 of its 14 neighbourhoods are among the most deprived 10% in England" in page


def test_readers_of_the_plan_do_not_get_the_editors_panel(client, councillor_with_plan):
    _, plan, _ = councillor_with_plan
    plan.status = "published"
    plan.save(update_fields=["status"])
    client.force_login(UserFactory())
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "data-profile-summary" not in page


def test_a_cross_ward_plan_shows_each_wards_profile(client, councillor_with_plan):
    councillor, plan, _ = councillor_with_plan
    plan.wards.add(Ward.objects.current().get(name="Balsall Heath West"))
    client.force_login(councillor)
    page = client.get(reverse("plans:edit", args=[plan.pk])).content.decode()
    assert 'data-profile-summary="E05011170"' in page and 'data-profile-summary="E05011122"' in page
    assert "All 6 of its neighbourhoods are among the most deprived 10% in England." in page
