"""The bounds every input is held to, in one place, so a bad value gets a clear
answer instead of failing at the database (or worse, on one database only).

Times: a card's or poll's publishing, opening and closing times lie between
1 Jan 2000 and 5 years from now. That is checked where a time is read (chat and
command-line options and Slack's card form through `bot.when.parse_when`, card
files in `bot.authoring`) and again where anything is published
(`PolicyTeam.publish`), which every way of publishing goes through. The models
themselves only refuse times that cannot be stored at all (that overflow when
converted to UTC): they also read back what is already stored, which must never
fail because the rules for new input changed.

Identifiers and text: see the constants below; they match storage/models.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

# -- times ------------------------------------------------------------------

EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(2100, 1, 1, tzinfo=timezone.utc)  # the model's hard limit, whatever the clock says
AHEAD = timedelta(days=5 * 365 + 2)  # "5 years from now", leap days included
AHEAD_WORDS = "5 years from now"

# -- identifiers a platform sends (each the width of its column) -------------

MAX_EVENT_ID = 160  # seen_events.event_id; longer ids are replaced by a digest (bot/bounds.py)
MAX_PLATFORM = 16  # members.platform, channels.platform
MAX_PLATFORM_ID = 64  # workspace, user, channel, message and thread ids
MAX_EMOJI = 100  # reactions.emoji
MAX_SLUG = 80  # topics.slug

# -- what people write ---------------------------------------------------------

MAX_IDEA = 4000  # an idea (/idea ...)
MAX_REPLY = 100_000  # a reply in a card's thread: above every platform's own limit
MAX_COMMAND = 4000  # a whole command line (/listening ...)

# -- authored card files (CARDS_DIR) ------------------------------------------------

MAX_CARD_FILE = 256 * 1024  # bytes in one Markdown file
MAX_FRONT_MATTER = 64 * 1024  # characters in its --- block
MAX_YAML_DEPTH = 10  # lists and mappings inside each other


def _utc_naive(when: datetime) -> datetime:
    """`when` as a naive UTC time, without overflowing near year 1 or 9999."""
    offset = when.utcoffset() or timedelta(0)
    naive = when.replace(tzinfo=None)
    try:
        return naive - offset
    except OverflowError:
        return datetime.min if offset > timedelta(0) else datetime.max


def unstorable(when: datetime) -> str | None:
    """Why `when` cannot be stored at all (it overflows in UTC), or None."""
    offset = when.utcoffset() or timedelta(0)
    try:
        when.replace(tzinfo=None) - offset
    except OverflowError:
        return f"{when:%Y-%m-%d %H:%M} is out of range: times run from 1 Jan 2000 to {AHEAD_WORDS}"
    return None


def out_of_range(when: datetime, now: datetime | None = None) -> str | None:
    """Why `when` is not a time a card or poll may use, or None if it is fine.

    Without `now` only the absolute range (2000 to 2100) is checked."""
    utc = _utc_naive(when)
    if utc < EARLIEST.replace(tzinfo=None):
        return f"{when:%Y-%m-%d %H:%M} is too long ago: the earliest allowed is 1 Jan 2000"
    latest = LATEST
    if now is not None:
        latest = min(LATEST, now + AHEAD)
    if utc > _utc_naive(latest):
        limit = f"{AHEAD_WORDS} ({latest:%Y-%m-%d})" if now is not None else "1 Jan 2100"
        return f"{when:%Y-%m-%d %H:%M} is too far ahead: the latest allowed is {limit}"
    return None
