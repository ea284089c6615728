"""The monthly ward digest's city key figures (localism.reports.ward_digest) counted again by
hand, in plain SQL that runs on SQLite and PostgreSQL alike: the benchmark's yardstick, and a
check (localism/reports/tests/test_ward_digest.py) that the report counts what it says.

    figures(cursor, start, end) -> dict   # the same keys and values as the report's figures

Only the day arithmetic (the month's moments, the financial year, the contracts' renewal window)
is done in Python, as parameters."""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone

STATUSES = ["not_started", "on_track", "at_risk", "off_track", "done"]
KINDS = ("section-106", "community-infrastructure-levy")

# The wards in force on a day: a boundary generation in force then lies within the ward's range.
CURRENT_WARDS = """
WITH cw AS (
  SELECT w.id FROM wards_ward w
  JOIN wards_boundarygeneration lo ON lo.id = w.generation_low_id
  LEFT JOIN wards_boundarygeneration hi ON hi.id = w.generation_high_id
  WHERE EXISTS (
    SELECT 1 FROM wards_boundarygeneration g
    WHERE g.valid_from <= %(on)s AND (g.valid_to IS NULL OR g.valid_to >= %(on)s)
      AND g.valid_from >= lo.valid_from AND (hi.id IS NULL OR g.valid_from <= hi.valid_from)))
"""

ACTIONS = CURRENT_WARDS + """
SELECT a.status, COUNT(*),
       SUM(CASE WHEN a.status <> 'done' AND a.due_date IS NOT NULL AND a.due_date <= %(on)s THEN 1 ELSE 0 END)
FROM cw
JOIN wards_wardplan_wards pw ON pw.ward_id = cw.id
JOIN wards_priority pr ON pr.plan_id = pw.wardplan_id
JOIN wards_action a ON a.priority_id = pr.id
WHERE pw.wardplan_id = (
  SELECT p.id FROM wards_wardplan_wards pw2 JOIN wards_wardplan p ON p.id = pw2.wardplan_id
  WHERE pw2.ward_id = cw.id AND p.status = 'published' AND p.period = %(period)s
  ORDER BY p.published_at DESC, p.id DESC LIMIT 1)
GROUP BY a.status
"""

MEETINGS = CURRENT_WARDS + """
SELECT
  (SELECT COUNT(*) FROM cw JOIN wards_wardforum_wards fw ON fw.ward_id = cw.id
   JOIN wards_forummeeting m ON m.forum_id = fw.wardforum_id
   WHERE m.status = 'held' AND m.starts_at >= %(since)s AND m.starts_at < %(until)s),
  (SELECT COUNT(*) FROM cw JOIN wards_wardforum_wards fw ON fw.ward_id = cw.id
   JOIN wards_forummeeting m ON m.forum_id = fw.wardforum_id
   WHERE m.status <> 'cancelled' AND m.starts_at >= %(until)s)
"""

# Each ward counts the city-wide consultations and its own.
CONSULTATIONS = CURRENT_WARDS + """, during AS (
  SELECT c.id, c.city_wide, c.closes_at FROM engagement_consultation c
  WHERE c.status IN ('open', 'closed', 'outcome') AND c.opens_at < %(until)s AND c.closes_at >= %(since)s)
SELECT
  (SELECT COUNT(*) FROM during WHERE city_wide = %(yes)s) * (SELECT COUNT(*) FROM cw)
  + (SELECT COUNT(*) FROM during d JOIN engagement_consultation_wards cwd ON cwd.consultation_id = d.id
     JOIN cw ON cw.id = cwd.ward_id WHERE d.city_wide = %(no)s),
  (SELECT COUNT(*) FROM during WHERE city_wide = %(yes)s AND closes_at < %(until)s) * (SELECT COUNT(*) FROM cw)
  + (SELECT COUNT(*) FROM during d JOIN engagement_consultation_wards cwd ON cwd.consultation_id = d.id
     JOIN cw ON cw.id = cwd.ward_id WHERE d.city_wide = %(no)s AND d.closes_at < %(until)s),
  (SELECT COUNT(*) FROM engagement_response r JOIN cw ON cw.id = r.ward_id
   WHERE r.review <> 'excluded' AND r.submitted_at >= %(since)s AND r.submitted_at < %(until)s),
  (SELECT COUNT(*) FROM engagement_idea i JOIN cw ON cw.id = i.ward_id
   WHERE i.hidden_at IS NULL AND i.status = 'waiting' AND i.created_at < %(until)s)
"""

CONTRACTS = CURRENT_WARDS + """, renewing AS (
  SELECT k.id, k.city_wide FROM assets_contract k
  WHERE k.renewal_decision = '' AND k.decision_due >= %(on)s AND k.decision_due <= %(window_end)s)
SELECT (SELECT COUNT(*) FROM renewing WHERE city_wide = %(yes)s) * (SELECT COUNT(*) FROM cw)
  + (SELECT COUNT(*) FROM renewing k JOIN assets_contract_wards kw ON kw.contract_id = k.id
     JOIN cw ON cw.id = kw.ward_id WHERE k.city_wide = %(no)s)
"""

CONTRIBUTIONS = CURRENT_WARDS + """
SELECT
  SUM(CASE WHEN t.status = 'received' AND t.start_date >= %(start)s THEN t.amount ELSE 0 END),
  SUM(CASE WHEN t.status = 'received' THEN t.amount
           WHEN t.status IN ('spent', 'returned') THEN -t.amount ELSE 0 END)
FROM assets_contributiontransaction t
JOIN assets_developercontribution dc ON dc.id = t.contribution_id
JOIN assets_developeragreement ag ON ag.id = dc.agreement_id
JOIN cw ON cw.id = ag.ward_id
WHERE t.amount IS NOT NULL AND t.start_date <= %(on)s AND ag.agreement_type IN (%(s106)s, %(cil)s)
"""


def _financial_year(day: datetime.date) -> str:
    first = day.year if day.month >= 4 else day.year - 1
    return f"{first}/{(first + 1) % 100:02d}"


def _moment(cursor, day: datetime.date):
    """Midnight starting the day, UK time, as the database stores moments."""
    aware = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
    return cursor.db.ops.adapt_datetimefield_value(aware)


def _one(cursor, sql: str, params: dict):
    cursor.execute(sql, params)
    return cursor.fetchone()


def _pounds(value) -> float:
    return float(round(Decimal(str(value or 0)), 2))


def figures(cursor, start: datetime.date, end: datetime.date) -> dict:
    ops = cursor.db.ops
    params = {
        "on": ops.adapt_datefield_value(end), "start": ops.adapt_datefield_value(start),
        "since": _moment(cursor, start), "until": _moment(cursor, end + datetime.timedelta(days=1)),
        "period": _financial_year(end), "yes": True, "no": False, "s106": KINDS[0], "cil": KINDS[1],
        "window_end": ops.adapt_datefield_value(
            end + relativedelta(months=settings.LOCALISM_CONTRACT_RENEWAL_WINDOW_MONTHS)),
    }
    cursor.execute(CURRENT_WARDS + "SELECT COUNT(*) FROM cw", params)
    found = {"wards": cursor.fetchone()[0], **{f"actions_{status}": 0 for status in STATUSES},
             "actions_overdue": 0}
    cursor.execute(ACTIONS, params)
    for status, count, overdue in cursor.fetchall():
        found[f"actions_{status}"] = count
        found["actions_overdue"] += overdue or 0
    found["meetings_held"], found["meetings_coming"] = _one(cursor, MEETINGS, params)
    (found["consultations_open"], found["consultations_closed"], found["responses"],
     found["ideas_waiting"]) = _one(cursor, CONSULTATIONS, params)
    found["contracts_renewing"] = _one(cursor, CONTRACTS, params)[0]
    received, unspent = _one(cursor, CONTRIBUTIONS, params)
    found["contributions_received"], found["contributions_unspent"] = _pounds(received), _pounds(unspent)
    return found
