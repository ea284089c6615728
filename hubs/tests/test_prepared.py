"""A read built once and run again answers what the ORM's query set answers, converted alike,
and is compiled once for each shape, not for each run."""

import datetime
from decimal import Decimal

import pytest
from django.db.models.sql.compiler import SQLCompiler

from hubs.models import Closure, Space
from hubs.selectors.prepared import Prepared
from hubs.tests.factories import HubFactory, SpaceFactory

pytestmark = pytest.mark.django_db


def _spaces(slots, count):
    return (Space.objects.filter(hub_id__in=[slots.number(f"hub{n}") for n in range(count)])
            .order_by("name").values_list("pk", "name", "floor_area_m2", "accessible", "hub_id"))


def test_the_rows_are_the_query_sets_converted_alike():
    hubs = [HubFactory(), HubFactory()]
    for n, hub in enumerate(hubs):
        SpaceFactory(hub=hub, name=f"Hall {n}", floor_area_m2=Decimal("12.5"), accessible=bool(n))
    prepared = Prepared(Space, _spaces)
    rows = prepared.rows((2,), hub0=hubs[0].pk, hub1=hubs[1].pk)
    expected = list(Space.objects.filter(hub__in=hubs).order_by("name").values_list(
        "pk", "name", "floor_area_m2", "accessible", "hub_id"))
    assert rows == expected
    assert isinstance(rows[0][2], Decimal) and rows[1][3] is True
    assert prepared.rows((1,), hub0=hubs[1].pk) == expected[1:]


def test_days_are_given_as_the_orm_gives_them():
    hub = HubFactory()
    Closure.objects.create(hub=hub, starts_on=datetime.date(2027, 4, 2), ends_on=datetime.date(2027, 4, 9),
                           reason="Easter")
    prepared = Prepared(Closure, lambda slots: Closure.objects.filter(
        hub_id=slots.number("hub"), starts_on__lte=slots.day("end")).values_list("starts_on", "ends_on"))
    assert prepared.rows(hub=hub.pk, end=datetime.date(2027, 4, 2)) == [
        (datetime.date(2027, 4, 2), datetime.date(2027, 4, 9))]
    assert prepared.rows(hub=hub.pk, end=datetime.date(2027, 4, 1)) == []


def test_a_shape_is_compiled_once(monkeypatch):
    hub = HubFactory()
    SpaceFactory(hub=hub)
    compiled = []
    as_sql = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda self, *a, **k: compiled.append(1) or as_sql(self, *a, **k))
    prepared = Prepared(Space, _spaces)
    for _ in range(3):
        assert len(prepared.rows((1,), hub0=hub.pk)) == 1
    assert len(compiled) == 1
    prepared.rows((2,), hub0=hub.pk, hub1=hub.pk)
    assert len(compiled) == 2


def test_a_stand_in_the_statement_does_not_carry_is_refused():
    prepared = Prepared(Space, lambda slots: (slots.number("unused"), Space.objects.values_list("pk"))[1])
    with pytest.raises(ValueError, match="unused"):
        prepared.rows(unused=1)
