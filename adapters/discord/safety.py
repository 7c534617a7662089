"""Keeping the gateway alive on input discord.py cannot parse, and member data out of the logs.

Nothing here ever puts a payload value in a log line: an exception is described by its type,
the field name it names (a `KeyError` on a payload key) and the line of code that raised it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from bot import deadline

log = logging.getLogger(__name__)

_FIELD = re.compile(r"[a-z][a-z_]{0,40}")  # a payload key such as `channel_id`, never a value

# discord.py's own DEBUG lines carry whole gateway payloads and request bodies (member text, user ids),
# and the tracebacks it logs for a failed listener, view or command can quote what a member typed.
LIBRARY_LOGGERS = (
    "discord.gateway",
    "discord.http",
    "discord.state",
    "discord.client",
    "discord.webhook.async_",
    "discord.ui.view",
    "discord.ui.modal",
    "discord.app_commands.tree",
)


def describe(err: BaseException) -> str:
    """A few words on what went wrong, safe to log: no member text, no ids. The core's
    `deadline.describe`, naming also the payload key a KeyError was missing."""
    what = deadline.describe(err)
    key = err.args[0] if isinstance(err, KeyError) and len(err.args) == 1 else None
    if isinstance(key, str) and _FIELD.fullmatch(key):
        name = type(err).__name__
        what = f"{name} {key!r}{what[len(name) :]}"
    return what


def guarded(event: str, parse: Callable[[Any], None]) -> Callable[[Any], None]:
    """A discord.py parser that logs one line and carries on instead of ending the gateway."""

    def parse_safely(data: Any) -> None:
        try:
            parse(data)
        except Exception as err:  # noqa: BLE001 - one bad payload must not end the connection
            log.warning("discord: ignored %s: %s", event, describe(err))

    parse_safely.guarded = True  # type: ignore[attr-defined]
    return parse_safely


def guard_parsers(parsers: dict[str, Callable[[Any], None]]) -> None:
    """Wrap every entry of `ConnectionState.parsers` (the dict the gateway calls for each event);
    the gateway holds this very dict, so wrapping its entries in place is enough."""
    for event, parse in list(parsers.items()):
        if not getattr(parse, "guarded", False):
            parsers[event] = guarded(event, parse)


class NoPayloads(logging.Filter):
    """Drops discord.py's DEBUG records (raw payloads, request bodies); keeps INFO and above,
    with a traceback cut down to `describe`'s few words."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno <= logging.DEBUG:
            return False
        if record.exc_info and record.exc_info[1] is not None:
            record.msg = f"{record.getMessage()}: {describe(record.exc_info[1])}"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


_NO_PAYLOADS = NoPayloads()


def quiet_library_payloads() -> None:
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if _NO_PAYLOADS not in logger.filters:
            logger.addFilter(_NO_PAYLOADS)
