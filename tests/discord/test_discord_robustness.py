"""The Discord adapter never goes deaf: payloads discord.py cannot parse, sockets that drop,
a gateway that is down for a while, bad tokens; and nothing it sends pings anyone."""

from __future__ import annotations

import logging

import pytest

from adapters.discord import safety
from adapters.discord.connection import Backoff
from bot.errors import StartupError
from storage import Store
from tests.discord import payloads
from tests.discord.conftest import Discord, start_discord
from tests.discord.fake_discord import MEMBERS, STAFF_ROLE, TOKEN
from tests.discord.helpers import Everything, NoSleep, recorded, until
from tests.discord.test_discord_threads import published, table

SECRET_TEXT = "my manager is Jane Doe"  # member text that must never reach a log
SECRET_USER = "987654321987654321"  # a member's id that must never reach a log


def parser_breakers(thread: str, card_message: dict) -> list[tuple[str, object]]:
    """Dispatches whose payloads make discord.py's own parsers raise."""
    good = payloads.message(thread, SECRET_USER, SECRET_TEXT)
    no_channel = {k: v for k, v in payloads.message_update(good, SECRET_TEXT).items() if k != "channel_id"}
    no_id = {k: v for k, v in good.items() if k != "id"}
    return [
        ("MESSAGE_UPDATE", no_channel),  # KeyError 'channel_id' in parse_message_update
        ("MESSAGE_CREATE", no_id),
        ("MESSAGE_CREATE", {**good, "author": SECRET_TEXT}),
        ("MESSAGE_CREATE", None),
        ("MESSAGE_DELETE", {"id": SECRET_TEXT, "channel_id": thread}),
        ("MESSAGE_REACTION_ADD", {"user_id": SECRET_USER, "message_id": card_message["id"]}),
        ("MESSAGE_REACTION_REMOVE_ALL", [SECRET_TEXT]),
        ("THREAD_CREATE", {"name": SECRET_TEXT}),
        ("GUILD_CREATE", {"id": "not a snowflake"}),
        ("INTERACTION_CREATE", {"type": 3, "data": {"custom_id": SECRET_TEXT}}),
    ]


async def test_payloads_discord_py_cannot_parse_are_ignored_and_the_next_reply_is_heard(discord_bot):
    topic, message, thread = await published(discord_bot)
    with Everything() as logs:
        for event, data in parser_breakers(thread, message):
            await discord_bot.fake.dispatch(event, data)
        good = payloads.message(thread, "1001", "Top-ups have not moved")
        await discord_bot.fake.dispatch("MESSAGE_CREATE", good)
        event, _ = await recorded(discord_bot, good["id"])
    assert event.text == "Top-ups have not moved"
    assert [(r["topic"], r["text"]) for r in await table(discord_bot, "replies")] == [
        (topic.ref, "Top-ups have not moved")
    ]
    assert discord_bot.adapter.health() == (True, "connected")
    assert discord_bot.fake.identifies == 1 and discord_bot.fake.resumes == 0  # the connection never dropped
    ignored = [line for line in logs.lines if "discord: ignored" in line]
    assert any("discord: ignored MESSAGE_UPDATE: KeyError 'channel_id'" in line for line in ignored)
    assert len(ignored) >= 8
    assert logs.leaks(SECRET_TEXT, SECRET_USER) == []


async def test_a_reaction_whose_emoji_name_is_a_number_is_ignored_not_a_crash(discord_bot):
    topic, message, _ = await published(discord_bot)
    numeric = payloads.reaction(MEMBERS, message["id"], SECRET_USER, "x")
    numeric["emoji"] = {"id": None, "name": 123}
    with Everything() as logs:
        await discord_bot.fake.dispatch("MESSAGE_REACTION_ADD", numeric)
        await discord_bot.send("MESSAGE_REACTION_ADD", payloads.reaction(MEMBERS, message["id"], "1001", "👍"))
    assert [(r["topic"], r["emoji"]) for r in await table(discord_bot, "reactions")] == [(topic.ref, "👍")]
    assert any("discord: ignored MESSAGE_REACTION_ADD: emoji.name string_type" in line for line in logs.lines)
    assert logs.leaks(SECRET_USER) == []


async def test_a_dropped_socket_is_resumed_and_the_bot_hears_again(discord_bot):
    _, _, thread = await published(discord_bot)
    seen = []
    down = discord_bot.adapter.gateway.down
    discord_bot.adapter.gateway.down = lambda: (down(), seen.append(discord_bot.adapter.health()))
    await discord_bot.fake.drop(4000)  # Discord's "unknown error": discord.py resumes at once
    await until(lambda: discord_bot.fake.resumes == 1 and discord_bot.adapter.health()[0])
    assert seen == [(False, "gateway reconnecting")]
    event, _ = await discord_bot.send("MESSAGE_CREATE", payloads.message(thread, "1001", "Still here"))
    assert event.text == "Still here"
    assert discord_bot.fake.identifies == 1  # resumed, not a new session


@pytest.fixture
async def patient_bot(fake_discord, sqlite_url, clock):
    """A bot whose reconnect backoff is noted, not slept: 1 s doubling up to 4 s."""
    sleep = NoSleep()
    adapter, runtime, database = await start_discord(
        fake_discord, sqlite_url, clock, backoff=Backoff(base=1.0, cap=4.0), sleep=sleep
    )
    sleep.adapter = adapter
    yield Discord(fake_discord, adapter, runtime, Store(database)), sleep
    await runtime.stop()
    await database.dispose()


async def test_a_gateway_outage_is_retried_with_capped_backoff_until_it_is_back(patient_bot):
    bot, sleep = patient_bot
    _, _, thread = await published(bot)
    bot.fake.refuse_gateway = 5  # discord.py's own resume, then our first four reconnections, are refused
    with Everything() as logs:
        await bot.fake.drop(4000)
        await until(lambda: bot.fake.identifies == 2 and bot.adapter.health()[0])
    assert sleep.delays == [1.0, 2.0, 4.0, 4.0, 4.0]
    assert sleep.health == [(False, f"gateway reconnecting (attempt {n})") for n in range(1, 6)]
    assert bot.adapter.health() == (True, "connected")
    assert bot.fake.identifies == 2  # a new session after the outage
    lost = [line for line in logs.lines if "discord: gateway lost" in line]
    assert len(lost) == 5 and "reconnecting in 4.0s (attempt 5)" in lost[-1]
    event, _ = await bot.send("MESSAGE_CREATE", payloads.message(thread, "1001", "After the outage"))
    assert event.text == "After the outage"
    assert bot.adapter.gateway.attempt == 0  # the next outage starts from the shortest delay again


async def test_a_frame_that_is_not_json_restarts_the_connection(patient_bot):
    bot, sleep = patient_bot
    _, _, thread = await published(bot)
    await bot.fake.send_raw('{"op": 0, "t": "MESSAGE_CREATE", "d": ')
    await until(lambda: bot.fake.identifies == 2 and bot.adapter.health()[0])
    assert sleep.delays == [1.0]
    event, _ = await bot.send("MESSAGE_CREATE", payloads.message(thread, "1001", "Heard"))
    assert event.text == "Heard"
    # buttons and commands still work on the new session
    answer = await bot.interact(payloads.slash_command("listening", {"command": "list"}, "1001", MEMBERS))
    assert answer["type"] == 4


async def test_a_wrong_token_ends_start_up_with_a_clear_error(fake_discord, sqlite_url, clock):
    fake_discord.token = TOKEN
    with pytest.raises(StartupError, match=r"^Discord rejected DISCORD_BOT_TOKEN: ") as raised:
        await start_discord(fake_discord, sqlite_url, clock, bot_token="not-the-token")
    assert "not-the-token" not in str(raised.value)
    assert fake_discord.identifies == 0  # it never tried the gateway


async def test_a_token_the_gateway_refuses_ends_start_up_with_a_clear_error(fake_discord, sqlite_url, clock):
    from adapters.discord.adapter import DiscordAdapter
    from tests.conftest import LONDON

    adapter = DiscordAdapter(bot_token=TOKEN, zone=LONDON, member_channels=[MEMBERS], clock=clock)
    await adapter.setup()
    fake_discord.token = "revoked"  # between logging in and connecting

    async def dispatch(event):
        raise AssertionError("nothing should be dispatched")

    with pytest.raises(StartupError, match=r"^Discord rejected DISCORD_BOT_TOKEN: .*4004"):
        await adapter.start(dispatch)
    assert adapter.health()[0] is False and "4004" in adapter.health()[1]
    assert fake_discord.identifies == 1  # no retrying a token Discord refused
    await adapter.stop()


async def test_a_token_revoked_while_running_fails_the_run(discord_bot):
    discord_bot.fake.token = "revoked"
    await discord_bot.fake.drop(4000)  # the resume is refused with 4004
    with pytest.raises(StartupError, match="Discord rejected DISCORD_BOT_TOKEN"):
        await discord_bot.adapter.wait_closed()
    assert discord_bot.adapter.health()[0] is False


async def test_nothing_the_bot_sends_or_edits_can_ping_anyone(discord_bot):
    topic, message, thread = await published(discord_bot)
    await discord_bot.interact(payloads.button_click(f"vote:{topic.id}:1", "1001", message))
    await discord_bot.runtime.tallies.drain()
    await discord_bot.interact(
        payloads.slash_command("listening", {"command": f"close {topic.ref}"}, "1009", MEMBERS, roles=[STAFF_ROLE])
    )
    posts = [b for m, p, b in discord_bot.fake.requests if m == "POST" and p.endswith("/messages")]
    edits = [b for m, p, b in discord_bot.fake.requests if m == "PATCH" and "/messages/" in p]
    assert posts and edits
    assert len(discord_bot.fake.edits(message["id"])) >= 2  # the tally, then the close
    for body in posts + edits:
        assert body["allowed_mentions"]["parse"] == []
        assert not body["allowed_mentions"].get("users") and not body["allowed_mentions"].get("roles")
    assert discord_bot.fake.sent_to(thread)  # the result in the thread was one of the posts


async def test_a_failure_to_record_is_logged_without_the_members_words_or_id(discord_bot, monkeypatch):
    _, _, thread = await published(discord_bot)

    async def broken(event):
        raise ValueError(f"could not store {event.text!r} from {event.member.user_id}")  # as a database error might

    monkeypatch.setattr(discord_bot.runtime.listening, "handle", broken)
    with Everything() as logs:
        await discord_bot.fake.dispatch("MESSAGE_CREATE", payloads.message(thread, SECRET_USER, SECRET_TEXT))
        await until(lambda: any("could not record" in line for line in logs.lines))
    (line,) = [line for line in logs.lines if "could not record" in line]
    assert "discord: could not record a ReplyPosted: ValueError at " in line
    assert logs.leaks(SECRET_TEXT, SECRET_USER) == []


def test_discord_py_tracebacks_are_cut_to_a_few_words():
    safety.quiet_library_payloads()
    with Everything() as logs:
        try:
            raise ValueError(SECRET_TEXT)
        except ValueError:
            logging.getLogger("discord.ui.view").exception("Ignoring exception in view %r", "v")
        logging.getLogger("discord.gateway").debug("For Shard ID %s: WebSocket Event: %s", None, SECRET_TEXT)
    assert logs.leaks(SECRET_TEXT) == []
    (line,) = logs.lines
    # the type and the line that raised it (here, this test's own `raise`), not the message
    assert line.startswith("discord.ui.view ERROR Ignoring exception in view 'v': ValueError at ")
    assert "discord/test_discord_robustness.py:" in line
