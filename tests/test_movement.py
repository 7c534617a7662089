"""Time told once: the history of votes, and movement read from it across periods."""

from datetime import datetime, timezone

from sqlalchemy import select

from bot.summary.heard import compile_heard
from bot.summary.period import current_week, iso_week
from storage.models import VoteChangeRow
from tests.cards import card, poll
from tests.conftest import LONDON

W46, W47 = iso_week("2026-W46", LONDON), iso_week("2026-W47", LONDON)


async def _topic_heard(store, period, ref, now):
    heard = await compile_heard(store, period, now)
    return next(t for t in heard.topics if t.topic.ref == ref)


async def test_movement_counts_each_member_at_the_choice_they_held_then(running, platform, clock, store):
    clock.current = datetime(2026, 11, 10, 9, tzinfo=timezone.utc)  # Tuesday of W46
    (topic,) = await running.listening.team.publish_all([card()])
    await running.sync()
    for n in range(10):
        await platform.vote(f"m{n}", topic.id, 0)  # all ten agree in W46
    clock.current = datetime(2026, 11, 17, 9, tzinfo=timezone.utc)  # Tuesday of W47
    for n in range(4):
        await platform.vote(f"m{n}", topic.id, 2)  # four change their minds to disagree
    for n in range(10, 15):
        await platform.vote(f"m{n}", topic.id, 1)  # five new members partly agree

    end = datetime(2026, 11, 24, tzinfo=timezone.utc)
    this = await _topic_heard(store, W47, topic.ref, end)
    assert (this.counts_before, this.voters_before) == ((10, 0, 0, 0), 10)  # as held at the end of W46
    assert (this.counts, this.voters) == ((6, 5, 4, 0), 15)
    assert this.movement == (
        "Since the end of the week before: “Agree” 40% (down 60 points), “Partly agree” 33% (up 33 points), "
        "“Disagree” 27% (up 27 points), “Not sure” 0% (no change); n = 15 (5 more)."
    )
    # Last week's summary, compiled now, still reads last week as it was (not today's choices).
    last = await _topic_heard(store, W46, topic.ref, end)
    assert (last.counts, last.voters) == ((10, 0, 0, 0), 10)
    assert last.movement == "All 10 responses came in since the end of the week before."


async def test_the_friday_post_measures_movement_since_the_same_time_last_week(running, platform, clock, store):
    clock.current = datetime(2026, 11, 13, 10, tzinfo=timezone.utc)  # Friday of W46, before the post
    (topic,) = await running.listening.team.publish_all([card()])
    await running.sync()
    for n in range(10):
        await platform.vote(f"m{n}", topic.id, 3)
    clock.current = datetime(2026, 11, 13, 16, tzinfo=timezone.utc)  # after last Friday's post
    for n in range(10):
        await platform.vote(f"m{n}", topic.id, 0)
    friday = datetime(2026, 11, 20, 15, tzinfo=timezone.utc)
    this = await _topic_heard(store, current_week(friday, LONDON), topic.ref, friday)
    assert this.counts_before == (0, 0, 0, 10)  # as it stood at 15:00 last Friday
    assert this.movement.startswith("Since the same time last week: “Agree” 100% (up 100 points)")


async def test_every_change_is_kept_and_repeats_are_not(running, platform, clock, store):
    (topic,) = await running.listening.team.publish_all([poll(choice="multiple")])
    await running.sync()
    await platform.vote("m1", topic.id, 0)
    clock.advance(seconds=5)
    await platform.vote("m1", topic.id, 1)
    clock.advance(seconds=5)
    await platform.vote("m1", topic.id, 0)  # un-choose A
    (single,) = await running.listening.team.publish_all([card(slug="single")])
    await running.sync()
    await platform.vote("m1", single.id, 2)
    await platform.vote("m1", single.id, 2)  # the same answer again: no change to keep
    async with store.unit() as unit:
        rows = (await unit.session.execute(select(VoteChangeRow).order_by(VoteChangeRow.id))).scalars().all()
    assert [(r.topic_id, r.slot, r.option) for r in rows] == [
        (topic.id, 0, 0),
        (topic.id, 1, 1),
        (topic.id, 0, None),  # a withdrawal is an entry too
        (single.id, 0, 2),
    ]


async def test_erasing_a_member_removes_their_history_on_open_cards(running, platform, clock, store):
    (topic,) = await running.listening.team.publish_all([card()])
    await running.sync()
    for n in range(3):
        await platform.vote(f"m{n}", topic.id, 0)
    await platform.vote("m0", topic.id, 1)
    done = await platform.command("m0", "erase confirm")
    assert done.reply.startswith("Done:")
    clock.advance(minutes=1)
    heard = await _topic_heard(store, current_week(clock.now(), LONDON), topic.ref, clock.now())
    assert (heard.counts, heard.voters) == ((2, 0, 0, 0), 2)
    async with store.unit() as unit:
        left = (await unit.session.execute(select(VoteChangeRow.member_id))).scalars().all()
    assert len(left) == 2
