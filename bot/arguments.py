"""The values the command line accepts, each read and checked as argparse parses it, and the
checks argparse cannot make alone (a poll's answers, a summary's period): a bad one is a usage
error (exit status 2), found before anything opens the database."""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING

from pydantic import ValidationError

if TYPE_CHECKING:
    from bot.settings import Settings


class UsageError(Exception):
    """A command line that parses but cannot mean anything: exit status 2, with the command's usage."""


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


def check_poll(args) -> None:
    """The question and the answers, as the poll will be validated (its times are checked on publishing)."""
    from bot.domain import PollChoice, QuickPoll

    choice = PollChoice.RATING if args.rating else PollChoice.MULTIPLE if args.multiple else PollChoice.SINGLE
    try:
        QuickPoll.model_validate({"question": args.question, "choice": choice, "answers": args.options})
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise UsageError(f"{where}: {message}" if where else message) from None


def summary_period(args, settings: Settings, now):
    """The period `summary` is about: --week, --from/--to, or this week so far."""
    from bot.summary.period import between, current_week, iso_week

    if args.week:
        return iso_week(args.week, settings.zone)  # checked by argparse (`arguments.week`)
    if args.start:
        today = now.astimezone(settings.zone).date()
        if not args.end and args.start > today:
            raise UsageError(f"--from {args.start} is after today ({today}); give --to as well")
        try:
            return between(args.start, args.end or today, settings.zone)
        except ValueError as err:
            raise UsageError(str(err)) from None
    return current_week(now, settings.zone)
