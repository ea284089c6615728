"""The city ranking page: the 69 wards ranked on a measure of their profiles, as a table and as
a map coloured in five classes, read from the figures the product ships."""

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from wards.forms.profiles import MEASURE_UNKNOWN, ORDER_UNKNOWN
from wards.geometry import city_svg
from wards.models import Ward
from wards.models.profiles import DeprivationSummary
from wards.selectors.profile_ranking import (
    CLASSES_NOTE,
    IMD_RANKING_CAVEAT,
    NO_DATA_FILL,
    PALETTE,
    quantile_classes,
)
from wards.selectors.profiles import CENSUS_CAVEAT, CENSUS_SOURCE, IMD_SOURCE, MEASURES
from wards.tests.factories import WardFactory

pytestmark = pytest.mark.django_db

URL = reverse("wards:profiles")
ALL_IN_THE_MOST_DEPRIVED_10PCT = {
    "Balsall Heath West", "Bordesley Green", "Heartlands", "Lozells", "Newtown", "Shard End",
}
POOR_FIT = {"Bournville & Cotteridge", "Garretts Green", "Newtown", "South Yardley", "Sutton Four Oaks"}


class RankingPage(HTMLParser):
    """What a reader sees on the page: the table's rows, the map's ward shapes and the key."""

    def __init__(self, html: str):
        super().__init__()
        self.rows: list[dict] = []  # place, ward, value, poor_fit
        self.paths: dict[str, dict] = {}  # by ward slug: fill, title
        self.key: list[dict] = []  # low, high, fill (None for "no data")
        self.sorted_headers: list[tuple[str, str]] = []  # (header text, aria-sort)
        self._row = self._cell = self._path = self._header = None
        self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and "data-ward" in attrs:
            self._row = {"slug": attrs["data-ward"], "cells": [], "poor_fit": False}
        elif self._row is not None and tag in ("td", "th"):
            self._cell = []
        elif self._row is not None and tag == "strong" and "govuk-tag" in attrs.get("class", ""):
            self._row["poor_fit"] = True
        elif tag == "th" and "aria-sort" in attrs:
            self._header = {"sort": attrs["aria-sort"], "text": []}
        elif tag == "path" and "data-ward" in attrs:
            self._path = self.paths[attrs["data-ward"]] = {"fill": attrs["fill"], "title": ""}
        elif tag == "title" and self._path is not None:
            self._in_title = True
        elif tag == "li" and "data-low" in attrs:
            self.key.append({"low": Decimal(attrs["data-low"]), "high": Decimal(attrs["data-high"])})
        elif tag == "li" and "data-no-data" in attrs:
            self.key.append({"low": None, "high": None})
        elif tag == "rect" and self.key and "fill" not in self.key[-1]:
            self.key[-1]["fill"] = attrs["fill"]

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row["cells"].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            place, ward, value = self._row["cells"][:3]
            self.rows.append({"slug": self._row["slug"], "place": place, "ward": ward, "value": value,
                              "poor_fit": self._row["poor_fit"]})
            self._row = None
        elif tag == "th" and self._header is not None:
            self.sorted_headers.append((" ".join("".join(self._header["text"]).split()), self._header["sort"]))
            self._header = None
        elif tag == "title":
            self._in_title = False
        elif tag == "path":
            self._path = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._header is not None:
            self._header["text"].append(data)
        if self._in_title:
            self._path["title"] += data

    @property
    def wards(self) -> list[str]:
        return [r["ward"] for r in self.rows]


def _page(client, **params) -> tuple[object, RankingPage]:
    response = client.get(URL, params)
    return response, RankingPage(response.content.decode())


def _number(text: str) -> Decimal:
    return Decimal(text.rstrip("%").replace(",", ""))


def test_the_default_measure_ranks_the_wards_whose_every_neighbourhood_is_most_deprived_first(client):
    response, page = _page(client)
    assert response.status_code == 200
    assert len(page.rows) == 69
    assert set(page.wards[:6]) == ALL_IN_THE_MOST_DEPRIVED_10PCT
    assert page.wards[:6] == sorted(page.wards[:6])  # equal figures: A to Z
    assert [r["place"] for r in page.rows[:7]] == ["1"] * 6 + ["7"]
    assert {r["value"] for r in page.rows[:6]} == {"100.0%"}
    assert page.rows[6]["value"] != "100.0%"
    html = response.content.decode()
    assert "Birmingham: <strong>41.3%</strong>" in html
    assert page.sorted_headers[0][1] == "descending"


def test_mean_rank_ascending_puts_the_most_deprived_ward_first(client):
    _, page = _page(client, measure="imd_mean_rank", order="asc")
    assert page.wards[0] == "Sparkbrook & Balsall Heath East"
    assert page.wards[-1] == "Sutton Roughley"
    assert page.rows[0] == {**page.rows[0], "place": "1", "value": "1,289"}  # ranks are whole, with separators
    _, descending = _page(client, measure="imd_mean_rank", order="desc")
    assert descending.wards == page.wards[::-1]
    _, usual = _page(client, measure="imd_mean_rank")  # a rank's usual order is place 1 first
    assert usual.wards == page.wards


def test_the_table_sorts_by_ward_name_both_ways(client):
    names = sorted(Ward.objects.current().values_list("name", flat=True))
    _, page = _page(client, measure="usual_residents", sort="name")
    assert page.wards == names
    assert page.sorted_headers == [("Ward: sort by name, Z to A ▲", "ascending")]
    _, page = _page(client, measure="usual_residents", sort="name", order="desc")
    assert page.wards == names[::-1]
    assert page.sorted_headers[0][1] == "descending"


def test_counts_show_thousands_separators(client):
    _, page = _page(client, measure="usual_residents")
    acocks_green = next(r for r in page.rows if r["ward"] == "Acocks Green")
    assert acocks_green["value"] == "26,154"
    assert [_number(r["value"]) for r in page.rows] == sorted((_number(r["value"]) for r in page.rows), reverse=True)


@pytest.mark.parametrize("measure", ["imd_most_deprived_10pct", "imd_mean_rank", "usual_residents",
                                     "age_65_plus", "eth_black", "hh_social_rented_council", "disabled"])
def test_the_map_and_the_table_carry_the_same_figure_for_every_ward(client, measure):
    _, page = _page(client, measure=measure)
    assert len(page.paths) == 69
    assert {r["slug"] for r in page.rows} == set(page.paths)
    classes = [k for k in page.key if k["low"] is not None]
    for row in page.rows:
        path = page.paths[row["slug"]]
        assert path["title"] == f"{row['ward']}: {row['value']}"
        value = _number(row["value"])
        holding = [k for k in classes if k["low"] <= value <= k["high"]]
        assert len(holding) == 1, f"{row['ward']} {value} in {holding}"  # the key covers every figure, once
        assert path["fill"] == holding[0]["fill"]


def test_the_key_has_five_quantile_classes_in_the_palettes_order(client):
    response, page = _page(client)
    assert [k["fill"] for k in page.key] == list(PALETTE)
    assert [(k["low"], k["high"]) for k in page.key][0] == (Decimal("0.0"), Decimal("0.0"))  # the 14 wards at 0
    assert page.key[-1]["high"] == Decimal("100.0")
    assert CLASSES_NOTE in response.content.decode().replace("&#x27;", "'")
    _, ranks = _page(client, measure="imd_mean_rank")  # darker is more deprived: the lowest ranks
    assert [k["fill"] for k in ranks.key] == list(reversed(PALETTE))


def test_quantile_classes_never_split_equal_figures():
    measure = MEASURES["imd_most_deprived_10pct"]
    values = [Decimal(0)] * 30 + [Decimal(n) for n in range(1, 40)]
    classes = quantile_classes(measure, values)
    assert classes[0].low == classes[0].high == 0 and classes[0].wards == 30
    assert sum(c.wards for c in classes) == 69
    assert all(a.high < b.low for a, b in zip(classes, classes[1:], strict=False))
    assert classes[-1].colour == PALETTE[-1]
    assert quantile_classes(measure, [Decimal(5)] * 3)[0].label == "5.0%"


def test_a_ward_without_a_figure_is_hatched_on_the_map_and_comes_last(client):
    DeprivationSummary.objects.filter(ward__name="Lozells").delete()
    response, page = _page(client)
    assert page.rows[-1] == {**page.rows[-1], "ward": "Lozells", "value": "No data", "place": ""}
    assert page.paths["lozells"]["fill"] == "url(#ranking-no-data)"
    assert page.key[-1] == {"low": None, "high": None, "fill": NO_DATA_FILL}
    assert "No data <span" in response.content.decode()
    assert "Lozells" not in page.wards[:6]


def test_census_measures_flag_the_poor_fit_wards_and_carry_the_census_caveat(client):
    response, page = _page(client, measure="age_65_plus")
    assert {r["ward"] for r in page.rows if r["poor_fit"]} == POOR_FIT
    html = response.content.decode().replace("&#x27;", "'")
    assert CENSUS_CAVEAT in html and CENSUS_SOURCE in html
    assert 'href="#poor-fit"' in html and 'id="poor-fit"' in html
    assert IMD_SOURCE not in html


def test_deprivation_measures_say_they_are_no_official_ward_figure(client):
    response, page = _page(client, measure="imd_most_deprived_20pct")
    assert not any(r["poor_fit"] for r in page.rows)
    html = response.content.decode().replace("&#x27;", "'")
    assert IMD_RANKING_CAVEAT in html and IMD_SOURCE in html
    assert CENSUS_CAVEAT not in html
    assert "Fit of the small areas" not in html


def test_the_measure_select_groups_the_measures_and_keeps_the_choice(client):
    response = client.get(URL, {"measure": "eth_asian"})
    html = response.content.decode()
    for group in ("Population", "Age", "Ethnic group", "Deprivation"):
        assert f'<optgroup label="{group}">' in html
    assert html.count("<option ") == len(MEASURES)
    assert '<option value="eth_asian" selected>' in html
    assert html.count(" selected>") == 1
    assert 'role="img" aria-labelledby="ranking-map-title"' in html


def test_an_unknown_measure_is_an_error_on_the_field(client):
    response = client.get(URL, {"measure": "shoe_size"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'<a href="#id_measure">{MEASURE_UNKNOWN}</a>' in html
    assert ('<p id="measure-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> '
            f"{MEASURE_UNKNOWN}</p>") in html
    assert 'aria-describedby="measure-hint measure-error"' in html
    assert "<title>Error: Compare wards" in html
    assert "<table" not in html and "<path data-ward" not in html


@pytest.mark.parametrize("params", [{"order": "sideways"}, {"sort": "colour"}, {"sort": "name", "order": "up"}])
def test_an_unknown_order_falls_back_to_the_usual_one_and_says_so(client, params):
    response, page = _page(client, measure="imd_mean_rank", **params)
    assert response.status_code == 200
    assert ORDER_UNKNOWN in response.content.decode().replace("&#x27;", "'")
    assert page.wards[0] == "Sparkbrook & Balsall Heath East"


def test_no_measure_given_is_the_default_one(client):
    _, page = _page(client, sort="name")
    assert page.wards[0] == "Acocks Green"
    assert page.paths["lozells"]["title"] == "Lozells: 100.0%"


@pytest.mark.parametrize("measure", ["imd_most_deprived_10pct", "usual_residents", "eth_white"])
def test_the_page_runs_three_queries_whatever_the_number_of_wards(client, django_assert_num_queries, measure):
    with django_assert_num_queries(3) as captured:  # the ranking, the city's figure, the boundaries
        client.get(URL, {"measure": measure})
    drawn = [q["sql"] for q in captured.captured_queries if "boundary_simplified" in q["sql"]]
    assert len(drawn) == 1 and '"boundary"' not in drawn[0].replace('"boundary_simplified"', "")
    WardFactory.create_batch(10)
    with django_assert_num_queries(3):
        response = client.get(URL, {"measure": measure})
    assert len(RankingPage(response.content.decode()).rows) == 79


def test_city_svg_draws_every_ward_to_one_scale():
    square = {"type": "Polygon", "coordinates": [[[0, 0], [0.01, 0], [0.01, 0.01], [0, 0.01], [0, 0]]]}
    east = {"type": "MultiPolygon", "coordinates": [[[[0.02, 0], [0.03, 0], [0.03, 0.01], [0.02, 0]]]]}
    shape = city_svg([square, None, east], width=310, padding=5)
    assert shape.view_box == "0 0 310 110"
    assert shape.paths[1] is None
    assert shape.paths[0].startswith("M5.0,105.0 L105.0,105.0")  # the west square, at the left
    assert shape.paths[2].startswith("M205.0,105.0")  # the east one, two of its widths further on
    assert city_svg([None]) is None


def test_the_ward_list_links_to_the_ranking(client):
    assert f'href="{URL}"' in client.get(reverse("wards:list")).content.decode()
