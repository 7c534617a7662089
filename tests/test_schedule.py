"""The bot's week: the Friday summary and closing times, exactly once, caught up after downtime."""

import asyncio
from datetime import datetime, timedelta, timezone

import pytest

from adapters.memory import MemoryAdapter
from bot.listening import Listening
from bot.runtime import Runtime
from bot.schedule import last_fire, weekly
from tests.cards import card, poll
from tests.conftest import EXAMPLES, LONDON

THURSDAY = datetime(2026, 11, 19, 12, tzinfo=timezone.utc)
FRIDAY_AFTER_THREE = datetime(2026, 11, 20, 15, 1, tzinfo=timezone.utc)  # 15:01 in London (GMT)


def bot(store, clock, platform="slackish", messages=None):
    adapter = MemoryAdapter(platform, clock=clock, staff_channel="C-staff", messages=messages)
    runtime = Runtime(
        Listening(store, clock, LONDON, EXAMPLES),
        [adapter],
        clock,
        sync_interval=None,
        tally_interval=0,
        summary_at="0 15 * * fri",
        alarms=False,  # set but silent: the test moves the clock and runs what the alarm would
    )
    return adapter, runtime


def test_the_weekly_alarm_is_friday_at_three_in_london():
    trigger = weekly("0 15 * * fri", LONDON)
    assert last_fire(trigger, FRIDAY_AFTER_THREE) == datetime(2026, 11, 20, 15, tzinfo=LONDON)
    assert last_fire(trigger, FRIDAY_AFTER_THREE - timedelta(minutes=2)) == datetime(2026, 11, 13, 15, tzinfo=LONDON)
    with pytest.raises(ValueError, match="not a cron line"):
        weekly("every friday", LONDON)


async def test_a_summary_missed_while_down_is_posted_once_on_start(store, clock):
    clock.current = THURSDAY
    adapter, runtime = bot(store, clock)
    await runtime.start()  # the bot first runs on Thursday...
    await runtime.listening.team.publish_all([card()])
    await adapter.vote("amira", 1, 0)
    await runtime.stop()
    assert adapter.staff_posts == []
    clock.current = FRIDAY_AFTER_THREE + timedelta(hours=20)  # ...is down over Friday 15:00...
    adapter, runtime = bot(store, clock)
    await runtime.start()  # ...and catches up when it comes back
    await runtime.schedule.catch_up()
    await runtime.stop()
    (summary,) = adapter.staff_posts
    assert summary.startswith("# What we heard: 2026-W47")
    assert "| Votes | 1 |" in summary
    adapter, runtime = bot(store, clock)
    await runtime.start()
    await runtime.stop()
    assert adapter.staff_posts == []  # not again


async def test_a_first_start_after_friday_does_not_post_last_friday(store, clock):
    clock.current = FRIDAY_AFTER_THREE + timedelta(days=1)
    adapter, runtime = bot(store, clock)
    await runtime.start()
    await runtime.stop()
    assert adapter.staff_posts == []


async def test_closing_times_become_alarms_from_the_database(store, clock):
    clock.current = THURSDAY
    adapter, runtime = bot(store, clock)
    await runtime.start()
    (topic,) = await runtime.listening.team.publish_all([poll(closes_at=THURSDAY + timedelta(hours=3))])
    await runtime.sync()
    assert await runtime.schedule.alarms() == {f"close:{topic.id}": THURSDAY + timedelta(hours=3)}
    clock.advance(hours=3, seconds=1)
    await runtime.schedule.catch_up()  # what the alarm runs
    await runtime.stop()
    ((closed, _),) = await runtime.listening.team.topics()
    assert closed.status == "closed"
    assert [len(m.thread) for m in adapter.posts_of(topic.id)] == [1]  # the result, once


@pytest.mark.postgres
async def test_two_instances_on_postgres_post_each_summary_and_close_each_poll_once(postgres_url, clock):

    from storage import Database, Store

    clock.current = THURSDAY
    databases = [Database(postgres_url), Database(postgres_url)]
    await databases[0].empty()
    workspace: dict = {}  # one platform, two bot instances
    instances = [bot(Store(db), clock, messages=workspace) for db in databases]
    for _, runtime in instances:
        await runtime.start()
    (topic,) = await instances[0][1].listening.team.publish_all([poll(closes_at=FRIDAY_AFTER_THREE)])
    await asyncio.gather(*(runtime.sync() for _, runtime in instances))
    await instances[0][0].vote("amira", topic.id, 1)
    clock.current = FRIDAY_AFTER_THREE + timedelta(minutes=1)
    for _ in range(3):  # alarms firing on both, and a retried job
        await asyncio.gather(*(runtime.schedule.catch_up() for _, runtime in instances))
    for _, runtime in instances:
        await runtime.stop()
    for db in databases:
        await db.dispose()
    summaries = [post for adapter, _ in instances for post in adapter.staff_posts]
    assert len(summaries) == 1
    posts = [m for m in workspace.values() if m.topic.id == topic.id]
    assert len(posts) == 1  # one member channel, posted once between the two
    assert [len(m.thread) for m in posts] == [1]  # and its final result once


async def test_a_card_scheduled_for_later_goes_out_at_its_time_once(store, clock):
    clock.current = THURSDAY
    adapter, runtime = bot(store, clock)
    await runtime.start()
    outcome = await adapter.command(
        "staff-1", 'poll "Ready for Monday?" "Yes" "No" --publish "2026-11-20 09:00"', staff=True
    )
    assert outcome.reply == "Scheduled POLL-0001 · Ready for Monday? to go out Fri 20 Nov 2026, 09:00 GMT."
    await runtime.settle()
    assert adapter.posts_of(1) == []  # not yet
    early = await adapter.vote("amira", 1, 0)
    assert "opens for responses" in early.reply
    assert await runtime.schedule.alarms() == {"publish:1": datetime(2026, 11, 20, 9, tzinfo=timezone.utc)}
    clock.current = datetime(2026, 11, 20, 9, 0, 5, tzinfo=timezone.utc)
    await asyncio.gather(runtime.schedule.catch_up(), runtime.sync())  # the alarm, and the catch-up loop
    assert len(adapter.posts_of(1)) == 1
    assert "recorded" in (await adapter.vote("amira", 1, 0)).reply
    await runtime.stop()


async def test_old_event_ids_are_forgotten_and_recent_ones_kept(store, clock):
    clock.current = THURSDAY
    adapter, runtime = bot(store, clock)
    await runtime.start()
    (topic,) = await runtime.listening.team.publish_all([card()])
    await adapter.vote("amira", topic.id, 0, event_id="Ev-old")
    clock.advance(days=31)
    await adapter.vote("bea", topic.id, 0, event_id="Ev-new")
    await runtime.schedule.catch_up()
    await runtime.stop()
    from sqlalchemy import select

    from storage.models import SeenEventRow

    async with store.unit() as unit:
        kept = (await unit.session.execute(select(SeenEventRow.event_id))).scalars().all()
    assert kept == ["Ev-new"]


async def test_a_summary_whose_poster_died_mid_post_is_taken_over_once(store, clock):
    clock.current = THURSDAY
    adapter, runtime = bot(store, clock)
    await runtime.start()
    await runtime.listening.team.publish_all([card()])
    await adapter.vote("amira", 1, 0)
    clock.current = FRIDAY_AFTER_THREE
    async with store.unit() as unit:  # another instance claimed the post, then was killed
        assert await unit.runs.claim("summary:2026-W47:slackish:C-staff:posting", clock.now())
    await runtime.schedule.catch_up()
    assert adapter.staff_posts == []  # a fresh claim: its owner may still be posting
    clock.advance(minutes=11)
    await runtime.schedule.catch_up()
    await runtime.schedule.catch_up()
    await runtime.stop()
    (summary,) = adapter.staff_posts  # taken over, and posted once
    assert summary.startswith("# What we heard: 2026-W47")
