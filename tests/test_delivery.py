"""Every open card reaches every member channel exactly once, whoever posts it."""

import asyncio
import logging
from datetime import timedelta

from adapters.memory import MemoryAdapter
from bot.delivery import TallyUpdates
from bot.listening import Listening
from bot.runtime import Runtime
from tests.cards import card, poll
from tests.conftest import EXAMPLES, LONDON


def second_instance(store, clock, adapter):
    """Another bot process on the same database."""
    return Runtime(Listening(store, clock, LONDON, EXAMPLES), [adapter], clock, sync_interval=None, tally_interval=0)


async def test_a_card_published_elsewhere_is_posted_by_the_running_bot(running, platform, store, clock):
    # `listening-bot card publish` in another process: it only writes to the database.
    cli = Listening(store, clock, LONDON, EXAMPLES)
    (topic,) = await cli.team.publish_all([card()])
    assert platform.posts_of(topic.id) == []
    await running.sync()
    assert sorted(m.channel.channel_id for m in platform.posts_of(topic.id)) == ["C-members", "C-more"]


async def test_a_restart_never_posts_twice(running, platform, store, clock):
    (topic,) = await running.listening.team.publish_all([card()])
    await running.sync()
    await running.stop()
    restarted = second_instance(store, clock, platform)
    await restarted.start()
    await restarted.sync()
    await restarted.stop()
    assert len(platform.posts_of(topic.id)) == 2


async def test_two_instances_racing_post_each_card_once_per_channel(running, platform, store, clock):
    other = second_instance(store, clock, platform)
    await other.start()
    await running.listening.team.publish_all([card(), poll()])
    await asyncio.gather(running.sync(), other.sync(), running.sync(), other.sync())
    await other.stop()
    assert len(platform.messages) == 4  # two topics × two channels


async def test_a_permanent_channel_error_is_logged_and_spares_the_other_channels(listening, store, clock, caplog):
    adapter = MemoryAdapter("slackish", clock=clock, member_channels=("C-gone", "C-members"))
    adapter.broken_channels["C-gone"] = True
    runtime = Runtime(listening, [adapter], clock, sync_interval=None, tally_interval=0)
    await runtime.start()
    with caplog.at_level(logging.WARNING):
        (topic,) = await listening.team.publish_all([card()])
        await runtime.sync()
        await runtime.sync()  # a permanent error is not retried on every round
    await runtime.stop()
    assert [m.channel.channel_id for m in adapter.posts_of(topic.id)] == ["C-members"]
    warnings = [r.getMessage() for r in caplog.records if "C-gone" in r.getMessage()]
    assert warnings == [f"could not post {topic.ref} to slackish C-gone: channel_not_found"]


async def test_a_passing_error_is_tried_again_on_the_next_round(listening, store, clock):
    adapter = MemoryAdapter("slackish", clock=clock, member_channels=("C-flaky",))
    adapter.broken_channels["C-flaky"] = False
    runtime = Runtime(listening, [adapter], clock, sync_interval=None, tally_interval=0)
    await runtime.start()
    (topic,) = await listening.team.publish_all([card()])
    await runtime.sync()
    assert adapter.posts_of(topic.id) == []
    del adapter.broken_channels["C-flaky"]
    await runtime.sync()
    await runtime.stop()
    assert len(adapter.posts_of(topic.id)) == 1


async def test_a_poll_closes_by_itself_at_its_closing_time(running, platform, clock):
    (topic,) = await running.listening.team.publish_all([poll(closes_at=clock.now() + timedelta(days=1))])
    await running.sync()
    await platform.vote("amira", topic.id, 1)
    clock.advance(days=1, minutes=1)
    await running.sync()
    ((closed, tally),) = await running.listening.team.topics()
    assert closed.status == "closed" and closed.closed_at == topic.content.closes_at
    for message in platform.posts_of(topic.id):
        assert message.thread == [
            f"Final result for {topic.ref} · {topic.title} (n = 1):\n"
            "  1. Pay       ····················    0  (0%)\n"
            "  2. Workload  ████████████████████    1  (100%)\n"
            "  3. Funding   ····················    0  (0%)"
        ]


async def test_a_burst_of_votes_makes_few_tally_updates_and_ends_exact():
    shown = []
    tally = {"votes": 0}
    gate = asyncio.Event()

    async def refresh(topic_id):
        shown.append(tally["votes"])

    async def sleep(_seconds):  # time passes only when the test says so
        await gate.wait()
        gate.clear()

    updates = TallyUpdates(refresh, interval=1.0, sleep=sleep)
    for _ in range(50):
        tally["votes"] += 1
        updates.touch(7)
        await asyncio.sleep(0)
    gate.set()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    gate.set()
    await updates.drain()
    assert shown == [1, 50]  # the first vote at once, then one update with the final tally


async def test_a_channel_fixed_later_gets_the_card_within_a_quarter_of_an_hour(listening, clock):
    adapter = MemoryAdapter("slackish", clock=clock, member_channels=("C-invite-me",))
    adapter.broken_channels["C-invite-me"] = True  # not_in_channel
    runtime = Runtime(listening, [adapter], clock, sync_interval=None, tally_interval=0)
    await runtime.start()
    (topic,) = await listening.team.publish_all([card()])
    await runtime.sync()
    del adapter.broken_channels["C-invite-me"]  # an administrator invites the bot
    clock.advance(minutes=5)
    await runtime.sync()
    assert adapter.posts_of(topic.id) == []  # not hammered every round
    clock.advance(minutes=11)
    await runtime.sync()
    await runtime.stop()
    assert len(adapter.posts_of(topic.id)) == 1
