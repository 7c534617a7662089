"""The values the command line accepts, each read and checked as argparse parses it: a bad one
is a usage error (exit status 2), found before anything opens the database."""

from __future__ import annotations

import argparse
import re

PSEUDONYM = re.compile(r"m-[a-z0-9]{10}")


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return value


def pseudonym(text: str) -> str:
    value = text.strip().lower()
    if not PSEUDONYM.fullmatch(value):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a pseudonym like m-7xk2q9vw4p (members see theirs with `mine`)"
        )
    return value


def week(text: str) -> str:
    from datetime import UTC

    from bot.summary.period import iso_week

    try:
        iso_week(text, UTC)  # the format and the week's existence; the zone only places it
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    return text.strip()


def when(text: str) -> str:
    """A time `--closes` and `--publish` can read. Whether it is allowed (not past, not too far
    ahead) depends on the time zone and is refused, exit status 1, when the poll is published."""
    from datetime import UTC, datetime

    from bot.when import _read

    try:
        _read(text.strip(), UTC, datetime.now(UTC))
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    return text


def date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-16") from None
