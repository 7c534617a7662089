"""Discord gateway payloads → the core's events. Pure functions over raw payload dicts.

Each translator first checks the few raw fields it reads against a small pydantic model
(`discord.types` shapes, strictly typed: a number where Discord sends a string is refused).
A payload that does not fit is not an event: the translator returns None and logs one line,
"discord: ignored <EVENT>: <field> <problem>", naming fields, never their values.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, StrictBool, StrictInt, StrictStr, ValidationError

from bot.domain import MemberRef, Role
from bot.events import (
    InboundEvent,
    PostLocator,
    ReactionAdded,
    ReactionRemoved,
    ReactionsCleared,
    ReplyDeleted,
    ReplyEdited,
    ReplyPosted,
)

PLATFORM = "discord"
REPLY_TYPES = (0, 19)  # DEFAULT and REPLY; joins, pins, thread starters and the like are not replies
log = logging.getLogger(__name__)


def _snowflake(value: Any) -> Any:
    """Discord sends ids as strings of digits; discord.py hands them back as ints. Both are fine."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**64:
        return str(value)
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 20:
        return value
    raise ValueError("not a snowflake")


Snowflake = Annotated[str, BeforeValidator(_snowflake)]


class _Raw(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)


class _User(_Raw):
    id: Snowflake
    bot: StrictBool | None = None


class _Member(_Raw):
    roles: list[Snowflake] = []
    user: _User | None = None


class _Message(_Raw):
    """MESSAGE_CREATE and MESSAGE_UPDATE (an update may be partial: only `id` and `channel_id` are sure)."""

    id: Snowflake
    channel_id: Snowflake
    guild_id: Snowflake | None = None
    author: _User | None = None
    member: _Member | None = None
    content: StrictStr | None = None
    timestamp: StrictStr | None = None
    edited_timestamp: StrictStr | None = None
    type: StrictInt = 0
    webhook_id: Snowflake | None = None


class _Deleted(_Raw):
    id: Snowflake
    channel_id: Snowflake
    guild_id: Snowflake | None = None


class _Emoji(_Raw):
    id: Snowflake | None = None
    name: StrictStr | None = None
    animated: StrictBool | None = None


class _Reaction(_Raw):
    """MESSAGE_REACTION_ADD / _REMOVE."""

    user_id: Snowflake
    channel_id: Snowflake
    message_id: Snowflake
    guild_id: Snowflake | None = None
    emoji: _Emoji
    member: _Member | None = None


class _Cleared(_Raw):
    """MESSAGE_REACTION_REMOVE_ALL, and _REMOVE_EMOJI (with `emoji`)."""

    channel_id: Snowflake
    message_id: Snowflake
    guild_id: Snowflake | None = None
    emoji: _Emoji | None = None


Model = TypeVar("Model", bound=_Raw)


def ignored(event: str, reason: str) -> None:
    log.warning("discord: ignored %s: %s", event, reason)


def _problems(err: ValidationError) -> str:
    """Which fields were wrong and how, e.g. "channel_id missing; emoji.name string_type"."""
    found = []
    for problem in err.errors(include_url=False, include_input=False, include_context=False)[:5]:
        where = ".".join(str(part) for part in problem["loc"]) or "payload"
        found.append(f"{where} {problem['type']}")
    return "; ".join(found)


def _read(model: type[Model], data: Any, event: str) -> Model | None:
    if not isinstance(data, dict):
        ignored(event, f"payload is a {type(data).__name__}, not an object")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as err:
        ignored(event, _problems(err))
        return None


def when(iso: str | None) -> datetime:
    try:
        moment = datetime.fromisoformat(iso) if iso else datetime.now(timezone.utc)
    except (ValueError, TypeError):
        return datetime.now(timezone.utc)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def member(guild_id: str, user_id: str, role: Role = Role.MEMBER, *, is_bot: bool = False) -> MemberRef:
    """Who acted. A bot is translated like anyone, marked as one: the core is what ignores it."""
    return MemberRef(PLATFORM, guild_id, user_id, role, is_bot)


def role_of(member_payload: _Member | None, staff_role: str | None) -> Role:
    roles = member_payload.roles if member_payload else []
    return Role.STAFF if staff_role and staff_role in roles else Role.MEMBER


def in_thread(guild_id: str, channel_id: str) -> PostLocator:
    """A Discord thread is a channel whose id names it alone (its parent is not in every payload)."""
    return PostLocator(PLATFORM, guild_id, None, thread_id=channel_id)


def on_message(guild_id: str, channel_id: str, message_id: str) -> PostLocator:
    return PostLocator(PLATFORM, guild_id, channel_id, message_id=message_id)


def emoji_text(emoji: _Emoji) -> str | None:
    """As discord.py's `str(PartialEmoji)`: the character itself, or `<:name:id>` for a server's own."""
    if emoji.id is None:
        return emoji.name or None
    return f"<{'a' if emoji.animated else ''}:{emoji.name}:{emoji.id}>"


def _is_reply(message: _Message) -> bool:
    return bool(message.guild_id and not message.webhook_id and message.type in REPLY_TYPES)


def message_created(data: Any, staff_role: str | None) -> InboundEvent | None:
    """MESSAGE_CREATE: a reply if it is in a thread (a bot's is marked as a bot's)."""
    message = _read(_Message, data, "MESSAGE_CREATE")
    if message is None or not _is_reply(message):
        return None
    if message.author is None:
        ignored("MESSAGE_CREATE", "author missing")
        return None
    return ReplyPosted(
        event_id=f"message:{message.id}",
        member=member(
            message.guild_id, message.author.id, role_of(message.member, staff_role), is_bot=bool(message.author.bot)
        ),
        at=when(message.timestamp),
        post=in_thread(message.guild_id, message.channel_id),
        message_id=message.id,
        text=message.content or "",
    )


def message_updated(data: Any, staff_role: str | None) -> InboundEvent | None:
    """MESSAGE_UPDATE: an edit of a reply; updates without new text (embeds unfurling) are not edits."""
    message = _read(_Message, data, "MESSAGE_UPDATE")
    if message is None or not _is_reply(message):
        return None
    if message.content is None or not message.edited_timestamp:
        return None  # Discord unfurled a link or updated an embed: nobody changed the text
    if message.author is None:
        ignored("MESSAGE_UPDATE", "author missing")
        return None
    return ReplyEdited(
        event_id=f"edit:{message.id}:{message.edited_timestamp}",
        member=member(
            message.guild_id, message.author.id, role_of(message.member, staff_role), is_bot=bool(message.author.bot)
        ),
        at=when(message.edited_timestamp),
        post=in_thread(message.guild_id, message.channel_id),
        message_id=message.id,
        text=message.content,
    )


def message_deleted(data: Any, author_id: str | None, *, by_bot: bool = False) -> InboundEvent | None:
    """MESSAGE_DELETE: the message is gone, whoever deleted it."""
    deleted = _read(_Deleted, data, "MESSAGE_DELETE")
    if deleted is None or not deleted.guild_id:
        return None
    if author_id is not None and not isinstance(author_id, str):
        author_id = str(author_id) if isinstance(author_id, int) else None
    return ReplyDeleted(
        event_id=f"delete:{deleted.id}",
        member=member(deleted.guild_id, author_id or "unknown", is_bot=by_bot),
        at=datetime.now(timezone.utc),
        post=in_thread(deleted.guild_id, deleted.channel_id),
        message_id=deleted.id,
    )


def _reaction(data: Any, event: str, kind, staff_role: str | None, at: datetime, event_id: str):
    reaction = _read(_Reaction, data, event)
    if reaction is None or not reaction.guild_id:
        return None
    emoji = emoji_text(reaction.emoji)
    if emoji is None:
        ignored(event, "emoji has neither id nor name")
        return None
    return kind(
        event_id=event_id,
        member=member(
            reaction.guild_id,
            reaction.user_id,
            role_of(reaction.member, staff_role),
            is_bot=bool(reaction.member and reaction.member.user and reaction.member.user.bot),
        ),
        at=at,
        post=on_message(reaction.guild_id, reaction.channel_id, reaction.message_id),
        emoji=emoji,
    )


def reaction_added(data: Any, staff_role: str | None, *, at: datetime, event_id: str) -> ReactionAdded | None:
    """MESSAGE_REACTION_ADD (guild reactions carry the `member`; a bot's are not counted)."""
    return _reaction(data, "MESSAGE_REACTION_ADD", ReactionAdded, staff_role, at, event_id)


def reaction_removed(data: Any, staff_role: str | None, *, at: datetime, event_id: str) -> ReactionRemoved | None:
    """MESSAGE_REACTION_REMOVE (no `member`: who it was is only the `user_id`)."""
    return _reaction(data, "MESSAGE_REACTION_REMOVE", ReactionRemoved, staff_role, at, event_id)


def reactions_cleared(data: Any, *, at: datetime, event_id: str) -> ReactionsCleared | None:
    """MESSAGE_REACTION_REMOVE_ALL (no `emoji`) and MESSAGE_REACTION_REMOVE_EMOJI (one emoji)."""
    one = isinstance(data, dict) and "emoji" in data
    event = "MESSAGE_REACTION_REMOVE_EMOJI" if one else "MESSAGE_REACTION_REMOVE_ALL"
    cleared = _read(_Cleared, data, event)
    if cleared is None or not cleared.guild_id:
        return None
    emoji = None
    if cleared.emoji is not None:
        emoji = emoji_text(cleared.emoji)
        if emoji is None:
            ignored(event, "emoji has neither id nor name")
            return None
    return ReactionsCleared(
        event_id=event_id,
        member=member(cleared.guild_id, "moderator"),
        at=at,
        post=on_message(cleared.guild_id, cleared.channel_id, cleared.message_id),
        emoji=emoji,
    )
