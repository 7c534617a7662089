"""Slack and Discord in one process: one card reaches both, one tally counts both."""

import json

from adapters.discord.adapter import DiscordAdapter
from adapters.slack.adapter import SlackAdapter
from bot.app import choose_adapters
from bot.listening import Listening
from bot.runtime import Runtime
from bot.settings import Settings
from storage import Database, Store
from tests.cards import card
from tests.conftest import EXAMPLES, LONDON
from tests.discord import payloads as discord_payloads
from tests.discord.conftest import Discord
from tests.discord.fake_discord import MEMBERS as DISCORD_MEMBERS
from tests.slack.conftest import MEMBERS as SLACK_MEMBERS
from tests.slack.conftest import SECRET, Slack


async def test_one_card_reaches_slack_and_discord_and_one_tally_counts_both(
    fake_slack, fake_discord, sqlite_url, clock
):
    database = Database(sqlite_url)
    slack_adapter = SlackAdapter(
        bot_token="xoxb-t",
        signing_secret=SECRET,
        member_channels=[SLACK_MEMBERS],
        api_url=fake_slack.api_url,
        host="127.0.0.1",
        port=0,
        zone=LONDON,
        clock=clock,
    )
    discord_adapter = DiscordAdapter(
        bot_token="d-t", member_channels=[DISCORD_MEMBERS], zone=LONDON, clock=clock, guild_ready_timeout=0.05
    )
    runtime = Runtime(
        Listening(Store(database), clock, LONDON, EXAMPLES),
        [slack_adapter, discord_adapter],
        clock,
        sync_interval=None,
        tally_interval=0,
    )
    await runtime.start()
    slack = Slack(fake_slack, slack_adapter, runtime, Store(database))
    discord = Discord(fake_discord, discord_adapter, runtime, Store(database))
    try:
        (topic,) = await runtime.listening.team.publish_all([card()])
        await runtime.sync()
        await slack.click("UAMIRA", slack.post(topic.id), topic.id, 0)
        await discord.interact(discord_payloads.button_click(f"vote:{topic.id}:0", "1001", discord.card(topic.id)))
        await runtime.tallies.drain()
        ((_, tally),) = await runtime.listening.team.topics()
        assert tally.counts == (2, 0, 0, 0) and tally.voters == 2
        assert "n = 2" in json.dumps(slack.post(topic.id)["blocks"])
        assert "n = 2" in json.dumps(discord.card(topic.id)["embeds"])
    finally:
        await slack.close()
        await runtime.stop()
        await database.dispose()


def test_settings_with_both_platforms_run_both(monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1")
    monkeypatch.setenv("DISCORD_BOT_TOKEN", "discord-1")
    monkeypatch.setenv("DISCORD_MEMBER_CHANNELS", "123, 456")
    adapters = choose_adapters(Settings(_env_file=None), clock=None)
    assert [a.platform for a in adapters] == ["slack", "discord"]
    assert adapters[1].member_channel_ids == ["123", "456"]
