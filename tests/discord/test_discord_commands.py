"""Slash commands, forms (modals), staff roles, pings, broken channels and slow answers on Discord."""

import asyncio
import json
import logging

from bot.deadline import NOT_RECORDED, SORRY
from storage import Store
from storage.exports import datasets, records
from tests.busy import another_write
from tests.cards import card
from tests.discord import payloads
from tests.discord.conftest import Discord, start_discord
from tests.discord.fake_discord import MEMBERS, MORE, STAFF_ROLE


async def ideas(bot):
    async with bot.store.unit() as unit:
        dataset = next(d for d in datasets() if d.name == "ideas")
        return [r async for r in records(unit.session, dataset)]


async def test_commands_are_registered_in_the_server_at_start(discord_bot):
    (registered,) = discord_bot.fake.commands.values()
    assert [c["name"] for c in registered] == ["idea", "card", "poll", "listening"]


async def test_idea_with_text_answers_privately_with_its_reference(discord_bot):
    answer = await discord_bot.interact(
        payloads.slash_command("idea", {"text": "Shared SEND specialists"}, "1001", MEMBERS)
    )
    assert answer["data"]["flags"] & 64 and answer["data"]["content"].startswith(
        "Thanks, your idea is recorded as IDEA-0001"
    )
    assert [i["text"] for i in await ideas(discord_bot)] == ["Shared SEND specialists"]


async def test_idea_without_text_opens_a_form_whose_answer_is_recorded(discord_bot):
    opened = await discord_bot.interact(payloads.slash_command("idea", {}, "1001", MEMBERS))
    assert opened["type"] == 9  # a modal
    form = opened["data"]
    (field,) = [c["custom_id"] for row in form["components"] for c in row["components"]]
    answer = await discord_bot.interact(
        payloads.modal_submit(form["custom_id"], {field: "Termly funding forecasts"}, "1001", MEMBERS)
    )
    assert "IDEA-0001" in answer["data"]["content"]
    assert [i["text"] for i in await ideas(discord_bot)] == ["Termly funding forecasts"]


async def test_staff_hold_the_role_and_others_are_refused_politely(discord_bot):
    refused = await discord_bot.interact(payloads.slash_command("card", {"slug": "send-funding"}, "1001", MEMBERS))
    assert refused["data"]["content"].startswith("Sorry, `publish` is for the policy team.")
    no_form = await discord_bot.interact(payloads.slash_command("card", {}, "1001", MEMBERS))
    assert no_form["type"] == 4 and no_form["data"]["content"] == "Sorry, /card is for the policy team."
    published = await discord_bot.interact(
        payloads.slash_command("card", {"slug": "send-funding"}, "1009", MEMBERS, roles=[STAFF_ROLE])
    )
    assert published["data"]["content"].startswith("Published CARD-0001")
    assert discord_bot.card(1, MEMBERS) and discord_bot.card(1, MORE)


async def test_staff_write_a_card_in_a_form(discord_bot):
    opened = await discord_bot.interact(payloads.slash_command("card", {}, "1009", MEMBERS, roles=[STAFF_ROLE]))
    form = opened["data"]
    fields = [c["custom_id"] for row in form["components"] for c in row["components"]]
    values = dict(
        zip(
            fields,
            ["Publish curriculum maps", "Trusts should publish them.", "Weaker", "Openness, Trust", "Should we?"],
            strict=True,
        )
    )
    answer = await discord_bot.interact(
        payloads.modal_submit(form["custom_id"], values, "1009", MEMBERS, roles=[STAFF_ROLE])
    )
    assert answer["data"]["content"] == "Published CARD-0001 · Publish curriculum maps."
    assert discord_bot.card(1)["embeds"][0]["title"] == "Publish curriculum maps"


async def test_poll_and_listening_commands(discord_bot):
    staff = {"roles": [STAFF_ROLE]}
    made = await discord_bot.interact(
        payloads.slash_command(
            "poll", {"spec": '"Which first?" "SEND funding" "Teacher pay" --closes 2d'}, "1009", MEMBERS, **staff
        )
    )
    assert made["data"]["content"] == "Published POLL-0001 · Which first?."
    unbalanced = await discord_bot.interact(
        payloads.slash_command("poll", {"spec": '"Which? A" "B'}, "1009", MEMBERS, **staff)
    )
    assert "quote is left open" in unbalanced["data"]["content"]
    listed = await discord_bot.interact(payloads.slash_command("listening", {"command": "list"}, "1001", MEMBERS))
    assert "POLL-0001 · Which first?" in listed["data"]["content"]
    unknown = await discord_bot.interact(
        payloads.slash_command("listening", {"command": "show CARD-0404"}, "1001", MEMBERS)
    )
    assert "There is no card or poll 'CARD-0404'" in unknown["data"]["content"]


async def test_member_text_echoed_back_never_pings(discord_bot):
    await discord_bot.interact(
        payloads.slash_command("idea", {"text": "@everyone look <@1002> <@&900000000000000020>"}, "1001", MEMBERS)
    )
    mine = await discord_bot.interact(payloads.slash_command("listening", {"command": "mine"}, "1001", MEMBERS))
    assert mine["data"]["allowed_mentions"] == {"parse": []}
    assert "@everyone" not in mine["data"]["content"] and "@\u200beveryone" in mine["data"]["content"]
    for method, path, body in discord_bot.fake.requests:  # everything the bot sent
        if method in ("POST", "PATCH") and isinstance(body, dict) and ("content" in body or "embeds" in body):
            assert body.get("allowed_mentions", {"parse": []}) == {"parse": []}, path


async def test_a_missing_channel_and_a_forbidden_one_spare_the_others(fake_discord, sqlite_url, clock, caplog):
    fake_discord.forbidden_channels.add(MORE)
    adapter, runtime, database = await start_discord(fake_discord, sqlite_url, clock)
    try:
        (topic,) = await runtime.listening.team.publish_all([card()])
        await runtime.sync()
        assert len(fake_discord.sent_to(MEMBERS)) == 1 and fake_discord.sent_to(MORE) == []
        assert any("Missing Permissions" in r.getMessage() for r in caplog.records)
    finally:
        await runtime.stop()
        await database.dispose()


async def test_an_unknown_channel_is_skipped_at_start_with_a_clear_log(fake_discord, sqlite_url, clock, caplog):
    fake_discord.missing_channels.add(MORE)
    adapter, runtime, database = await start_discord(fake_discord, sqlite_url, clock)
    try:
        assert [c.channel_id for c in adapter.channels() if c.role == "member"] == [MEMBERS]
        assert any("channel 900000000000000011 is unusable" in r.getMessage() for r in caplog.records)
        await runtime.listening.team.publish_all([card()])
        await runtime.sync()
        assert len(fake_discord.sent_to(MEMBERS)) == 1
    finally:
        await runtime.stop()
        await database.dispose()


async def test_an_idea_not_recorded_in_time_is_said_so_and_a_slow_read_is_deferred(fake_discord, sqlite_url, clock):
    adapter, runtime, database = await start_discord(fake_discord, sqlite_url, clock, ack_budget=0)
    bot = Discord(fake_discord, adapter, runtime, Store(database))
    try:
        async with another_write(bot.store):  # the database is busy for longer than Discord waits
            answer = await bot.interact(payloads.slash_command("idea", {"text": "Slow idea"}, "1001", MEMBERS))
        assert answer["type"] == 4 and answer["data"]["content"] == NOT_RECORDED  # plainly, at once
        assert answer["data"]["flags"] & 64  # privately
        async with bot.store.reading() as unit:
            dataset = next(d for d in datasets() if d.name == "ideas")
            assert [r async for r in records(unit.session, dataset)] == []  # and truly not recorded
        listed = await bot.interact(payloads.slash_command("listening", {"command": "list"}, "1001", MEMBERS))
        assert listed["type"] == 5 and listed["data"]["flags"] & 64  # a read may take its time: "thinking…"
        await adapter.deadline.drain()
        (follow_up,) = fake_discord.followups
        assert follow_up["content"]
    finally:
        await runtime.stop()
        await database.dispose()


async def test_what_fails_is_answered_sorry_and_logged_without_the_members_text(
    fake_discord, sqlite_url, clock, caplog
):
    adapter, runtime, database = await start_discord(fake_discord, sqlite_url, clock)
    bot = Discord(fake_discord, adapter, runtime, Store(database))
    try:
        async with database.engine.begin() as conn:  # a table the core needs is gone
            await conn.exec_driver_sql("DROP TABLE seen_events")
        with caplog.at_level(logging.ERROR):
            answer = await bot.interact(
                payloads.slash_command("idea", {"text": "Funding for Priya's school"}, "1001", MEMBERS)
            )
        assert answer["type"] == 4 and answer["data"]["content"] == SORRY.reply and answer["data"]["flags"] & 64
        (logged,) = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        assert logged.startswith("discord: IdeaSubmitted failed (OperationalError at ") and "Priya" not in logged
    finally:
        await runtime.stop()
        await database.dispose()


async def test_a_burst_of_clicks_makes_few_edits_and_ends_exact(fake_discord, sqlite_url, clock):
    seconds = asyncio.Semaphore(0)

    async def one_second(_seconds):
        await seconds.acquire()

    adapter, runtime, database = await start_discord(
        fake_discord, sqlite_url, clock, runtime_options={"tally_interval": 1.0, "sleep": one_second}
    )
    bot = Discord(fake_discord, adapter, runtime, Store(database))
    try:
        (topic,) = await runtime.listening.team.publish_all([card()])
        await runtime.sync()
        message = bot.card(topic.id)
        clicks = [payloads.button_click(f"vote:{topic.id}:{n % 2}", str(3000 + n), message) for n in range(20)]
        for click in clicks:
            await fake_discord.dispatch("INTERACTION_CREATE", click)
        await asyncio.gather(*(fake_discord.callback(c["id"]) for c in clicks))
        seconds.release()
        seconds.release()
        await runtime.tallies.drain()
        edits = fake_discord.edits(message["id"])
        assert 1 <= len(edits) <= 2  # one at once, one a second later (one: all committed together first)
        assert "n = 20" in json.dumps(bot.card(topic.id)["embeds"])
    finally:
        await runtime.stop()
        await database.dispose()


async def test_two_members_with_the_idea_form_open_are_both_heard(discord_bot):
    forms = []
    for user in ("1001", "1002"):
        opened = await discord_bot.interact(payloads.slash_command("idea", {}, user, MEMBERS))
        (field,) = [c["custom_id"] for row in opened["data"]["components"] for c in row["components"]]
        forms.append((user, opened["data"]["custom_id"], field))
    for user, form, field in forms:
        answer = await discord_bot.interact(payloads.modal_submit(form, {field: f"Idea from {user}"}, user, MEMBERS))
        assert "IDEA-000" in answer["data"]["content"]
    assert sorted(i["text"] for i in await ideas(discord_bot)) == ["Idea from 1001", "Idea from 1002"]


async def test_a_long_answer_comes_in_parts_and_nothing_is_cut(discord_bot):
    for n in range(30):
        await discord_bot.interact(payloads.slash_command("idea", {"text": f"Idea {n}: " + "x" * 150}, "1001", MEMBERS))
    answer = await discord_bot.interact(payloads.slash_command("listening", {"command": "mine"}, "1001", MEMBERS))
    parts = [answer["data"]["content"]] + [f["content"] for f in discord_bot.fake.followups]
    assert all(len(p) <= 2000 for p in parts) and len(parts) >= 3
    assert all(f"IDEA-00{n:02d}" in "".join(parts) for n in range(1, 31))
