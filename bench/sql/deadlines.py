"""The deadlines report's key figures in hand-written SQL (SQLite and PostgreSQL alike), to time
beside localism.reports.deadlines and to check it: `figures(cursor, start, end)` counts, from the
month's last day, each kind's items in each band (see the selector's docstring)."""

import datetime

from dateutil.relativedelta import relativedelta

KINDS = ["occupancy", "contract", "moratorium", "section_106"]
BANDS = ["overdue", "3_months", "6_months", "12_months"]

# Each part yields (kind, the item's date); %(name)s are the day and the bands' last days.
SQL = """
SELECT kind, CASE WHEN due < %(on)s THEN 'overdue' WHEN due <= %(three)s THEN '3_months'
                  WHEN due <= %(six)s THEN '6_months' ELSE '12_months' END AS band, COUNT(*)
FROM (
    SELECT 'occupancy' AS kind, o.ends_on AS due FROM hubs_occupancy o
    WHERE o.status = 'active' AND o.starts_on <= %(on)s AND o.ends_on >= %(on)s AND o.ends_on <= %(twelve)s
  UNION ALL
    SELECT 'contract', c.decision_due FROM assets_contract c
    WHERE c.renewal_decision = '' AND c.decision_due <= %(twelve)s
  UNION ALL
    SELECT 'moratorium', COALESCE(n.full_moratorium_ends, n.interim_moratorium_ends)
    FROM assets_communityvaluenomination n
    WHERE n.status = 'listed' AND n.notification_to_sell_date IS NOT NULL
      AND COALESCE(n.full_moratorium_ends, n.interim_moratorium_ends) >= %(on)s
      AND COALESCE(n.full_moratorium_ends, n.interim_moratorium_ends) <= %(twelve)s
  UNION ALL
    SELECT 'section_106', d.spend_by_date FROM assets_developercontribution d
    JOIN assets_developeragreement a ON a.id = d.agreement_id
    WHERE a.agreement_type = 'section-106' AND d.spend_by_date <= %(twelve)s
      AND (SELECT COALESCE(SUM(CASE WHEN t.status = 'received' THEN t.amount ELSE 0 END), 0)
                - COALESCE(SUM(CASE WHEN t.status IN ('spent', 'returned') THEN t.amount ELSE 0 END), 0)
           FROM assets_contributiontransaction t WHERE t.contribution_id = d.id) > 0
) items
GROUP BY kind, band
"""


def figures(cursor, start: datetime.date, end: datetime.date) -> dict:
    on = end
    cursor.execute(SQL, {"on": on, "three": on + relativedelta(months=3), "six": on + relativedelta(months=6),
                         "twelve": on + relativedelta(months=12)})
    counts = {(kind, band): count for kind, band, count in cursor.fetchall()}
    found = {}
    for band in BANDS:
        for kind in KINDS:
            found[f"{kind}_{band}"] = counts.get((kind, band), 0)
        found[band] = sum(counts.get((kind, band), 0) for kind in KINDS)
    return found
