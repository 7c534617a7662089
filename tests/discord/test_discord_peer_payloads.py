"""Real payloads recorded by other Discord projects (tests/data/peer-payloads/discord/, with their
attribution in PROVENANCE.md), replayed through the translators and through the live gateway."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from adapters.discord import translate
from bot.events import ReactionAdded, ReactionRemoved, ReactionsCleared, ReplyDeleted, ReplyEdited, ReplyPosted
from tests.discord import payloads
from tests.discord.helpers import Everything, recorded
from tests.discord.test_discord_threads import published

HERE = Path(__file__).resolve().parent.parent / "data" / "peer-payloads" / "discord"
RECORDS = [r for f in sorted(HERE.glob("*.json")) for r in json.loads(f.read_text())]
NOW = datetime(2026, 1, 5, 12, tzinfo=timezone.utc)


def translated(kind: str, data):
    if kind == "MESSAGE_CREATE":
        return translate.message_created(data, None)
    if kind == "MESSAGE_UPDATE":
        return translate.message_updated(data, None)
    if kind == "MESSAGE_DELETE":
        return translate.message_deleted(data, None)
    if kind == "MESSAGE_REACTION_ADD":
        return translate.reaction_added(data, None, at=NOW, event_id="reaction:1")
    if kind == "MESSAGE_REACTION_REMOVE":
        return translate.reaction_removed(data, None, at=NOW, event_id="reaction:1")
    if kind in ("MESSAGE_REACTION_REMOVE_ALL", "MESSAGE_REACTION_REMOVE_EMOJI"):
        return translate.reactions_cleared(data, at=NOW, event_id="reaction-clear:1")
    return None  # MESSAGE_DELETE_BULK, INTERACTION_CREATE: discord.py's objects, not a translator's


# What each recorded payload means to the bot, as recorded. Most were recorded in direct messages
# (no guild_id), which are never replies; the rest are a server's reactions and deletions.
AS_RECORDED = {
    "hikari-001": (ReplyDeleted, None),
    "hikari-007": (ReactionRemoved, "<:fififiif:123432>"),
    "hikari-008": (ReactionRemoved, "o"),
    "hikari-011": (ReactionsCleared, None),
    "hikari-013": (ReactionsCleared, "<:okokok:3123123>"),
    "hikari-014": (ReactionsCleared, "okokok"),
    "serenity-028": (ReactionAdded, "👍"),
    "serenity-031": (ReactionRemoved, "😋"),
    "twilight-002": (ReactionAdded, "🙂"),
}
# The same payloads as if sent in a server (discord.py fills guild_id in from the channel): the
# members' messages become replies; bots' become replies marked as a bot's (the core ignores them:
# `check` asserts the mark); webhooks and system messages (type 7) still do not.
IN_A_SERVER = {
    "discord-api-docs-008": (ReplyPosted, "Supa Hot"),
    "discord-api-docs-009": (ReplyPosted, "Big news! In this <#278325129692446722> channel!"),
    "discordeno-001": (ReplyPosted, "hmzsrqu"),
    "serenity-021": (ReplyPosted, "a"),
    "serenity-034": (ReplyEdited, "b"),
    "serenity-022": (ReplyPosted, "fake"),  # a bot's
    "serenity-023": (ReplyPosted, "fake"),  # a bot's
    "serenity-024": (ReplyPosted, ""),  # a bot's, with embeds only
    "serenity-025": (ReplyPosted, ""),  # a bot's, with embeds only
    "hikari-002": (ReplyDeleted, None),
    "hikari-004": (ReactionAdded, "<a:vohio:3293939>"),
    "hikari-005": (ReactionAdded, "<:None:3293939>"),  # a deleted custom emoji has no name: as discord.py shows it
    "hikari-006": (ReactionAdded, "bye"),
    "hikari-009": (ReactionRemoved, "<:okok:123123>"),
    "hikari-010": (ReactionRemoved, "wwww"),
    "hikari-012": (ReactionsCleared, None),
    "hikari-015": (ReactionsCleared, "<:nom:123321>"),
    "hikari-016": (ReactionsCleared, "gg"),
    "serenity-026": (ReactionAdded, "<:AkaShrug:238039508006862848>"),
    "serenity-027": (ReactionAdded, "👍"),
    "serenity-029": (ReactionRemoved, "<:AkaShrug~1:238039508006862848>"),
    "serenity-030": (ReactionRemoved, "😋"),
    "serenity-032": (ReactionsCleared, None),
}


def test_the_records_keep_their_attribution():
    assert len(RECORDS) == 41
    assert (HERE / "PROVENANCE.md").is_file()
    for record in RECORDS:
        assert record["repo"] and record["path"] and len(record["commit"]) == 40 and record["licence"]
        assert record["id"] in (HERE / "PROVENANCE.md").read_text()
    docs = [r for r in RECORDS if r["repo"] == "discord/discord-api-docs"]
    assert docs and all(r["licence"].startswith("CC-BY-SA-4.0") for r in docs)


@pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
def test_each_recorded_payload_translates_to_what_it_means(record):
    data = record["body"]["d"]
    event = translated(record["type"], data)  # none may raise
    kind, detail = AS_RECORDED.get(record["id"], (type(None), None))
    assert type(event) is kind
    if event is not None:
        check(event, data, detail)
    if "guild_id" not in data:
        in_server = {**data, "guild_id": "290926798626357999"}
        event = translated(record["type"], in_server)
        kind, detail = IN_A_SERVER.get(record["id"], (type(None), None))
        assert type(event) is kind
        if event is not None:
            check(event, in_server, detail)


def check(event, data, detail) -> None:
    assert event.member.workspace_id == data["guild_id"]
    if isinstance(event, (ReplyPosted, ReplyEdited)):
        assert event.text == detail
        assert event.member.user_id == data["author"]["id"]
        assert event.member.is_bot is bool(data["author"].get("bot"))
        assert event.message_id == data["id"] and event.post.thread_id == data["channel_id"]
    elif isinstance(event, ReplyDeleted):
        assert event.message_id == data["id"] and event.post.thread_id == data["channel_id"]
    elif isinstance(event, (ReactionAdded, ReactionRemoved)):
        assert event.emoji == detail and event.member.user_id == data["user_id"]
        assert event.member.is_bot is bool(((data.get("member") or {}).get("user") or {}).get("bot"))
        assert event.post.message_id == data["message_id"] and event.post.channel_id == data["channel_id"]
    else:
        assert isinstance(event, ReactionsCleared) and event.emoji == detail
        assert event.post.message_id == data["message_id"]


async def test_every_recorded_payload_through_the_gateway_leaves_the_bot_listening(discord_bot):
    _, _, thread = await published(discord_bot)
    with Everything() as logs:
        for record in RECORDS:
            await discord_bot.fake.dispatch(record["type"], record["body"]["d"])
        good = payloads.message(thread, "1001", "Still listening")
        await discord_bot.fake.dispatch("MESSAGE_CREATE", good)
        event, _ = await recorded(discord_bot, good["id"])
    assert event.text == "Still listening"
    assert discord_bot.adapter.health() == (True, "connected")
    assert discord_bot.fake.identifies == 1 and discord_bot.fake.resumes == 0
    assert not [line for line in logs.lines if "Traceback" in line and line.startswith("adapters.discord")]
