"""The weeks a summary covers: Monday 00:00 to the next Monday, in the association's time zone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.wording import plural

_ISO_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Period:
    start: datetime  # inclusive
    end: datetime  # exclusive
    label: str
    so_far: bool = False  # a week still under way, up to now

    @property
    def is_week(self) -> bool:
        length = self.end - self.start
        return self.start.weekday() == 0 and self.start.time() == time(0) and length <= timedelta(weeks=1, hours=1)

    def previous(self) -> Period:
        """The one period every comparison in a document is made with: the week before
        (the same days of it, for a week so far); for any other period, as long a stretch
        just before it. Headline figures are counted in it; movement is read at its end."""
        length = self.end - self.start
        if self.is_week:
            start, end = self.start - timedelta(weeks=1), self.end - timedelta(weeks=1)  # local wall-clock weeks
            year, week, _ = start.isocalendar()
            return Period(start, end, f"{year}-W{week:02d}")
        days, hours = length // timedelta(days=1), round(length / timedelta(hours=1))
        words = plural(days, "day") if days and length % timedelta(days=1) == timedelta(0) else plural(hours, "hour")
        return Period(self.start - length, self.start, f"the {words} before")

    @property
    def compared_with(self) -> str:
        """The period before, in words, for the headline figures."""
        if self.is_week:
            return "the same days last week" if self.so_far else f"the week before ({self.previous().label})"
        return self.previous().label

    @property
    def since(self) -> str:
        """The moment movement is measured from, in words: the end of the period before."""
        if self.is_week:
            return "since the same time last week" if self.so_far else "since the end of the week before"
        return "since the period began"


def week_of(day: date, zone: ZoneInfo) -> Period:
    monday = day - timedelta(days=day.weekday())
    start = datetime.combine(monday, time(0), tzinfo=zone)
    end = datetime.combine(monday + timedelta(days=7), time(0), tzinfo=zone)
    year, week, _ = monday.isocalendar()
    return Period(start, end, f"{year}-W{week:02d}")


def iso_week(text: str, zone: ZoneInfo) -> Period:
    """`2026-W47` → that Monday to the next."""
    match = _ISO_WEEK.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a week like 2026-W47")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(f"{year} has no week {week}") from None
    return week_of(monday, zone)


def current_week(now: datetime, zone: ZoneInfo) -> Period:
    """This week so far: Monday 00:00 up to and including now (the Friday post)."""
    week = week_of(now.astimezone(zone).date(), zone)
    if now >= week.end:
        return week
    return Period(week.start, now + timedelta(microseconds=1), week.label, so_far=True)


def between(start: date, end: date, zone: ZoneInfo) -> Period:
    """From the start of `start` to the end of `end`, both local days."""
    if end < start:
        raise ValueError("the period ends before it starts")
    return Period(
        datetime.combine(start, time(0), tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time(0), tzinfo=zone),
        f"{start.isoformat()} to {end.isoformat()}",
    )
