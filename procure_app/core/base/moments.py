"""A tender's dates with their time of day and time zone: read, checked and written out.

A date in a spec is ``"2027-03-15"`` or, to the minute, ``"2027-03-15T12:00"``; the times are in
the tender's ``time_zone``, a name of the IANA time zone database (``Europe/Brussels``), because a
deadline has to say whose noon it means and a bidder abroad has to be able to work it out. The
UTC offset printed beside the time is the zone's on that day (summer time included). The zone data
comes from the operating system or, where it has none (Windows), from the ``tzdata`` package.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .formatting import format_date

__all__ = ["format_moment", "known_time_zones", "parse_moment", "utc_offset", "zone_problem"]

_MOMENT = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$")


def parse_moment(text: object) -> tuple[date, time | None] | None:
    """``"2027-03-15"`` → (day, None); ``"2027-03-15T12:00"`` → (day, 12:00); None when it is
    not a real date (and time) written that way."""
    if isinstance(text, date) and not isinstance(text, datetime):
        return text, None  # YAML that reads an unquoted date as one
    match = _MOMENT.match(text) if isinstance(text, str) else None
    if match is None:
        return None
    year, month, day, hour, minute = match.groups()
    try:
        day_of = date(int(year), int(month), int(day))
        at = time(int(hour), int(minute)) if hour is not None else None
    except ValueError:
        return None
    return day_of, at


@cache
def _zone(name: str) -> ZoneInfo | None:
    if not re.fullmatch(r"[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*", name):
        return None  # no paths: the name is looked up as a file of the zone database
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def zone_problem(name: str) -> str | None:
    """Why ``name`` is not a time zone this machine knows, or None when it is one."""
    if _zone(name) is not None:
        return None
    return f"'{name}' is not a time zone name: write the city's zone, e.g. Europe/Brussels or America/Bogota"


@cache
def known_time_zones() -> tuple[str, ...]:
    """Every zone name of the database, sorted (for a chooser)."""
    return tuple(sorted(name for name in available_timezones() if "/" in name or name == "UTC"))


def utc_offset(day: date, at: time, zone: str) -> str:
    """The offset of ``zone`` from UTC at that moment: ``UTC+01:00``, ``UTC-05:00``, ``UTC``."""
    found = _zone(zone)
    offset = datetime.combine(day, at, tzinfo=found).utcoffset() if found is not None else None
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def format_moment(day: date, at: time | None, zone: str | None, language: str) -> str:
    """``15 March 2027, 12:00 (Europe/Brussels, UTC+01:00)``; the day alone when it has no time."""
    written = format_date(day, language)
    if at is None:
        return written
    clock = f"{at.hour:02d}:{at.minute:02d}"
    if zone is None:
        return f"{written}, {clock}"
    return f"{written}, {clock} ({zone}, {utc_offset(day, at, zone)})"
