"""The hub portfolio's key figures (localism.reports.report_kinds.hub_portfolio, from
hubs.selectors.portfolio) in one statement of scalar subqueries, the sums done by the database:
floor area and the area let on the month's last day, income over the calendar year (room charges
by booking, occupancy charges a twelfth a month by the days occupied, each hub's month rounded to
the penny), the bookable spaces' booked hours (clipped to the month) over their bookable hours
(opening hours of each day, less closures), and the agreements ending in the six months after."""

import calendar
import datetime

from django.utils import timezone

from . import _dialect as sql

AGREEMENTS_ENDING_DAYS = 6 * 31


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


def figures(cursor, start: datetime.date, end: datetime.date) -> dict:
    year = end.year
    months = []
    for month in range(1, 13):
        ndays = calendar.monthrange(year, month)[1]
        months.append((month, sql.day(datetime.date(year, month, 1)), sql.day(datetime.date(year, month, ndays)),
                       ndays))
    months_sql, months_params = sql.rows(["m", "first_day", "last_day", "ndays"], months)
    days = [(sql.day(start + datetime.timedelta(days=n)), (start + datetime.timedelta(days=n)).weekday())
            for n in range((end - start).days + 1)]
    days_sql, days_params = sql.rows(["day", "wd"], days)
    window = (sql.moment(_midnight(start)), sql.moment(_midnight(end + datetime.timedelta(days=1))))
    year_window = (sql.moment(_midnight(datetime.date(year, 1, 1))),
                   sql.moment(_midnight(datetime.date(year + 1, 1, 1))))
    on = sql.day(end)
    overlap = sql.date_days(sql.least("m.last_day", "COALESCE(o.ends_on, m.last_day)"),
                            sql.greatest("m.first_day", "o.starts_on"))
    clipped = sql.hours_between(sql.least("b.ends_at", "%s"), sql.greatest("b.starts_at", "%s"))
    cursor.execute(f"""
        WITH months AS ({months_sql}), days AS ({days_sql})
        SELECT
            (SELECT COUNT(*) FROM hubs_hub),
            (SELECT COALESCE(SUM(floor_area_m2), 0) FROM hubs_space),
            (SELECT COALESCE(SUM(s.floor_area_m2), 0) FROM hubs_space s WHERE s.id IN (
                SELECT l.space_id FROM hubs_spaceletting l JOIN hubs_occupancy o ON o.id = l.occupancy_id
                WHERE o.status = 'active' AND l.starts_on <= %s AND (l.ends_on IS NULL OR l.ends_on >= %s))),
            (SELECT COALESCE(SUM(b.charge), 0) FROM hubs_booking b
             WHERE b.status = 'confirmed' AND b.starts_at >= %s AND b.starts_at < %s),
            (SELECT COALESCE(SUM(share), 0) FROM (
                SELECT ROUND(SUM(o.yearly_charge / 12.0 * ({overlap} + 1) / m.ndays), 2) AS share
                FROM hubs_occupancy o JOIN months m
                  ON o.starts_on <= m.last_day AND (o.ends_on IS NULL OR o.ends_on >= m.first_day)
                WHERE o.status IN ('active', 'ended')
                GROUP BY o.hub_id, m.m) AS shares),
            (SELECT COALESCE(SUM(h.hours), 0) FROM days d
             JOIN hubs_space s ON s.bookable_by <> 'nobody'
             JOIN (SELECT hub_id, weekday, SUM({sql.time_hours('closes', 'opens')}) AS hours
                   FROM hubs_openinghours GROUP BY hub_id, weekday) h ON h.hub_id = s.hub_id AND h.weekday = d.wd
             WHERE NOT EXISTS (SELECT 1 FROM hubs_closure c
                               WHERE c.hub_id = s.hub_id AND (c.space_id IS NULL OR c.space_id = s.id)
                                 AND c.starts_on <= d.day AND c.ends_on >= d.day)),
            (SELECT COALESCE(SUM({clipped}), 0) FROM hubs_booking b JOIN hubs_space s ON s.id = b.space_id
             WHERE b.status = 'confirmed' AND b.starts_at < %s AND b.ends_at > %s AND s.bookable_by <> 'nobody'),
            (SELECT COUNT(*) FROM hubs_occupancy WHERE ends_on > %s AND ends_on <= %s)
        """, [*months_params, *days_params, on, on, *year_window, window[1], window[0], window[1], window[0],
              on, sql.day(end + datetime.timedelta(days=AGREEMENTS_ENDING_DAYS))])
    hubs, area, occupied, rooms, occupancy, bookable, booked, ending = cursor.fetchone()
    area = round(float(area), 1)
    return {
        "hubs": int(hubs),
        "floor_area_m2": area,
        "vacant_m2": round(area - float(occupied), 1),
        "utilisation_percent": round(float(booked) / float(bookable) * 100, 1) if bookable else None,
        "income_year_to_date": round(float(rooms) + float(occupancy), 2),
        "agreements_ending": int(ending),
    }
