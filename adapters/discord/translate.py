"""Discord gateway payloads → the core's events. Pure functions over raw payload dicts."""

from __future__ import annotations

from datetime import datetime, timezone

from bot.domain import MemberRef, Role
from bot.events import InboundEvent, PostLocator, ReplyDeleted, ReplyEdited, ReplyPosted

PLATFORM = "discord"


def when(iso: str | None) -> datetime:
    try:
        return datetime.fromisoformat(iso) if iso else datetime.now(timezone.utc)
    except ValueError:
        return datetime.now(timezone.utc)


def member(guild_id: str, user_id: str, role: Role = Role.MEMBER) -> MemberRef:
    return MemberRef(PLATFORM, guild_id, user_id, role)


def role_of(member_payload: dict | None, staff_role: str | None) -> Role:
    roles = (member_payload or {}).get("roles", [])
    return Role.STAFF if staff_role and staff_role in {str(r) for r in roles} else Role.MEMBER


def in_thread(guild_id: str, channel_id: str) -> PostLocator:
    """A Discord thread is a channel whose id names it alone (its parent is not in every payload)."""
    return PostLocator(PLATFORM, guild_id, None, thread_id=channel_id)


def message_created(data: dict, staff_role: str | None) -> InboundEvent | None:
    """MESSAGE_CREATE: a reply if it is in a thread and not from a bot."""
    author = data.get("author") or {}
    guild_id = data.get("guild_id")
    if author.get("bot") or not guild_id or data.get("webhook_id") or data.get("type", 0) not in (0, 19):
        return None
    return ReplyPosted(
        event_id=f"message:{data['id']}",
        member=member(guild_id, author["id"], role_of(data.get("member"), staff_role)),
        at=when(data.get("timestamp")),
        post=in_thread(guild_id, data["channel_id"]),
        message_id=data["id"],
        text=data.get("content", ""),
    )


def message_updated(data: dict, staff_role: str | None) -> InboundEvent | None:
    """MESSAGE_UPDATE: an edit of a reply; updates without new text (embeds unfurling) are not edits."""
    author = data.get("author") or {}
    guild_id = data.get("guild_id")
    if author.get("bot") or not guild_id or data.get("webhook_id") or data.get("type", 0) not in (0, 19):
        return None
    if "content" not in data or not data.get("edited_timestamp"):
        return None  # Discord unfurled a link or updated an embed: nobody changed the text
    return ReplyEdited(
        event_id=f"edit:{data['id']}:{data['edited_timestamp']}",
        member=member(guild_id, author["id"], role_of(data.get("member"), staff_role)),
        at=when(data.get("edited_timestamp")),
        post=in_thread(guild_id, data["channel_id"]),
        message_id=data["id"],
        text=data["content"],
    )


def message_deleted(data: dict, author_id: str | None) -> InboundEvent | None:
    """MESSAGE_DELETE: the message is gone, whoever deleted it."""
    guild_id = data.get("guild_id")
    if not guild_id:
        return None
    return ReplyDeleted(
        event_id=f"delete:{data['id']}",
        member=member(guild_id, author_id or "unknown"),
        at=datetime.now(timezone.utc),
        post=in_thread(guild_id, data["channel_id"]),
        message_id=data["id"],
    )
