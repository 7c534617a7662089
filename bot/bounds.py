"""Every inbound event is held to the width of what stores it, here, before the core
touches the database, so an odd value gets a clear answer on every database instead
of a failed commit on one of them (PostgreSQL refuses what SQLite lets through).

Per field:

- `event_id` longer than its column (160): replaced by a fixed-length digest of it.
  The same id always gives the same digest, so a redelivery is still recognised.
- the member's platform (16), workspace and user ids (64), a post's channel,
  thread and message ids (64) and a reply's message id (64): a real platform never
  sends ids this long, and cutting or hashing them could merge two people or two
  messages, so the event is ignored, with the reason logged (and told to the member
  when they are waiting for an answer).
- the event's time (`at`, stored as a reply's time): must have a time zone and lie
  between 2000 and 2100, else the event is ignored; a vote's topic id and option
  must fit the database's integers, else it is ignored.
- command text (4,000 characters): refused with a helpful reply. Ideas (4,000) and
  replies (100,000) are refused the same way by the core's own checks (bot/listening.py).
- NUL and lone surrogates: dropped from commands (their words are looked up), U+FFFD
  in what members write (bot/domain/text.py); the storage types replace any left on
  the way in, for every column (storage/models.py).
"""

from __future__ import annotations

import dataclasses
import hashlib

from bot.domain.limits import MAX_COMMAND, MAX_EVENT_ID, MAX_PLATFORM, MAX_PLATFORM_ID, out_of_range
from bot.domain.posts import PostLocator
from bot.domain.text import strip_unstorable
from bot.domain.topics import MAX_ID
from bot.errors import Refusal
from bot.events import CommandInvoked, IdeaSubmitted, InboundEvent, TopicWritten, VoteCast

DIGEST_PREFIX = "sha256:"
# Events whose sender waits for an answer; the others (replies, reactions) are passive.
ANSWERED = (CommandInvoked, IdeaSubmitted, VoteCast, TopicWritten)


class Unfit(Exception):
    """An event the core cannot store as sent; `str()` is the reason, for the log."""


def event_key(event_id: str) -> str:
    """An event id that fits its column, the same one for the same id."""
    if len(event_id) <= MAX_EVENT_ID:
        return event_id
    digest = hashlib.sha256(event_id.encode("utf-8", "surrogatepass")).hexdigest()
    return DIGEST_PREFIX + digest


def _fits(what: str, value: str | None, most: int) -> None:
    if value is not None and len(value) > most:
        raise Unfit(f"its {what} is {len(value):,} characters, more than the {most} that are kept")


def admit(event: InboundEvent) -> InboundEvent:
    """The event as the core may record it; Unfit if it must be ignored, Refusal if the
    member should be told what to change."""
    member = event.member
    _fits("platform name", member.platform, MAX_PLATFORM)
    _fits("workspace id", member.workspace_id, MAX_PLATFORM_ID)
    _fits("user id", member.user_id, MAX_PLATFORM_ID)
    post = getattr(event, "post", None)
    if isinstance(post, PostLocator):
        _fits("post's channel id", post.channel_id, MAX_PLATFORM_ID)
        _fits("post's thread id", post.thread_id, MAX_PLATFORM_ID)
        _fits("post's message id", post.message_id, MAX_PLATFORM_ID)
        _fits("post's workspace id", post.workspace_id, MAX_PLATFORM_ID)
    if event.at.tzinfo is None or event.at.utcoffset() is None:
        raise Unfit("its time has no time zone")
    problem = out_of_range(event.at)
    if problem:
        raise Unfit(f"its time is wrong ({problem})")
    if isinstance(event, VoteCast) and not (0 <= event.topic_id <= MAX_ID and 0 <= event.option <= MAX_ID):
        raise Unfit("it names no card or poll that could exist")
    message_id = getattr(event, "message_id", None)
    if isinstance(message_id, str):
        _fits("message id", message_id, MAX_PLATFORM_ID)
    if isinstance(event, CommandInvoked):
        text = strip_unstorable(event.text)  # as the command parser reads it
        if len(text) > MAX_COMMAND:
            raise Refusal(
                f"That command is too long: {len(text):,} characters, at most {MAX_COMMAND:,}. Nothing was done."
            )
        if text != event.text:
            event = dataclasses.replace(event, text=text)
    key = event_key(event.event_id)
    if key != event.event_id:
        event = dataclasses.replace(event, event_id=key)
    return event
