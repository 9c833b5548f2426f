"""An employee's assignments as an iCalendar feed (RFC 5545, the icalendar library).

Each assignment is a VEVENT whose UID is the event's (:func:`domain.publish.feed_uid`),
so a calendar app that refreshes the feed updates a moved assignment in place
and drops one that is gone; times carry the store's time zone (TZID and a
VTIMEZONE).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from domain.publish import FeedItem


def render_feed(
    store: str, employee_name: str, tz: str, items: list[FeedItem], stamp: dt.datetime
) -> bytes:
    """The feed as bytes (``text/calendar``); ``stamp`` is the DTSTAMP (UTC) of every entry."""
    zone = ZoneInfo(tz)
    cal = Calendar()
    cal.add("prodid", "-//schedsolve//schedule feed//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Store {store}: {employee_name}".strip())
    cal.add("x-wr-timezone", tz)
    for item in items:
        ev = Event()
        ev.add("uid", item.uid)
        ev.add("dtstamp", stamp.replace(tzinfo=dt.UTC) if stamp.tzinfo is None else stamp)
        ev.add("dtstart", item.start.replace(tzinfo=zone))
        ev.add("dtend", item.end.replace(tzinfo=zone))
        ev.add("summary", item.summary)
        if item.description:
            ev.add("description", item.description)
        if item.categories:
            ev.add("categories", item.categories)
        cal.add_component(ev)
    # The VTIMEZONE covers the feed's years only (the default spans 1970-2038).
    year = (min(i.start for i in items) if items else stamp).year
    cal.add_missing_timezones(dt.date(year - 1, 1, 1), dt.date(year + 2, 1, 1))
    return cal.to_ical()
