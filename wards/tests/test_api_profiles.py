"""The ward profiles in the partner API: wards/{gss_code}/profile/, the `profile` block of each
ward, ordering wards/ by a measure and the profile filters, on the real 69 wards' data."""

from decimal import ROUND_HALF_UP, Decimal

import pytest

from localism.accounts.tests.factories import UserFactory, token_for
from wards.api.profiles import PROFILE_NOT_LOADED
from wards.models import CensusFigure
from wards.selectors.profiles import CENSUS_CAVEAT, CENSUS_SOURCE, IMD_SOURCE, MEASURES
from wards.tests.factories import CouncillorSeatFactory, WardFactory

pytestmark = pytest.mark.django_db

WARDS = "/api/v1/wards/"
SBHE, SUTTON_ROUGHLEY, SHARD_END, ACOCKS_GREEN = "E05011170", "E05011177", "E05011165", "E05011118"
POOR_FIT = {"E05011169": "South Yardley", "E05011156": "Newtown", "E05011137": "Garretts Green",
            "E05011129": "Bournville & Cotteridge", "E05011174": "Sutton Four Oaks"}
ALL_IN_MOST_DEPRIVED_10PCT = ["Balsall Heath West", "Bordesley Green", "Heartlands", "Lozells", "Newtown",
                              "Shard End"]


def profile(api_client, code):
    response = api_client.get(f"{WARDS}{code}/profile/")
    assert response.status_code == 200, response.content
    return response.json()


def test_anyone_may_read_a_wards_profile_with_its_sources_and_caveats(api_client):
    body = profile(api_client, SBHE)
    assert (body["gss_code"], body["name"]) == (SBHE, "Sparkbrook & Balsall Heath East")
    assert body["url"].endswith(f"/api/v1/wards/{SBHE}/profile/")
    assert body["ward_url"].endswith(f"/api/v1/wards/{SBHE}/")
    census = body["census"]
    assert (census["release"], census["source"], census["caveat"]) == ("Census 2021", CENSUS_SOURCE, CENSUS_CAVEAT)
    assert [t["table"] for t in census["tables"]] == ["age", "ethnicity", "tenure", "disability"]
    assert {t["table"]: t["unit"] for t in census["tables"]} == {
        "age": "usual residents", "ethnicity": "usual residents", "tenure": "households",
        "disability": "usual residents"}
    deprivation = body["deprivation"]
    assert deprivation["source"] == IMD_SOURCE
    assert deprivation["caveat"].startswith("Not an official ward figure")
    assert "unweighted summary of the 14 small areas" in deprivation["caveat"]
    assert deprivation["city_rank"] == 1
    assert deprivation["lsoas_by_decile"][0] == {"decile": 1, "lsoas": 13}
    assert [d["decile"] for d in deprivation["lsoas_by_decile"]] == list(range(1, 11))
    assert sum(d["lsoas"] for d in deprivation["lsoas_by_decile"]) == deprivation["small_areas"] == 14
    assert deprivation["summary"] == (
        "13 of its 14 neighbourhoods are among the most deprived 10% in England, and 14 among the most deprived 20%.")
    # Percentages and ratios are numbers, as the API's other rates are.
    assert isinstance(deprivation["most_deprived_10pct"], float)
    assert isinstance(census["fit"]["ratio"], float)


def test_the_least_and_the_most_deprived_wards(api_client):
    assert profile(api_client, SUTTON_ROUGHLEY)["deprivation"]["city_rank"] == 69
    shard_end = profile(api_client, SHARD_END)["deprivation"]
    assert shard_end["most_deprived_10pct"] == 100.0
    assert shard_end["summary"] == "All 6 of its neighbourhoods are among the most deprived 10% in England."


@pytest.mark.parametrize("code", [SBHE, SHARD_END, SUTTON_ROUGHLEY, ACOCKS_GREEN, *POOR_FIT])
def test_each_tables_categories_add_up_to_its_totals(api_client, code):
    for table in profile(api_client, code)["census"]["tables"]:
        categories = table["categories"]
        assert sum(c["count"] for c in categories) == table["ward_total"], table["table"]
        assert sum(c["city_count"] for c in categories) == table["city_total"], table["table"]
        assert abs(sum(c["percent"] for c in categories) - 100) < 1, table["table"]
        assert all(c["ons_category"] and c["name"] for c in categories)


def test_the_city_totals_are_birminghams(api_client):
    tables = {t["table"]: t for t in profile(api_client, ACOCKS_GREEN)["census"]["tables"]}
    assert tables["ethnicity"]["city_total"] == 1_144_941
    assert tables["tenure"]["city_total"] == 423_441
    asian = next(c for c in tables["ethnicity"]["categories"] if c["code"] == "asian")
    assert (asian["count"], asian["percent"]) == (8913, 34.1)


@pytest.mark.parametrize("code, name", POOR_FIT.items())
def test_a_poor_fit_is_flagged_with_its_caveat(api_client, code, name):
    fit = profile(api_client, code)["census"]["fit"]
    assert fit["flag"] == "poor"
    assert fit["caveat"].startswith("Use these figures with care.")
    # The ratio to two places, rounded half up (South Yardley's 0.705 reads "0.71 times").
    ratio = Decimal(str(fit["ratio"])).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert name in fit["caveat"] and f"{ratio} times" in fit["caveat"]
    assert f"{fit['ons_mid2024_estimate']:,} people" in fit["caveat"]


def test_a_good_fit_has_no_caveat(api_client):
    fit = profile(api_client, ACOCKS_GREEN)["census"]["fit"]
    assert fit == {"flag": "good", "ratio": 1.076, "ons_mid2024_estimate": 25120, "caveat": ""}


def test_a_ward_without_a_profile_is_a_404_that_says_so(api_client):
    extra = WardFactory()
    response = api_client.get(f"{WARDS}{extra.gss_code}/profile/")
    assert response.status_code == 404
    assert response.json() == {"detail": PROFILE_NOT_LOADED.format(ward=extra.name)}
    assert api_client.get(f"{WARDS}{extra.gss_code}/").json()["profile"] is None
    assert api_client.get(f"{WARDS}E05099999/profile/").json() == {"detail": "Not found."}


def test_partners_read_the_profile_with_their_token(api_client):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(UserFactory(partner=True))}")
    assert api_client.get(f"{WARDS}{SBHE}/profile/").status_code == 200
    assert api_client.post(f"{WARDS}{SBHE}/profile/", {}).status_code == 405


def test_the_profile_takes_the_same_queries_for_every_ward(api_client, django_assert_num_queries):
    # The ward (read twice: once for its permission), its profile, figures, the city's, deprivation
    # and the number of wards it is ranked among.
    with django_assert_num_queries(7) as one:
        profile(api_client, SBHE)
    with django_assert_num_queries(len(one.captured_queries)):
        profile(api_client, SUTTON_ROUGHLEY)


def test_each_ward_in_the_list_has_its_profile_headlines(api_client):
    wards = {w["gss_code"]: w for w in api_client.get(WARDS, {"page_size": 100}).json()["results"]}
    assert wards[SHARD_END]["profile"]["imd_most_deprived_10pct"] == 100.0
    assert wards[SUTTON_ROUGHLEY]["profile"]["imd_city_rank"] == 69
    acocks_green = api_client.get(f"{WARDS}{ACOCKS_GREEN}/").json()["profile"]
    assert acocks_green == {"usual_residents": 26154, "households": 9763, "fit": "good",
                            "imd_most_deprived_10pct": 33.3, "imd_city_rank": 30,
                            "url": f"http://testserver/api/v1/wards/{ACOCKS_GREEN}/profile/"}


def names(api_client, **params):
    return [w["name"] for w in api_client.get(WARDS, {"page_size": 100, **params}).json()["results"]]


def test_ordering_by_the_share_in_the_most_deprived_tenth(api_client):
    WardFactory(name="Aaa Ward Without A Profile")
    ordered = names(api_client, ordering="-imd_most_deprived_10pct")
    assert ordered[:6] == ALL_IN_MOST_DEPRIVED_10PCT  # at 100%, by name
    assert ordered[6] not in ALL_IN_MOST_DEPRIVED_10PCT
    assert ordered[-1] == "Aaa Ward Without A Profile"  # no value: last, either way
    assert names(api_client, ordering="imd_most_deprived_10pct")[-1] == "Aaa Ward Without A Profile"


def test_ordering_by_mean_rank_puts_the_city_ranks_in_order(api_client):
    ordered = names(api_client, ordering="imd_mean_rank")
    assert ordered[0] == "Sparkbrook & Balsall Heath East"
    assert ordered[-1] == "Sutton Roughley"
    assert names(api_client, ordering="-imd_mean_rank")[0] == "Sutton Roughley"


def test_ordering_by_a_census_share(api_client):
    asian = CensusFigure.objects.filter(table="ethnicity", code="asian")
    by_share = [f.ward.name for f in sorted(asian.select_related("ward"), key=lambda f: (-f.percent, f.ward.name))]
    assert names(api_client, ordering="-eth_asian") == by_share
    assert names(api_client, ordering="eth_asian")[0] == by_share[-1]


def test_the_fields_still_order_and_combine_with_measures(api_client):
    assert names(api_client, ordering="name")[0] == "Acocks Green"
    assert names(api_client, ordering="-name")[0] == "Yardley West & Stechford"
    seats = [w["seats"] for w in api_client.get(WARDS, {"page_size": 100, "ordering": "-seats"}).json()["results"]]
    assert seats == sorted(seats, reverse=True)
    wards = api_client.get(WARDS, {"page_size": 100, "ordering": "-seats,-imd_most_deprived_10pct"}).json()["results"]
    keys = [(w["seats"], w["profile"]["imd_most_deprived_10pct"]) for w in wards]
    assert keys == sorted(keys, reverse=True)
    assert keys[0][0] == 2 and keys[-1][0] == 1 and len(set(keys)) > 2


@pytest.mark.parametrize("ordering", ["bogus", "-imd", "name,", " name", "profile__fit", "--name",
                                      "Imd_mean_rank", "name,,seats"])
def test_an_unknown_ordering_is_a_400_naming_it(api_client, ordering):
    response = api_client.get(WARDS, {"ordering": ordering})
    assert response.status_code == 400
    (message,) = response.json()["ordering"]
    assert message.startswith("Order by name, gss_code, seats or one of the profile measures")
    assert "imd_most_deprived_10pct" in message


def test_every_measure_orders_the_wards(api_client):
    for key in MEASURES:
        for term in (key, f"-{key}"):
            response = api_client.get(WARDS, {"ordering": term, "page_size": 100})
            assert response.status_code == 200, term
            assert response.json()["count"] == 69


def test_ordering_by_a_measure_takes_no_more_queries(api_client, django_assert_num_queries):
    with django_assert_num_queries(3) as plain:
        api_client.get(WARDS, {"page_size": 500})
    for _ in range(20):
        CouncillorSeatFactory(ward=WardFactory())
    for ordering in ("-imd_most_deprived_10pct", "eth_asian", "-usual_residents,name"):
        with django_assert_num_queries(len(plain.captured_queries)):
            body = api_client.get(WARDS, {"page_size": 500, "ordering": ordering}).json()
        assert len(body["results"]) == 89


@pytest.mark.parametrize("params, expected", [
    ({"fit": "poor"}, sorted(POOR_FIT.values())),
    ({"imd_most_deprived_10pct_min": "100"}, ALL_IN_MOST_DEPRIVED_10PCT),
    ({"imd_most_deprived_10pct_min": "99.9", "fit": "poor"}, ["Newtown"]),
])
def test_profile_filters(api_client, params, expected):
    assert names(api_client, **params) == expected


def test_a_share_filter_counts_the_wards_at_or_above_it(api_client):
    wards = api_client.get(WARDS, {"imd_most_deprived_10pct_min": "50", "page_size": 100}).json()["results"]
    assert wards and all(Decimal(str(w["profile"]["imd_most_deprived_10pct"])) >= 50 for w in wards)


@pytest.mark.parametrize("params, field", [
    ({"fit": "awful"}, "fit"),
    ({"imd_most_deprived_10pct_min": "lots"}, "imd_most_deprived_10pct_min"),
    ({"imd_most_deprived_10pct_min": "101"}, "imd_most_deprived_10pct_min"),
    ({"imd_most_deprived_10pct_min": "-1"}, "imd_most_deprived_10pct_min"),
    ({"imd_most_deprived_10pct_min": "NaN"}, "imd_most_deprived_10pct_min"),
])
def test_bad_filter_values_are_a_400_naming_the_field(api_client, params, field):
    response = api_client.get(WARDS, params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_the_schema_describes_the_profile_and_the_ordering(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/wards/{gss_code}/profile/"]["get"]
    assert set(operation["responses"]) >= {"200", "401", "404", "429"}
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/WardProfile")
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/wards/"]["get"]["parameters"]}
    assert "imd_most_deprived_10pct" in parameters["ordering"]["schema"]["pattern"]
    assert parameters["fit"]["schema"]["enum"] == ["fair", "good", "poor"]
    assert {"fit", "imd_most_deprived_10pct_min"} <= set(parameters)
    components = schema["components"]["schemas"]
    assert {"census", "deprivation"} <= set(components["WardProfile"]["properties"])
    assert "profile" in components["Ward"]["properties"]
