"""Socket Mode: the same app over a websocket from a fake Slack, acks on the socket."""

import pytest

from adapters.slack.adapter import SlackAdapter
from bot.domain import MemberRef, Role
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
    assert fake_slack.responses[-1][1]["text"].startswith(f"Thanks, your response to {topic.ref}")
    staff = MemberRef("slack", "T0TEST", "USTAFF", Role.STAFF)
    outcome = await socket_bot.dispatch(CommandInvoked(event_id="check", member=staff, at=clock.now(), text="recorded"))
    assert "  replies: 1" in outcome.reply and "ideas: 1" in outcome.reply
