"""Reading and showing times in the association's own time zone."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.limits import out_of_range

_RELATIVE = re.compile(r"^\s*(\d{1,4})\s*(m|min|mins|h|hr|hrs|hours?|d|days?|w|wk|weeks?)\s*$", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_when(text: str, now: datetime, zone: ZoneInfo) -> datetime:
    """`3d`, `48h`, `2w`, `2026-12-04`, `2026-12-04 17:00` or `2026-12-04T17:00`.

    A bare date means the end of that day; times without a zone are local.
    Times before 2000 or more than 5 years from `now` are refused (bot/domain/limits.py).
    """
    parsed = _read(text.strip(), zone, now)
    problem = out_of_range(parsed, now)
    if problem:
        raise ValueError(f"can't use {text.strip()[:40]!r}: {problem}")
    return parsed


def _read(text: str, zone: ZoneInfo, now: datetime) -> datetime:
    relative = _RELATIVE.match(text)
    if relative:
        amount, unit = int(relative.group(1)), relative.group(2)[0].lower()
        return now + timedelta(**{_UNITS[unit]: amount})
    if len(text) > 40:  # no time is written that long
        raise ValueError("can't read the time: use e.g. 3d, 48h, 2w, 2026-12-04 or '2026-12-04 17:00'")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"can't read the time {text!r}: use e.g. 3d, 48h, 2w, 2026-12-04 or '2026-12-04 17:00'"
        ) from None
    if len(text) <= 10:  # date only
        parsed = parsed.replace(hour=23, minute=59)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    return parsed


def show(when: datetime | None, zone: ZoneInfo) -> str:
    if when is None:
        return "no closing time"
    local = when.astimezone(zone)
    return local.strftime("%a %-d %b %Y, %H:%M ") + (local.tzname() or "")
