"""Nothing is acknowledged before it is recorded: when the core cannot record an event within
Slack's answer time, an Events API request is not acknowledged (Slack sends it again, and the
redelivery counts once), and a member who clicked, typed a command or sent a form is told
plainly that it was not recorded, with nothing half-recorded behind their back."""

import json
import logging

import pytest

from bot.deadline import NOT_RECORDED, SORRY
from storage import Database, Store
from storage.exports import datasets, records
from tests.busy import another_write
from tests.cards import card
from tests.slack import payloads
from tests.slack.conftest import MEMBERS, Slack, start_slack

BUDGET = 2.5


async def table(slack, name):
    async with slack.store.reading() as unit:
        dataset = next(d for d in datasets() if d.name == name)
        return [r async for r in records(unit.session, dataset)]


async def published(slack):
    (topic,) = await slack.runtime.listening.team.publish_all([card()])
    await slack.runtime.sync()
    return topic, slack.post(topic.id)


async def too_slow(slack):
    """The database is busy with another write for longer than Slack waits (here: no time at all)."""
    slack.busy = another_write(slack.store)
    await slack.busy.__aenter__()
    slack.adapter.deadline.seconds = 0


async def in_time(slack):
    await slack.busy.__aexit__(None, None, None)
    slack.adapter.deadline.seconds = BUDGET


async def test_a_reply_not_recorded_in_time_is_not_acknowledged_and_its_redelivery_counts_once(slack):
    topic, post = await published(slack)
    reply = payloads.thread_reply(MEMBERS, post["ts"], "1700001000.000100", "UAMIRA", "Top-ups have not moved")
    await too_slow(slack)
    status, _ = await slack.event(reply, event_id="Ev0SLOW01")
    assert status == 503  # not a 2xx: Slack will send it again
    assert await table(slack, "replies") == []
    await in_time(slack)
    for _ in range(2):  # Slack's redelivery, and a second one for good measure
        status, _ = await slack.event(reply, event_id="Ev0SLOW01")
        assert status == 200
    assert [r["text"] for r in await table(slack, "replies")] == ["Top-ups have not moved"]


async def test_a_reaction_not_recorded_in_time_is_not_acknowledged(slack):
    topic, post = await published(slack)
    reaction = payloads.reaction("reaction_added", "UAMIRA", MEMBERS, post["ts"], "thumbsup")
    await too_slow(slack)
    assert (await slack.event(reaction, event_id="Ev0SLOW02"))[0] == 503
    assert await table(slack, "reactions") == []
    await in_time(slack)
    assert (await slack.event(reaction, event_id="Ev0SLOW02"))[0] == 200
    assert [r["emoji"] for r in await table(slack, "reactions")] == [":thumbsup:"]


async def test_a_vote_not_recorded_in_time_is_said_so_and_a_second_click_counts(slack):
    topic, post = await published(slack)
    await too_slow(slack)
    status, _ = await slack.click("UAMIRA", post, topic.id, 0, action_ts="1700002000.000100")
    assert status == 200  # a click is always answered, or Slack shows the member an error
    ((_, told),) = slack.fake.responses
    assert told["text"] == NOT_RECORDED and told["response_type"] == "ephemeral"
    assert await table(slack, "votes") == []
    await in_time(slack)
    await slack.click("UAMIRA", post, topic.id, 0, action_ts="1700002005.000100")
    assert [v["option"] for v in await table(slack, "votes")] == [1]


async def test_an_idea_not_recorded_in_time_is_said_so_and_nothing_is_kept(slack):
    await too_slow(slack)
    status, body = await slack.command("/idea", "An idea the database was slow to take")
    assert status == 200 and body == NOT_RECORDED
    assert await table(slack, "ideas") == []
    await in_time(slack)
    status, body = await slack.command("/idea", "An idea the database was slow to take")
    assert "IDEA-0001" in body
    assert len(await table(slack, "ideas")) == 1


async def test_a_form_not_recorded_in_time_stays_open_with_the_members_text(slack):
    await too_slow(slack)
    submission = payloads.view_submission("UAMIRA", "idea_modal", {"idea": "Termly funding forecasts"})
    status, body = await slack.submit(submission)
    assert status == 200
    assert json.loads(body) == {"response_action": "errors", "errors": {"idea": NOT_RECORDED}}
    assert await table(slack, "ideas") == []
    await in_time(slack)
    status, body = await slack.submit(submission)
    assert status == 200 and body == ""  # the form closes: it is recorded
    assert [i["text"] for i in await table(slack, "ideas")] == ["Termly funding forecasts"]


async def test_a_confirmation_is_kept_until_sent_and_any_instance_sends_it(fake_slack, sqlite_url, clock):
    """A vote's confirmation is written with the vote, before the ack: a response URL that fails
    is tried again later, and one whose sender died is sent by another instance."""
    topic, post = None, None
    adapter, runtime, database = await start_slack(fake_slack, sqlite_url, clock)
    slack = Slack(fake_slack, adapter, runtime, Store(database))
    try:
        topic, post = await published(slack)
        fake_slack.respond_errors = 2  # the response URL fails twice, then works
        status, _ = await slack.click("UAMIRA", post, topic.id, 0)
        assert status == 200 and fake_slack.responses == []  # acknowledged; the confirmation is owed
        clock.advance(seconds=1)
        assert await runtime.owed.send_due() == 0  # the second failure
        clock.advance(seconds=2)
        assert await runtime.owed.send_due() == 1
        ((_, told),) = fake_slack.responses
        assert told["text"].startswith(f"Thanks, your response to {topic.ref}") and told["response_type"] == "ephemeral"
        assert await runtime.owed.send_due() == 0  # sent once

        async with slack.store.unit() as unit:  # an instance records a click, claims its confirmation, dies
            await unit.owed.add("slack", fake_slack.response_url("click-UBEA"), "Thanks, UBEA", clock.now())
            (claimed,) = await unit.owed.claim_due("slack", clock.now(), clock.now())
    finally:
        await slack.close()
        await runtime.stop()
        await database.dispose()
    adapter, other, database = await start_slack(fake_slack, sqlite_url, clock)  # another instance
    try:
        assert await other.owed.send_due() == 0  # a fresh claim: its owner may still be sending
        clock.advance(minutes=3)
        assert await other.owed.send_due() == 1  # taken over
        assert [token for token, _ in fake_slack.responses] == ["click-UAMIRA", "click-UBEA"]
    finally:
        await other.stop()
        await database.dispose()


async def test_answers_after_the_ack_go_one_way_tried_again_as_each_needs(fake_slack, sqlite_url, clock):
    """A late answer (a command that only reads) is not kept, so its response URL is tried again
    at once, 1 then 2 seconds apart; an owed one is tried once a go, the core trying again later.
    A response URL Slack has let expire is tried once either way, never again."""
    waits: list[float] = []

    async def sleep(seconds: float) -> None:  # time is the test's: nothing sleeps
        waits.append(seconds)

    adapter, runtime, database = await start_slack(fake_slack, sqlite_url, clock, sleep=sleep)
    slack = Slack(fake_slack, adapter, runtime, Store(database))
    try:
        topic, post = await published(slack)
        adapter.deadline.seconds = 0  # the command's answer comes after the ack
        fake_slack.respond_errors = 2
        status, body = await slack.command("/listening", "list")
        assert status == 200 and body == "Working on it…"
        ((token, told),) = fake_slack.responses
        assert token == "cmd-UAMIRA" and topic.ref in told["text"]
        assert (told["response_type"], told["replace_original"]) == ("ephemeral", False)
        assert fake_slack.respond_tries == ["cmd-UAMIRA"] * 3 and waits == [1, 2]

        fake_slack.expired.add("cmd-UAMIRA")
        await slack.command("/listening", "list")
        assert fake_slack.respond_tries[3:] == ["cmd-UAMIRA"] and waits == [1, 2]  # refused: not tried again

        adapter.deadline.seconds = BUDGET
        fake_slack.expired.add("click-UBEA")
        assert (await slack.click("UBEA", post, topic.id, 0))[0] == 200  # its confirmation is sent after the ack
        assert fake_slack.respond_tries[4:] == ["click-UBEA"]
        clock.advance(minutes=1)
        assert await runtime.owed.send_due() == 0  # done with: it can never arrive
        assert fake_slack.respond_tries[4:] == ["click-UBEA"] and len(fake_slack.responses) == 1
        assert [v["option"] for v in await table(slack, "votes")] == [1]  # the vote itself counts
    finally:
        await slack.close()
        await runtime.stop()
        await database.dispose()


async def test_what_fails_is_answered_sorry_where_the_member_is_and_logged_without_their_text(
    fake_slack, sqlite_url, clock, caplog
):
    """The database fails outright (here: a table it needs is gone). A click, a command that
    records and a form are each answered "Sorry, … try again" in their own way, and the log
    says what failed and where, never what the member wrote."""
    adapter, runtime, database = await start_slack(fake_slack, sqlite_url, clock)
    slack = Slack(fake_slack, adapter, runtime, Store(database))
    try:
        topic, post = await published(slack)
        async with database.engine.begin() as conn:
            await conn.exec_driver_sql("DROP TABLE seen_events")
        with caplog.at_level(logging.ERROR):
            assert (await slack.click("UAMIRA", post, topic.id, 0))[0] == 200
            status, body = await slack.command("/idea", "Funding for Priya's school")
            submission = payloads.view_submission("UAMIRA", "idea_modal", {"idea": "Funding for Priya's school"})
            _, form = await slack.submit(submission)
        ((_, told),) = fake_slack.responses
        assert told["text"] == SORRY.reply and told["response_type"] == "ephemeral"
        assert status == 200 and body == SORRY.reply
        assert json.loads(form) == {"response_action": "errors", "errors": {"idea": SORRY.reply}}
        logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        assert [m.split(" failed")[0] for m in logged] == ["slack: a vote", "slack: a slash command", "slack: a form"]
        assert all("OperationalError at " in m and "Priya" not in m for m in logged)
    finally:
        await slack.close()
        await runtime.stop()
        await database.dispose()


@pytest.mark.postgres
async def test_when_the_databases_sessions_are_cut_nothing_acknowledged_is_lost(fake_slack, postgres_url, clock):
    """PostgreSQL ends every one of the bot's sessions (a failover, an administrator's
    pg_terminate_backend) between and during requests: each event is either recorded and
    acknowledged, or not acknowledged and recorded once when Slack sends it again."""
    async with Database(postgres_url) as fresh:
        await fresh.empty()
    adapter, runtime, database = await start_slack(fake_slack, postgres_url, clock)
    slack = Slack(fake_slack, adapter, runtime, Store(database))

    async def cut() -> None:
        async with database.engine.connect() as conn:
            await conn.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )

    try:
        topic, post = await published(slack)
        bodies = [
            payloads.thread_reply(MEMBERS, post["ts"], f"17000020{n:02d}.000100", f"U{n:04d}", f"reply {n:02d}")
            for n in range(12)
        ]
        statuses = []
        for n, event in enumerate(bodies):
            if n % 3 == 0:
                await cut()  # every pooled connection of the bot is now dead
            statuses.append((await slack.event(event, event_id=f"Ev0CUT{n:04d}"))[0])
        acked = {n for n, status in enumerate(statuses) if status == 200}
        assert all(status in (200, 503) for status in statuses)  # never a 500, never a silent loss
        kept = {r["text"] for r in await table(slack, "replies")}
        assert {f"reply {n:02d}" for n in acked} <= kept
        for n, event in enumerate(bodies):  # Slack's redeliveries of all of them
            assert (await slack.event(event, event_id=f"Ev0CUT{n:04d}"))[0] == 200
        texts = sorted(r["text"] for r in await table(slack, "replies"))
        assert texts == [f"reply {n:02d}" for n in range(12)]  # each once
    finally:
        await slack.close()
        await runtime.stop()
        await database.dispose()
