"""Cards and polls on Discord: embeds with buttons, a thread under each, votes, tallies, close."""

import copy

from tests.cards import card, poll
from tests.discord import payloads
from tests.discord.fake_discord import MEMBERS, MORE, STAFF_ROLE


async def publish(bot, content):
    (topic,) = await bot.runtime.listening.team.publish_all([content])
    await bot.runtime.sync()
    return topic


async def test_a_card_is_an_embed_with_buttons_and_a_thread_in_every_member_channel(discord_bot):
    topic = await publish(discord_bot, card())
    for channel in (MEMBERS, MORE):
        message = discord_bot.card(topic.id, channel)
        (embed,) = message["embeds"]
        assert embed["title"] == topic.title
        assert {f["name"]: f["value"] for f in embed["fields"]}["Evidence"] == "Best bet"
        labels = [c["label"] for row in message["components"] for c in row["components"]]
        assert labels == ["Agree", "Partly agree", "Disagree", "Not sure"]
        assert message["allowed_mentions"] == {"parse": []}
        assert message["thread"]["parent_id"] == channel


async def test_a_click_records_the_vote_and_answers_privately(discord_bot):
    topic = await publish(discord_bot, card())
    message = discord_bot.card(topic.id)
    answer = await discord_bot.interact(payloads.button_click(f"vote:{topic.id}:1", "1001", message))
    assert answer["type"] == 4 and answer["data"]["flags"] & 64  # an ephemeral message
    assert answer["data"]["content"] == f"Thanks, your response to {topic.ref} is recorded: “Partly agree”."
    changed = await discord_bot.interact(payloads.button_click(f"vote:{topic.id}:0", "1001", message))
    assert "from “Partly agree” to “Agree”" in changed["data"]["content"]
    ((_, tally),) = await discord_bot.runtime.listening.team.topics()
    assert tally.counts == (1, 0, 0, 0)


async def test_the_tally_on_every_post_follows_the_votes(discord_bot):
    topic = await publish(discord_bot, card())
    message = discord_bot.card(topic.id)
    await discord_bot.interact(payloads.button_click(f"vote:{topic.id}:2", "1001", message))
    await discord_bot.interact(payloads.button_click(f"vote:{topic.id}:2", "1002", message))
    await discord_bot.runtime.tallies.drain()
    for channel in (MEMBERS, MORE):
        results = {f["name"]: f["value"] for f in discord_bot.card(topic.id, channel)["embeds"][0]["fields"]}["Results"]
        assert "100% Disagree (2)" in results and "n = 2" in results


async def test_closing_removes_the_buttons_posts_the_result_and_refuses_late_clicks(discord_bot):
    topic = await publish(discord_bot, poll())
    message = discord_bot.card(topic.id)
    as_seen_before_close = copy.deepcopy(message)  # a member whose screen still shows the buttons
    await discord_bot.interact(payloads.button_click(f"vote:{topic.id}:1", "1001", message))
    closed = await discord_bot.interact(
        payloads.slash_command("listening", {"command": f"close {topic.ref}"}, "1009", MEMBERS, roles=[STAFF_ROLE])
    )
    assert closed["data"]["content"].startswith(f"Closed {topic.ref} (n = 1)")
    final = discord_bot.card(topic.id)
    assert final["components"] == []
    (result,) = discord_bot.fake.sent_to(message["thread"]["id"])
    assert result["content"].startswith("```\nFinal result for ")
    late = await discord_bot.interact(payloads.button_click(f"vote:{topic.id}:0", "1002", as_seen_before_close))
    assert "closed" in late["data"]["content"] and "not recorded" in late["data"]["content"]


async def test_buttons_keep_working_after_a_restart(fake_discord, sqlite_url, clock):
    from storage import Store
    from tests.discord.conftest import Discord, start_discord

    adapter, runtime, database = await start_discord(fake_discord, sqlite_url, clock)
    topic = await publish(Discord(fake_discord, adapter, runtime, Store(database)), card())
    await runtime.stop()
    await database.dispose()
    adapter, runtime, database = await start_discord(fake_discord, sqlite_url, clock)  # a new process
    bot = Discord(fake_discord, adapter, runtime, Store(database))
    try:
        answer = await bot.interact(payloads.button_click(f"vote:{topic.id}:0", "1001", bot.card(topic.id)))
        assert "is recorded: “Agree”" in answer["data"]["content"]
        assert len(fake_discord.sent_to(MEMBERS)) == 1  # and nothing was posted again
    finally:
        await runtime.stop()
        await database.dispose()
