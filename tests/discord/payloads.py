"""Discord gateway payloads, shaped as discord.com/developers/docs documents them."""

from __future__ import annotations

import itertools
from datetime import datetime, timezone

from tests.discord.fake_discord import APP, GUILD, member, text_channel, user

_ids = itertools.count(1)


def snowflake() -> str:
    return str(980000000000000000 + next(_ids))


def now() -> str:
    return datetime.now(timezone.utc).isoformat()


def message(channel_id: str, author_id: str, content: str, *, bot: bool = False, roles=(), message_id=None) -> dict:
    """MESSAGE_CREATE: guild messages carry a partial `member` beside the `author`."""
    data = {
        "id": message_id or snowflake(),
        "channel_id": channel_id,
        "guild_id": GUILD,
        "author": user(author_id, f"user{author_id[-3:]}", bot=bot),
        "content": content,
        "timestamp": now(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": "@everyone" in content,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": False,
        "type": 0,
        "flags": 0,
        "components": [],
    }
    if not bot:
        data["member"] = {k: v for k, v in member(author_id, "x", roles=roles).items() if k != "user"}
    return data


def message_update(original: dict, content: str) -> dict:
    return {**original, "content": content, "edited_timestamp": now()}


def embed_update(original: dict) -> dict:
    """What Discord sends when it unfurls a link: the whole message with new embeds, not edited."""
    return {**original, "embeds": [{"type": "link", "url": "https://example.org", "title": "Example"}]}


def message_delete(original: dict) -> dict:
    return {"id": original["id"], "channel_id": original["channel_id"], "guild_id": GUILD}


def reaction(
    channel_id: str, message_id: str, user_id: str, emoji: str, *, bot: bool = False, add: bool = True
) -> dict:
    name, _, emoji_id = emoji.partition(":")
    data = {
        "user_id": user_id,
        "channel_id": channel_id,
        "message_id": message_id,
        "guild_id": GUILD,
        "emoji": {"id": emoji_id or None, "name": name},
        "burst": False,
        "type": 0,
    }
    if add:
        data["member"] = member(user_id, f"user{user_id[-3:]}", bot=bot)
        data["message_author_id"] = "900000000000000003"
    return data


def _interaction(kind: int, data: dict, user_id: str, channel_id: str, *, roles=(), message_obj=None) -> dict:
    interaction_id = snowflake()
    payload = {
        "id": interaction_id,
        "application_id": APP,
        "type": kind,
        "data": data,
        "guild_id": GUILD,
        "channel_id": channel_id,
        "channel": text_channel(channel_id, "members"),
        "member": member(user_id, f"user{user_id[-3:]}", roles=roles),
        "token": f"token-{interaction_id}",
        "version": 1,
        "app_permissions": "2147483647",
        "locale": "en-GB",
        "guild_locale": "en-GB",
        "entitlements": [],
        "authorizing_integration_owners": {"0": GUILD},
        "context": 0,
        "attachment_size_limit": 8388608,
    }
    if message_obj is not None:
        payload["message"] = message_obj
    return payload


def button_click(custom_id: str, user_id: str, card_message: dict, *, roles=()) -> dict:
    return _interaction(
        3,
        {"custom_id": custom_id, "component_type": 2},
        user_id,
        card_message["channel_id"],
        roles=roles,
        message_obj=card_message,
    )


def slash_command(name: str, options: dict, user_id: str, channel_id: str, *, roles=()) -> dict:
    data = {
        "id": snowflake(),
        "name": name,
        "type": 1,
        "guild_id": GUILD,
        "options": [{"name": k, "type": 3, "value": v} for k, v in options.items()],
    }
    return _interaction(2, data, user_id, channel_id, roles=roles)


def modal_submit(custom_id: str, values: dict[str, str], user_id: str, channel_id: str, *, roles=()) -> dict:
    """`values`: each text input's custom_id and what was typed."""
    rows = [{"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]} for k, v in values.items()]
    return _interaction(5, {"custom_id": custom_id, "components": rows}, user_id, channel_id, roles=roles)
