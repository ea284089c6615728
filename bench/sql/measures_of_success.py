"""The city-wide key figures of the measures of success report (localism.reports.measures), from
hand-written SQL: four queries, portable between SQLite and PostgreSQL. The benchmark times the
report's selector beside these; a test holds the two to the same figures on a fixed data set.

Two simplifications, both stated so that a difference can be explained: the city's wards are those
of the latest boundary generation (generation_high empty; the selector asks for the wards in force
on the period's last day, the same while no future generation is loaded), and suppression is the
city's own: counts from 1 to 4 hidden, and the one sum "answered = agreed + did not agree" kept
from revealing one. The selector solves the wards' and the city's cells together, which can, in
rare cases, hide a city figure that this shows."""

import datetime
from decimal import Decimal

from localism.core.dates import local_moment
from localism.core.numbers import half_up

SMALL = 5
AGREE = ("Strongly agree", "Agree")
KINDS = ("council_directorate", "nhs_body", "housing_association", "police", "voluntary_community",
         "social_enterprise", "private_business", "parish_town_council", "none")
CURRENT_WARD = "w.generation_high_id IS NULL"

ACTIONS = f"""
SELECT o.kind,
       COUNT(*),
       SUM(CASE WHEN a.status = 'done' AND d.first_done >= %s AND d.first_done < %s THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.due_date <= %s THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.due_date <= %s AND a.status = 'done' AND d.first_done < %s THEN 1 ELSE 0 END),
       SUM(CASE WHEN EXISTS (SELECT 1 FROM wards_action_partners p WHERE p.action_id = a.id
                             AND (a.lead_organisation_id IS NULL OR p.organisation_id <> a.lead_organisation_id))
                THEN 1 ELSE 0 END)
FROM wards_action a
JOIN wards_priority pr ON pr.id = a.priority_id
LEFT JOIN accounts_organisation o ON o.id = a.lead_organisation_id
LEFT JOIN (SELECT id, MIN(history_date) AS first_done FROM wards_historicalaction WHERE status = 'done'
           GROUP BY id) d ON d.id = a.id
WHERE pr.plan_id IN (
    SELECT pl.id FROM wards_wardplan pl
    WHERE pl.period IN ({{years}})
      AND (pl.status = 'published' OR (pl.status = 'archived' AND pl.published_at IS NOT NULL))
      AND EXISTS (SELECT 1 FROM wards_wardplan_wards pw JOIN wards_ward w ON w.id = pw.ward_id
                  WHERE pw.wardplan_id = pl.id AND {CURRENT_WARD}))
GROUP BY o.kind
"""

MONEY = f"""
SELECT
  (SELECT COUNT(*) FROM wards_ward w WHERE {CURRENT_WARD}),
  (SELECT SUM(pf.usual_residents) FROM wards_wardprofile pf JOIN wards_ward w ON w.id = pf.ward_id
   WHERE {CURRENT_WARD}),
  (SELECT COALESCE(SUM(b.allocation), 0) FROM wards_wardbudget b JOIN wards_ward w ON w.id = b.ward_id
   WHERE {CURRENT_WARD} AND b.period IN ({{years}})),
  (SELECT COALESCE(SUM(s.amount), 0) FROM wards_spendline s JOIN wards_wardbudget b ON b.id = s.budget_id
   JOIN wards_ward w ON w.id = b.ward_id WHERE {CURRENT_WARD} AND s.spent_on BETWEEN %s AND %s),
  (SELECT COALESCE(SUM(s.amount), 0) FROM wards_spendline s JOIN wards_wardbudget b ON b.id = s.budget_id
   JOIN wards_ward w ON w.id = b.ward_id
   WHERE {CURRENT_WARD} AND s.spent_on BETWEEN %s AND %s AND s.priority_id IS NOT NULL),
  (SELECT COALESCE(SUM(n.amount), 0) FROM assets_neighbourhoodcilallocation n
   JOIN assets_neighbourhoodcilaccount ac ON ac.id = n.account_id JOIN wards_ward w ON w.id = ac.ward_id
   WHERE {CURRENT_WARD} AND n.allocated_on BETWEEN %s AND %s),
  (SELECT COALESCE(SUM(n.amount), 0) FROM assets_neighbourhoodcilallocation n
   JOIN assets_neighbourhoodcilaccount ac ON ac.id = n.account_id JOIN wards_ward w ON w.id = ac.ward_id
   WHERE {CURRENT_WARD} AND n.spent_on BETWEEN %s AND %s)
"""

CLOSED = "c.status IN ('closed', 'outcome') AND c.closes_at >= %s AND c.closes_at < %s"

RESPONSES = f"""
SELECT COUNT(*) FROM engagement_response r
JOIN engagement_consultation c ON c.id = r.consultation_id JOIN wards_ward w ON w.id = r.ward_id
WHERE {CLOSED} AND {CURRENT_WARD} AND r.review <> 'excluded'
"""

INFLUENCE = f"""
SELECT COUNT(DISTINCT an.response_id),
       COUNT(DISTINCT CASE WHEN o.label IN (%s, %s) THEN an.response_id END)
FROM engagement_answer an
JOIN engagement_option o ON o.id = an.option_id
JOIN engagement_question q ON q.id = an.question_id
JOIN engagement_consultation c ON c.id = q.consultation_id
JOIN engagement_response r ON r.id = an.response_id
JOIN wards_ward w ON w.id = r.ward_id
WHERE q.measure = 'cls_influence' AND {CLOSED} AND {CURRENT_WARD} AND r.review <> 'excluded'
"""


def _years(start: datetime.date, end: datetime.date) -> list[str]:
    first = start.year if start.month >= 4 else start.year - 1
    last = end.year if end.month >= 4 else end.year - 1
    return [f"{y}/{(y + 1) % 100:02d}" for y in range(first, last + 1)]


def _percent(part, whole):
    if part is None or not whole:
        return None
    return float(half_up(Decimal(part) * 100 / Decimal(whole), "0.1"))


def _money(value) -> float:
    return float(half_up(Decimal(str(value or 0)), "0.01"))


def _primary(n: int) -> bool:
    return 0 < n < SMALL


def figures(cursor, start: datetime.date, end: datetime.date) -> dict:
    ops = cursor.db.ops
    since = ops.adapt_datetimefield_value(local_moment(start, datetime.time()))
    until = ops.adapt_datetimefield_value(local_moment(end + datetime.timedelta(days=1), datetime.time()))
    first, last = ops.adapt_datefield_value(start), ops.adapt_datefield_value(end)
    years = _years(start, end)
    marks = ", ".join(["%s"] * len(years))

    cursor.execute(ACTIONS.format(years=marks), [since, until, last, last, until, *years])
    done_by = dict.fromkeys(KINDS, 0)
    actions = done = due = due_done = partnered = 0
    for kind, n, n_done, n_due, n_due_done, n_partnered in cursor.fetchall():
        actions, done, due = actions + n, done + (n_done or 0), due + (n_due or 0)
        due_done, partnered = due_done + (n_due_done or 0), partnered + (n_partnered or 0)
        done_by[kind or "none"] += n_done or 0

    cursor.execute(MONEY.format(years=marks), [*years, first, last, first, last, first, last, first, last])
    wards, residents, allocation, spent, on_priorities, ncil_allocated, ncil_spent = cursor.fetchone()

    cursor.execute(RESPONSES, [since, until])
    responses = cursor.fetchone()[0]
    cursor.execute(INFLUENCE, [*AGREE, since, until])
    answered, agreed = cursor.fetchone()
    not_agreed = answered - agreed
    hidden = {"answered": _primary(answered), "agreed": _primary(agreed), "not_agreed": _primary(not_agreed)}
    if sum(hidden.values()) == 1:  # the sum would give the hidden one away: hide the smallest other
        others = [(n, k) for k, n in (("answered", answered), ("agreed", agreed), ("not_agreed", not_agreed))
                  if not hidden[k] and n > 0]
        if others:
            hidden[min(others)[1]] = True
    shown_answered = None if hidden["answered"] else answered
    shown_agreed = None if hidden["agreed"] else agreed
    shown_responses = None if _primary(responses) else responses

    found = {"wards": wards, "actions_done": done}
    found.update({f"actions_done_{kind}": n for kind, n in done_by.items()})
    found.update({
        "actions_due": due, "actions_due_done": due_done, "actions_due_done_percent": _percent(due_done, due),
        "actions": actions, "actions_with_partners": partnered,
        "actions_with_partners_percent": _percent(partnered, actions),
        "ward_budget_allocation": _money(allocation), "ward_budget_spent": _money(spent),
        "ward_budget_spent_on_priorities": _money(on_priorities),
        "ward_budget_spent_on_priorities_percent": _percent(Decimal(str(on_priorities)), Decimal(str(spent))),
        "ncil_allocated": _money(ncil_allocated), "ncil_spent": _money(ncil_spent),
        "responses": shown_responses, "residents": residents,
        "responses_per_1000": (None if shown_responses is None or not residents
                               else float(half_up(Decimal(shown_responses) * 1000 / residents, "0.01"))),
        "influence_answered": shown_answered, "influence_agreed": shown_agreed,
        "influence_percent": _percent(shown_agreed, shown_answered), "influence_national_percent": 27.0,
    })
    return found
