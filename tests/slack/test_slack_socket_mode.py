"""Socket Mode: the same app over a websocket from a fake Slack, acks on the socket."""

import asyncio
import re

import aiohttp
import pytest

from adapters.slack.adapter import SlackAdapter
from bot.domain import MemberRef, Role
from bot.errors import StartupError
from bot.events import CommandInvoked
from bot.listening import Listening
from bot.runtime import Runtime
from storage import Database, Store
from tests.cards import card
from tests.conftest import EXAMPLES, LONDON
from tests.slack import payloads
from tests.slack.conftest import MEMBERS, MORE


@pytest.fixture
async def socket_bot(fake_slack, sqlite_url, clock):
    database = Database(sqlite_url)
    adapter = SlackAdapter(
        bot_token="xoxb-test-token",
        app_token="xapp-test-token",
        member_channels=[MEMBERS, MORE],
        api_url=fake_slack.api_url,
        zone=LONDON,
        clock=clock,
    )
    runtime = Runtime(
        Listening(Store(database), clock, LONDON, EXAMPLES), [adapter], clock, sync_interval=None, tally_interval=0
    )
    await runtime.start()
    await fake_slack.connected()
    yield runtime
    await runtime.stop()
    await database.dispose()


async def test_events_commands_and_clicks_arrive_over_the_socket(fake_slack, socket_bot, clock):
    (topic,) = await socket_bot.listening.team.publish_all([card()])
    await socket_bot.sync()
    post = next(m for m in fake_slack.posts_in(MEMBERS))

    reply = payloads.envelope(
        payloads.thread_reply(MEMBERS, post["ts"], "1700002000.000100", "UAMIRA", "Via socket"), "Ev0SOCKET1"
    )
    ack = await fake_slack.send_envelope("events_api", reply, "env-1")
    assert ack["envelope_id"] == "env-1"
    again = await fake_slack.send_envelope("events_api", reply, "env-2", retry_attempt=1)  # a redelivery
    assert again["envelope_id"] == "env-2"

    command = payloads.slash_command("/idea", "Ideas by socket", "UAMIRA", MEMBERS, fake_slack.response_url())
    ack = await fake_slack.send_envelope("slash_commands", command, "env-3")
    assert "IDEA-0001" in ack["payload"]["text"]

    click = payloads.block_actions("UBEA", MEMBERS, post["ts"], f"vote:{topic.id}:0", fake_slack.response_url("c"))
    await fake_slack.send_envelope("interactive", click, "env-4")

    ((_, tally),) = await socket_bot.listening.team.topics()
    assert tally.counts == (1, 0, 0, 0)
    await socket_bot.settle()  # the confirmation goes to the response URL after the ack
    assert fake_slack.responses[-1][1]["text"].startswith(f"Thanks, your response to {topic.ref}")
    staff = MemberRef("slack", "T0TEST", "USTAFF", Role.STAFF)
    outcome = await socket_bot.dispatch(CommandInvoked(event_id="check", member=staff, at=clock.now(), text="recorded"))
    assert "  replies: 1" in outcome.reply and "ideas: 1" in outcome.reply


def socket_adapter(fake_slack, clock, app_token="xapp-test-token", bot_token="xoxb-test-token"):
    return SlackAdapter(
        bot_token=bot_token,
        app_token=app_token,
        member_channels=[MEMBERS, MORE],
        api_url=fake_slack.api_url,
        zone=LONDON,
        clock=clock,
    )


@pytest.mark.parametrize(
    "tokens,says",
    [
        ({"app_token": "xapp-revoked"}, "Slack rejected SLACK_APP_TOKEN (invalid_auth)"),
        ({"app_token": "xoxb-not-an-app-token"}, "SLACK_APP_TOKEN must be an app-level token"),
        ({"bot_token": "xoxb-revoked"}, "Slack rejected SLACK_BOT_TOKEN"),
    ],
)
async def test_a_refused_token_stops_start_up_with_a_clear_message(fake_slack, sqlite_url, clock, tokens, says):
    fake_slack.refused_tokens |= {"xapp-revoked", "xoxb-revoked"}
    database = Database(sqlite_url)
    adapter = socket_adapter(fake_slack, clock, **tokens)
    runtime = Runtime(
        Listening(Store(database), clock, LONDON, EXAMPLES), [adapter], clock, sync_interval=None, tally_interval=0
    )
    try:
        with pytest.raises(StartupError, match=re.escape(says)):
            await runtime.start()
        assert fake_slack.sockets == []  # it never went on to retry a socket it cannot have
    finally:
        await runtime.stop()
        await database.dispose()


async def test_healthz_is_served_in_socket_mode_and_says_503_while_the_socket_is_down(fake_slack, sqlite_url, clock):
    database = Database(sqlite_url)
    adapter = socket_adapter(fake_slack, clock)
    runtime = Runtime(
        Listening(Store(database), clock, LONDON, EXAMPLES),
        [adapter],
        clock,
        sync_interval=None,
        tally_interval=0,
        health_port=0,
        health_host="127.0.0.1",
    )
    await runtime.start()
    url = f"http://127.0.0.1:{runtime.health_server.bound_port}/healthz"
    try:
        await fake_slack.connected()
        async with aiohttp.ClientSession() as http:
            async with http.get(url) as response:
                assert response.status == 200
                assert (await response.json())["adapters"]["slack"] == {"ok": True, "state": "Socket Mode connected"}
            fake_slack.refused_tokens.add("xapp-test-token")  # Slack will not let it back in
            for ws in list(fake_slack.sockets):
                await ws.close()
            for _ in range(500):  # until the client has noticed the socket closed
                async with http.get(url) as response:
                    status, said = response.status, await response.json()
                if status == 503:
                    break
                await asyncio.sleep(0.01)
            assert status == 503 and said["adapters"]["slack"]["ok"] is False
    finally:
        await runtime.stop()
        await database.dispose()
