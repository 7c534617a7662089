"""Votes: one per member per card, changeable until close, never double-counted."""

from datetime import timedelta

from sqlalchemy import func, select

from storage.models import VoteRow
from tests.cards import card, poll


async def publish(running, platform, content):
    outcome = await platform.command("staff-1", "help", staff=True)  # staff exist as members too
    assert "publish SLUG" in outcome.reply
    (topic,) = await running.listening.team.publish_all([content])
    await running.broadcaster.deliver()
    return topic


async def test_a_vote_is_recorded_and_confirmed_privately(running, platform):
    topic = await publish(running, platform, card())
    outcome = await platform.vote("amira", topic.id, 0)
    assert outcome.reply == f"Thanks, your response to {topic.ref} is recorded: “Agree”."
    ((_, tally),) = await running.listening.team.topics()
    assert tally.counts == (1, 0, 0, 0) and tally.voters == 1


async def test_changing_a_vote_moves_it_rather_than_adding_one(running, platform):
    topic = await publish(running, platform, card())
    await platform.vote("amira", topic.id, 0)
    outcome = await platform.vote("amira", topic.id, 2)
    assert "from “Agree” to “Disagree”" in outcome.reply
    again = await platform.vote("amira", topic.id, 2)
    assert "already “Disagree”" in again.reply
    ((_, tally),) = await running.listening.team.topics()
    assert tally.counts == (0, 0, 1, 0) and tally.voters == 1


async def test_a_redelivered_vote_changes_nothing(running, platform, store):
    topic = await publish(running, platform, card())
    first = await platform.vote("amira", topic.id, 1, event_id="Ev123")
    # The member changes their mind, then the platform redelivers the first event.
    await platform.vote("amira", topic.id, 3, event_id="Ev124")
    again = await platform.vote("amira", topic.id, 1, event_id="Ev123")
    assert not first.duplicate and again.duplicate
    ((_, tally),) = await running.listening.team.topics()
    assert tally.counts == (0, 0, 0, 1)
    async with store.unit() as unit:
        assert await unit.session.scalar(select(func.count()).select_from(VoteRow)) == 1


async def test_the_same_event_id_on_another_platform_is_a_different_event(running, platform, clock):
    from adapters.memory import MemoryAdapter

    topic = await publish(running, platform, card())
    other = MemoryAdapter("discordish", clock=clock)
    await other.start(running.dispatch)
    await platform.vote("amira", topic.id, 0, event_id="123")
    outcome = await other.vote("amira", topic.id, 0, event_id="123")
    assert not outcome.duplicate
    ((_, tally),) = await running.listening.team.topics()
    assert tally.voters == 2  # the same user id on two platforms is two people


async def test_votes_after_close_are_refused_with_a_clear_message(running, platform):
    topic = await publish(running, platform, card())
    await platform.vote("amira", topic.id, 0)
    await running.listening.team.close(topic.ref)
    outcome = await platform.vote("amira", topic.id, 2)
    assert outcome.reply.startswith(f"{topic.ref} closed ")
    assert "not recorded" in outcome.reply
    ((_, tally),) = await running.listening.team.topics()
    assert tally.counts == (1, 0, 0, 0)


async def test_a_poll_refuses_votes_once_its_closing_time_passes(running, platform, clock):
    topic = await publish(running, platform, poll(closes_at=clock.now() + timedelta(hours=2)))
    ok = await platform.vote("amira", topic.id, 0)
    assert "You can change it until" in ok.reply
    clock.advance(hours=2)
    late = await platform.vote("bea", topic.id, 1)
    assert "not recorded" in late.reply
    ((_, tally),) = await running.listening.team.topics()
    assert tally.counts == (1, 0, 0)


async def test_a_card_not_yet_open_refuses_votes(running, platform, clock):
    topic = await publish(running, platform, card(opens_at=clock.now() + timedelta(days=1)))
    outcome = await platform.vote("amira", topic.id, 0)
    assert "opens for responses" in outcome.reply


async def test_multiple_choice_toggles_each_option(running, platform, clock):
    topic = await publish(running, platform, poll(choice="multiple"))
    await platform.vote("amira", topic.id, 0)
    added = await platform.vote("amira", topic.id, 2)
    assert "You have chosen: “Pay”, “Funding”." in added.reply
    clock.advance(seconds=5)
    removed = await platform.vote("amira", topic.id, 0)
    assert "Removed “Pay”" in removed.reply
    await platform.vote("bea", topic.id, 2)
    ((_, tally),) = await running.listening.team.topics()
    assert tally.counts == (0, 0, 2) and tally.voters == 2


async def test_a_rating_poll_counts_one_rating_per_member(running, platform):
    topic = await publish(running, platform, poll(choice="rating", answers=[]))
    await platform.vote("amira", topic.id, 3)
    await platform.vote("amira", topic.id, 4)
    await platform.vote("bea", topic.id, 0)
    ((_, tally),) = await running.listening.team.topics()
    assert tally.counts == (1, 0, 0, 0, 1) and tally.voters == 2


async def test_bad_votes_get_answers_not_crashes(running, platform):
    topic = await publish(running, platform, card())
    out_of_range = await platform.vote("amira", topic.id, 7)
    assert out_of_range.reply == f"{topic.ref} has options 1 to 4."
    unknown = await platform.vote("amira", 9999, 0)
    assert unknown.reply == "That card or poll no longer exists."


async def test_bots_never_count(running, platform):
    topic = await publish(running, platform, card())
    await platform.vote("B0T", topic.id, 0, bot=True)
    ((_, tally),) = await running.listening.team.topics()
    assert tally.voters == 0


async def test_the_tally_on_every_post_follows_the_votes(running, platform):
    topic = await publish(running, platform, card())
    await platform.vote("amira", topic.id, 1)
    await platform.vote("bea", topic.id, 1)
    await running.tallies.drain()
    posts = platform.posts_of(topic.id)
    assert len(posts) == 2  # both member channels
    assert all(p.tally.counts == (0, 2, 0, 0) for p in posts)


async def test_hidden_results_stay_hidden_until_close(running, platform):
    topic = await publish(running, platform, poll(results="on-close"))
    await platform.vote("amira", topic.id, 1)
    await running.tallies.drain()
    assert all(p.tally is None for p in platform.posts_of(topic.id))
    listed = await platform.command("amira", "list")
    assert "results hidden until close" in listed.reply
    await platform.command("staff-1", f"close {topic.ref}", staff=True)
    await running.settle()
    assert all(p.tally.counts == (0, 1, 0) for p in platform.posts_of(topic.id))


async def test_a_double_click_on_a_choose_any_poll_keeps_the_choice(running, platform, clock):
    topic = await publish(running, platform, poll(choice="multiple"))
    await platform.vote("amira", topic.id, 1)
    clock.advance(seconds=0.4)
    again = await platform.vote("amira", topic.id, 1)  # a second click a moment later: a double click
    assert again.reply == f"Already recorded: “Workload” is among your choices on {topic.ref}."
    clock.advance(seconds=3)
    later = await platform.vote("amira", topic.id, 1)  # later, it is a change of mind
    assert later.reply.startswith("Removed “Workload”")
