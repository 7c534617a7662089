"""Slack payloads → the core's events. Pure functions: no I/O, easy to test on
payloads shaped as Slack documents them."""

from __future__ import annotations

from datetime import datetime, timezone

from adapters.slack.blocks import parse_vote_action
from bot.domain import MemberRef, Role
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
# Message subtypes that are a person writing in a thread; the rest are joins, topics, bots…
_WRITTEN = {None, "thread_broadcast", "file_share", "me_message"}


def when(ts: str | None) -> datetime:
    """A Slack timestamp ("1700000000.000100") as an aware datetime."""
    try:
        return datetime.fromtimestamp(float(ts), timezone.utc)
    except (TypeError, ValueError):
        return datetime.now(timezone.utc)


def member(team_id: str, user_id: str, role: Role = Role.MEMBER) -> MemberRef:
    return MemberRef(PLATFORM, team_id, user_id, role)


def _in_thread(team_id: str, channel: str, message: dict) -> PostLocator | None:
    """The thread a message is a reply in; None for top-level messages and thread parents."""
    thread_ts = message.get("thread_ts")
    if not thread_ts or thread_ts == message.get("ts"):
        return None
    return PostLocator(PLATFORM, team_id, channel, thread_ts)


def author(event: dict) -> str | None:
    """Who wrote the message an event is about (None for bots)."""
    message = event
    if event.get("subtype") == "message_changed":
        message = event.get("message", {})
    elif event.get("subtype") == "message_deleted":
        message = event.get("previous_message", {})
    if message.get("bot_id") or message.get("subtype") == "bot_message":
        return None
    return message.get("user")


def message_event(body: dict, team_id: str, role: Role) -> InboundEvent | None:
    """A `message` event as a reply, an edit or a deletion in a card's thread, or None."""
    event = body.get("event", {})
    channel, subtype, event_id = event.get("channel"), event.get("subtype"), body.get("event_id")
    user = author(event)
    if not channel or not event_id:
        return None
    if subtype == "message_changed":
        message, previous = event.get("message", {}), event.get("previous_message", {})
        thread = _in_thread(team_id, channel, message)
        if thread is None or user is None:
            return None
        if "edited" not in message and message.get("text") == previous.get("text"):
            return None  # Slack unfurled a link or counted replies: the person changed nothing
        return ReplyEdited(
            event_id=event_id,
            member=member(team_id, user, role),
            at=when(event.get("event_ts")),
            post=thread,
            message_id=message["ts"],
            text=message.get("text", ""),
        )
    if subtype == "message_deleted":
        previous = event.get("previous_message", {})
        thread = _in_thread(team_id, channel, {**previous, "ts": event.get("deleted_ts")})
        if thread is None:
            return None
        who = member(team_id, user or "unknown", role)  # a moderator's deletion counts too
        return ReplyDeleted(
            event_id=event_id, member=who, at=when(event.get("event_ts")), post=thread, message_id=event["deleted_ts"]
        )
    if subtype not in _WRITTEN or user is None:
        return None
    thread = _in_thread(team_id, channel, event)
    if thread is None:
        return None
    return ReplyPosted(
        event_id=event_id,
        member=member(team_id, user, role),
        at=when(event.get("ts")),
        post=thread,
        message_id=event["ts"],
        text=event.get("text", ""),
    )


def reaction_event(body: dict, team_id: str, role: Role) -> InboundEvent | None:
    event = body.get("event", {})
    item = event.get("item", {})
    if item.get("type") != "message" or not event.get("user") or not body.get("event_id"):
        return None
    kind = ReactionAdded if event.get("type") == "reaction_added" else ReactionRemoved
    return kind(
        event_id=body["event_id"],
        member=member(team_id, event["user"], role),
        at=when(event.get("event_ts")),
        post=PostLocator(PLATFORM, team_id, item["channel"], message_id=item["ts"]),
        emoji=f":{event.get('reaction', '')}:",
    )


def vote_event(body: dict, team_id: str, role: Role) -> VoteCast | None:
    """A click on one of a card's buttons (`block_actions`)."""
    actions = body.get("actions") or []
    user = body.get("user", {}).get("id")
    if not actions or not user:
        return None
    action = actions[0]
    parsed = parse_vote_action(action.get("action_id", ""))
    if parsed is None:
        return None
    topic_id, option = parsed
    container = body.get("container", {})
    channel = container.get("channel_id") or body.get("channel", {}).get("id")
    message_ts = container.get("message_ts") or body.get("message", {}).get("ts")
    post = PostLocator(PLATFORM, team_id, channel, message_id=message_ts) if channel and message_ts else None
    return VoteCast(
        # A click is one event: the same click redelivered has the same action_ts.
        event_id=f"action:{user}:{action.get('action_ts')}",
        member=member(team_id, user, role),
        at=when(action.get("action_ts")),
        topic_id=topic_id,
        option=option,
        post=post,
    )
