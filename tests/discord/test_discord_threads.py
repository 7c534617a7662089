"""Replies in a card's thread, edits, deletions (raw events) and reactions, as Discord sends them."""

from storage.exports import datasets, records
from tests.cards import card
from tests.discord import payloads
from tests.discord.fake_discord import BOT, GUILD, MEMBERS


async def published(bot):
    (topic,) = await bot.runtime.listening.team.publish_all([card()])
    await bot.runtime.sync()
    message = bot.card(topic.id)
    return topic, message, message["thread"]["id"]


async def table(bot, name):
    async with bot.store.unit() as unit:
        dataset = next(d for d in datasets() if d.name == name)
        return [r async for r in records(unit.session, dataset)]


async def test_messages_in_the_thread_are_replies_and_others_are_not(discord_bot):
    topic, _, thread = await published(discord_bot)
    await discord_bot.fake.dispatch("MESSAGE_CREATE", payloads.message(MEMBERS, "1001", "Lunch anyone?"))
    for bot in ("2002", BOT):  # another bot, and this one: handed to the core marked as bots, and ignored
        event, outcome = await discord_bot.send("MESSAGE_CREATE", payloads.message(thread, bot, "beep", bot=True))
        assert event.member.is_bot and outcome.reply is None and not outcome.changed_topics
    event, _ = await discord_bot.send("MESSAGE_CREATE", payloads.message(thread, "1001", "Top-ups have not moved"))
    assert event.text == "Top-ups have not moved"
    assert [(r["topic"], r["text"]) for r in await table(discord_bot, "replies")] == [
        (topic.ref, "Top-ups have not moved")
    ]


async def test_edits_and_deletions_of_uncached_messages_are_followed(discord_bot):
    _, _, thread = await published(discord_bot)
    original = payloads.message(thread, "1001", "Teh deficit")
    await discord_bot.send("MESSAGE_CREATE", original)
    discord_bot.adapter.client._connection._messages.clear()  # as after a restart: nothing cached
    await discord_bot.fake.dispatch("MESSAGE_UPDATE", payloads.embed_update(original))  # an unfurl, not an edit
    await discord_bot.send("MESSAGE_UPDATE", payloads.message_update(original, "The deficit"))
    (reply,) = await table(discord_bot, "replies")
    assert reply["text"] == "The deficit" and reply["edited"]
    await discord_bot.send("MESSAGE_DELETE", payloads.message_delete(original))
    (reply,) = await table(discord_bot, "replies")
    assert reply["deleted"] and reply["text"] is None


async def test_events_replayed_after_a_resume_count_once(discord_bot):
    _, _, thread = await published(discord_bot)
    reply = payloads.message(thread, "1001", "Only once")
    await discord_bot.send("MESSAGE_CREATE", reply)
    _, outcome = await discord_bot.send("MESSAGE_CREATE", reply)  # the same event, replayed
    assert outcome.duplicate
    assert len(await table(discord_bot, "replies")) == 1


async def test_reactions_unicode_and_custom_are_recorded_but_not_bots(discord_bot):
    topic, message, _ = await published(discord_bot)
    for bot, emoji in (("2002", "🤖"), (BOT, "✅")):  # marked as bots, and ignored by the core
        event, _ = await discord_bot.send(
            "MESSAGE_REACTION_ADD", payloads.reaction(MEMBERS, message["id"], bot, emoji, bot=True)
        )
        assert event.member.is_bot
    await discord_bot.send("MESSAGE_REACTION_ADD", payloads.reaction(MEMBERS, message["id"], "1001", "👍"))
    await discord_bot.send("MESSAGE_REACTION_ADD", payloads.reaction(MEMBERS, message["id"], "1002", "trust:123456"))
    await discord_bot.send(
        "MESSAGE_REACTION_REMOVE", payloads.reaction(MEMBERS, message["id"], "1001", "👍", add=False)
    )
    assert [(r["topic"], r["emoji"]) for r in await table(discord_bot, "reactions")] == [(topic.ref, "<:trust:123456>")]


async def test_a_reaction_the_gateway_sends_again_changes_nothing_and_a_new_one_counts(discord_bot):
    topic, message, _ = await published(discord_bot)
    add = payloads.reaction(MEMBERS, message["id"], "1001", "👍")
    await discord_bot.send("MESSAGE_REACTION_ADD", add, seq=900)
    await discord_bot.send(
        "MESSAGE_REACTION_REMOVE", payloads.reaction(MEMBERS, message["id"], "1001", "👍", add=False)
    )
    _, outcome = await discord_bot.send("MESSAGE_REACTION_ADD", add, seq=900)  # the first add, sent again
    assert outcome.duplicate
    assert await table(discord_bot, "reactions") == []  # it does not bring back what was removed
    await discord_bot.send("MESSAGE_REACTION_ADD", add)  # the member reacts again: a new event
    assert [r["emoji"] for r in await table(discord_bot, "reactions")] == ["👍"]


async def test_a_2000_character_message_full_of_mentions_is_stored_faithfully(discord_bot):
    _, _, thread = await published(discord_bot)
    text = ("@everyone @here <@1001> <@&900000000000000020> **bold** ||spoiler|| " * 40)[:2000]
    await discord_bot.send("MESSAGE_CREATE", payloads.message(thread, "1001", text))
    (reply,) = await table(discord_bot, "replies")
    assert reply["text"] == text


async def test_a_moderators_purge_and_reaction_clear_are_followed(discord_bot):
    topic, message, thread = await published(discord_bot)
    first = payloads.message(thread, "1001", "first")
    second = payloads.message(thread, "1002", "second")
    await discord_bot.send("MESSAGE_CREATE", first)
    await discord_bot.send("MESSAGE_CREATE", second)
    await discord_bot.fake.dispatch(
        "MESSAGE_DELETE_BULK", {"ids": [first["id"], second["id"]], "channel_id": thread, "guild_id": GUILD}
    )
    await discord_bot.runtime.next_recorded()
    await discord_bot.runtime.next_recorded()
    assert all(r["deleted"] and r["text"] is None for r in await table(discord_bot, "replies"))
    await discord_bot.send("MESSAGE_REACTION_ADD", payloads.reaction(MEMBERS, message["id"], "1001", "👍"))
    await discord_bot.send("MESSAGE_REACTION_ADD", payloads.reaction(MEMBERS, message["id"], "1002", "🎉"))
    await discord_bot.send(
        "MESSAGE_REACTION_REMOVE_EMOJI",
        {"channel_id": MEMBERS, "message_id": message["id"], "guild_id": GUILD, "emoji": {"id": None, "name": "👍"}},
    )
    assert [r["emoji"] for r in await table(discord_bot, "reactions")] == ["🎉"]
    await discord_bot.send(
        "MESSAGE_REACTION_REMOVE_ALL", {"channel_id": MEMBERS, "message_id": message["id"], "guild_id": GUILD}
    )
    assert await table(discord_bot, "reactions") == []
