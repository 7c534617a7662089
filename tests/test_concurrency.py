"""Several bot processes on one PostgreSQL database: closes, votes and posts stay exact."""

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import text

from bot.domain import MemberRef
from bot.listening import Listening
from tests.cards import card, poll
from tests.conftest import EXAMPLES, LONDON

pytestmark = pytest.mark.postgres


@pytest.fixture
def database_url(postgres_url):
    return postgres_url


async def waiting_on_a_lock(database) -> bool:
    async with database.engine.connect() as conn:
        found = await conn.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
        )
        return found.scalar_one() > 0


async def test_a_close_waits_for_a_vote_already_under_way(database, store, clock):
    listening = Listening(store, clock, LONDON, EXAMPLES)
    (topic,) = await listening.team.publish_all([poll()])
    async with store.unit() as unit:  # a vote in progress: cast on a topic still open...
        member_id = await unit.members.ensure(MemberRef("slack", "T1", "U1"), clock.now())
        assert await unit.votes.cast(topic, member_id, 1, 0, None, clock.now()) is not None
        closing = asyncio.create_task(listening.team.close(topic.ref))  # ...when staff close it elsewhere
        while not closing.done() and not await waiting_on_a_lock(database):
            await asyncio.sleep(0.005)
        assert not closing.done()  # the close waits for the vote
    closed, tally = await closing
    assert tally.voters == 1  # the final result includes the vote that got in first


async def test_erasing_after_the_closing_time_leaves_the_result_alone(running, platform, clock):
    (topic,) = await running.listening.team.publish_all([poll(closes_at=clock.now() + timedelta(hours=1))])
    await running.sync()
    await platform.vote("amira", topic.id, 0)
    clock.advance(hours=2)  # closed by time, though no sync has marked it closed yet
    await platform.command("amira", "erase confirm")
    await running.sync()
    ((closed, tally),) = await running.listening.team.topics()
    assert closed.status == "closed" and tally.voters == 1


async def test_a_post_left_half_done_by_a_crash_is_finished_once(running, platform, store, clock):
    (topic,) = await running.listening.team.publish_all([card()])
    channel = platform.channels()[0]
    async with store.unit() as unit:  # a process claimed it, posted, and died before recording
        channel_id = await unit.channels.id_of(channel)
        await unit.posts.claim(topic.id, channel_id, clock.now())
    await platform.post_topic(channel, topic, None)
    await running.sync()
    assert len(platform.posts_of(topic.id)) == 2  # the other channel; the claimed one waits
    clock.advance(minutes=3)
    await running.sync()
    assert len(platform.posts_of(topic.id)) == 2  # found its message instead of posting again
    async with store.unit() as unit:
        posts = await unit.posts.of_topic(topic.id)
    assert [p.state for p in posts] == ["posted", "posted"]


async def test_a_claim_left_before_posting_is_posted_after_the_timeout(running, platform, store, clock):
    (topic,) = await running.listening.team.publish_all([card()])
    channel = platform.channels()[0]
    async with store.unit() as unit:
        await unit.posts.claim(topic.id, await unit.channels.id_of(channel), clock.now())
    await running.sync()
    assert [m.channel for m in platform.posts_of(topic.id)] == [platform.channels()[1]]
    clock.advance(minutes=3)
    await running.sync()
    assert sorted(m.channel.channel_id for m in platform.posts_of(topic.id)) == ["C-members", "C-more"]
