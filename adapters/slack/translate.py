"""Slack payloads → the core's events. Pure functions: no I/O, easy to test on
payloads shaped as Slack documents them.

Each translator reads its payload through a small typed model of the fields it uses (`payloads`),
so a field that is missing, of the wrong type or absurd (`ts: "-inf"`, `thread_ts: true`, a
2,000-character id) makes the payload ignored, with one log line saying why, never an exception.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from pydantic import ValidationError

from adapters.slack import payloads as p
from bot.domain import MemberRef, Role, buttons
from bot.events import (
    InboundEvent,
    PostLocator,
    ReactionAdded,
    ReactionRemoved,
    ReplyDeleted,
    ReplyEdited,
    ReplyPosted,
    VoteCast,
)

PLATFORM = "slack"
log = logging.getLogger(__name__)
# Message subtypes that are someone writing in a thread (a bot too, marked as a bot's); the rest
# are joins, topics, channel names…
_WRITTEN = {None, "thread_broadcast", "file_share", "me_message", "bot_message"}


def when(ts: str) -> datetime:
    """A Slack timestamp ("1700000000.000100", already checked by `payloads.Ts`) as an aware datetime."""
    return datetime.fromtimestamp(float(ts), timezone.utc)


def member(team_id: str, user_id: str, role: Role = Role.MEMBER) -> MemberRef:
    return MemberRef(PLATFORM, team_id, user_id, role)


def ignored(kind: str, reason: str) -> None:
    """One line, no member text and no ids: what was dropped and why."""
    log.info("slack: ignored %s: %s", kind, reason)


def _why(err: ValidationError) -> str:
    """Where the payload was wrong, without the values (which may be member text)."""
    first = err.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(part) for part in first["loc"]) or "payload"
    return f"{where}: {first['msg']}"


def _read(model, body, kind: str):
    try:
        return model.model_validate(body)
    except ValidationError as err:
        ignored(kind, _why(err))
        return None


def _in_thread(team_id: str, channel: str, message: p.Message) -> PostLocator | None:
    """The thread a message is a reply in; None for top-level messages and thread parents."""
    if not message.thread_ts or message.thread_ts == message.ts:
        return None
    return PostLocator(PLATFORM, team_id, channel, message.thread_ts)


def _by_bot(message: p.Message) -> bool:
    """An app's or integration's message: it carries a `bot_id` (a `bot_message` may name no user)."""
    return bool(message.bot_id) or message.subtype == "bot_message"


def _writer(message: p.Message | None) -> str | None:
    if message is None or _by_bot(message):
        return None
    return message.user


def _written_by(team_id: str, message: p.Message | None, role: Role) -> MemberRef | None:
    """Who wrote a message: a person, or a bot translated like anyone and marked as a bot's (the
    core is what ignores it); None if the payload names no one."""
    if message is None:
        return None
    if _by_bot(message):
        return MemberRef(PLATFORM, team_id, message.user or message.bot_id or "bot", Role.MEMBER, is_bot=True)
    return member(team_id, message.user, role) if message.user else None


def author(event: dict) -> str | None:
    """The person whose role the event needs: who wrote the message it is about (None for bots,
    whose events the core ignores, or if the payload says no one)."""
    try:
        parsed = p.MessageEvent.model_validate(event)
    except ValidationError:
        return None
    if parsed.subtype == "message_changed":
        return _writer(parsed.message)
    if parsed.subtype == "message_deleted":
        return _writer(parsed.previous_message)
    return _writer(parsed)


def message_event(body: dict, team_id: str, role: Role) -> InboundEvent | None:
    """A `message` event as a reply, an edit or a deletion in a card's thread, or None. A bot's
    (`bot_id`, or the `bot_message` subtype) is translated too, marked as a bot's."""
    envelope = _read(p.MessageEnvelope, body, "message event")
    if envelope is None:
        return None
    event, event_id = envelope.event, envelope.event_id
    channel, subtype = event.channel, event.subtype
    if subtype == "message_changed":
        message, previous = event.message, event.previous_message
        if message is None or message.ts is None:
            return ignored("message_changed", "no message.ts")
        who = _written_by(team_id, message, role)
        thread = _in_thread(team_id, channel, message)
        if thread is None or who is None:
            return None
        if message.edited is None and previous is not None and message.text == previous.text:
            return None  # Slack unfurled a link or counted replies: the person changed nothing
        return ReplyEdited(
            event_id=event_id,
            member=who,
            at=when(event.event_ts or message.ts),
            post=thread,
            message_id=message.ts,
            text=message.text or "",
        )
    if subtype == "message_deleted":
        if event.deleted_ts is None:
            return ignored("message_deleted", "no deleted_ts")
        previous = event.previous_message
        # Slack's own example carries no previous_message: the reply is then found by its
        # channel and ts alone, so its text never outlives the deletion.
        thread = None
        if previous is not None:
            thread = _in_thread(team_id, channel, previous.model_copy(update={"ts": event.deleted_ts}))
        if previous is not None and thread is None:
            return None  # a top-level message or a thread's parent: not a reply
        # Whoever deleted it (a moderator's deletion counts too); a bot's message, marked as a bot's.
        who = _written_by(team_id, previous, role) or member(team_id, "unknown", role)
        return ReplyDeleted(
            event_id=event_id,
            member=who,
            at=when(event.event_ts or event.deleted_ts),
            post=thread or PostLocator(PLATFORM, team_id, channel),
            message_id=event.deleted_ts,
        )
    who = _written_by(team_id, event, role)
    if subtype not in _WRITTEN or who is None or event.ts is None:
        return None
    thread = _in_thread(team_id, channel, event)
    if thread is None:
        return None
    return ReplyPosted(
        event_id=event_id,
        member=who,
        at=when(event.ts),
        post=thread,
        message_id=event.ts,
        text=event.text or "",
    )


def reaction_event(body: dict, team_id: str, role: Role) -> InboundEvent | None:
    envelope = _read(p.ReactionEnvelope, body, "reaction event")
    if envelope is None:
        return None
    event = envelope.event
    if event.item.type != "message":
        return None
    if event.item.channel is None or event.item.ts is None:
        return ignored("reaction", "no item.channel or item.ts")
    kind = ReactionAdded if event.type == "reaction_added" else ReactionRemoved
    return kind(
        event_id=envelope.event_id,
        member=member(team_id, event.user, role),
        at=when(event.event_ts or event.item.ts),
        post=PostLocator(PLATFORM, team_id, event.item.channel, message_id=event.item.ts),
        emoji=f":{event.reaction}:",
    )


def vote_event(body: dict, team_id: str, role: Role) -> VoteCast | None:
    """A click on one of a card's buttons (`block_actions`)."""
    click = _read(p.BlockActions, body, "button click")
    if click is None:
        return None
    action = click.actions[0]
    parsed = buttons.read_vote_id(action.action_id)
    if parsed is None:
        return None
    topic_id, option = parsed
    channel = (click.container.channel_id if click.container else None) or (click.channel.id if click.channel else None)
    message_ts = (click.container.message_ts if click.container else None) or (
        click.message.ts if click.message else None
    )
    post = PostLocator(PLATFORM, team_id, channel, message_id=message_ts) if channel and message_ts else None
    return VoteCast(
        # A click is one event: the same click redelivered has the same action_ts.
        event_id=f"action:{click.user.id}:{action.action_ts}",
        member=member(team_id, click.user.id, role),
        at=when(action.action_ts),
        topic_id=topic_id,
        option=option,
        post=post,
        reply_to=click.response_url,  # the confirmation is owed there, durably, after the ack
    )
