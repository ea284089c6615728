"""Localism coverage's key figures (localism.reports.coverage) in one statement: each current
ward's flags in a derived table, summed. The days and moments are worked out here as the
selector works them out (the end of the month's last day in UK time, the financial year)."""

import datetime

from django.utils import timezone

from localism.core.dates import local_moment
from wards.models.plans import financial_year

from . import _dialect as sql

DAY = datetime.timedelta(days=1)


def figures(cursor, start: datetime.date, end: datetime.date) -> dict:
    until = local_moment(end + DAY, datetime.time())
    today = sql.day(timezone.localdate())  # the wards in force today, as Ward.objects.current()
    params = {
        "today": today, "until": sql.moment(until), "period": financial_year(end),
        "year_ago": sql.moment(until - 365 * DAY), "half_year_ago": sql.moment(until - 182 * DAY),
        "ideas_until": sql.moment(until - 30 * DAY), "ideas_from": sql.moment(until - 30 * DAY - 365 * DAY),
    }
    answered_in_time = f"{sql.days_between('i.responded_at', 'i.created_at')} <= 30"
    cursor.execute(f"""
        WITH current_wards AS (
            SELECT w.id FROM wards_ward w
            JOIN wards_boundarygeneration low ON low.id = w.generation_low_id
            LEFT JOIN wards_boundarygeneration high ON high.id = w.generation_high_id
            WHERE EXISTS (
                SELECT 1 FROM wards_boundarygeneration g
                WHERE g.valid_from <= %(today)s AND (g.valid_to IS NULL OR g.valid_to >= %(today)s)
                  AND g.valid_from >= low.valid_from AND (high.id IS NULL OR g.valid_from <= high.valid_from))
        ),
        opened AS (
            SELECT id, city_wide FROM engagement_consultation
            WHERE status <> 'draft' AND opens_at < %(until)s AND opens_at >= %(year_ago)s
        ),
        flags AS (
            SELECT CASE WHEN f.ward_id IS NULL THEN 0 ELSE 1 END AS forum,
                   m.last_met,
                   CASE WHEN p.ward_id IS NULL THEN 0 ELSE 1 END AS published_plan,
                   CASE WHEN k.ward_id IS NULL AND NOT EXISTS (SELECT 1 FROM opened WHERE city_wide)
                        THEN 0 ELSE 1 END AS consulted,
                   COALESCE(i.due, 0) AS ideas_due, COALESCE(i.in_time, 0) AS ideas_in_time
            FROM current_wards c
            LEFT JOIN (SELECT DISTINCT ward_id FROM wards_wardforum_wards) f ON f.ward_id = c.id
            LEFT JOIN (SELECT fw.ward_id, MAX(m.starts_at) AS last_met
                       FROM wards_forummeeting m JOIN wards_wardforum_wards fw ON fw.wardforum_id = m.forum_id
                       WHERE m.status = 'held' AND m.starts_at < %(until)s GROUP BY fw.ward_id) m ON m.ward_id = c.id
            LEFT JOIN (SELECT DISTINCT pw.ward_id
                       FROM wards_wardplan_wards pw JOIN wards_wardplan p ON p.id = pw.wardplan_id
                       WHERE p.period = %(period)s AND p.status = 'published') p ON p.ward_id = c.id
            LEFT JOIN (SELECT DISTINCT kw.ward_id
                       FROM engagement_consultation_wards kw JOIN opened o ON o.id = kw.consultation_id) k
                   ON k.ward_id = c.id
            LEFT JOIN (SELECT i.ward_id, COUNT(*) AS due,
                              SUM(CASE WHEN {answered_in_time} THEN 1 ELSE 0 END) AS in_time
                       FROM engagement_idea i
                       WHERE i.hidden_at IS NULL AND i.created_at < %(ideas_until)s
                         AND i.created_at >= %(ideas_from)s
                       GROUP BY i.ward_id) i ON i.ward_id = c.id
        )
        SELECT COUNT(*),
               COALESCE(SUM(forum), 0),
               COALESCE(SUM(CASE WHEN last_met >= %(half_year_ago)s THEN 1 ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN last_met >= %(year_ago)s THEN 1 ELSE 0 END), 0),
               COALESCE(SUM(published_plan), 0),
               COALESCE(SUM(consulted), 0),
               COALESCE(SUM(CASE WHEN ideas_due > 0 AND ideas_in_time = ideas_due THEN 1 ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN ideas_due > 0 THEN 1 ELSE 0 END), 0)
        FROM flags""", params)
    wards, forum, met_6, met_12, plan, consulted, answered, with_ideas = (int(v) for v in cursor.fetchone())
    return {
        "wards": wards,
        "forum": forum, "forum_of": wards,
        "met_6_months": met_6, "met_6_months_of": wards,
        "met_12_months": met_12, "met_12_months_of": wards,
        "published_plan": plan, "published_plan_of": wards,
        "consulted": consulted, "consulted_of": wards,
        "ideas_answered": answered, "ideas_answered_of": with_ideas,
    }
