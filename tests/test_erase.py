"""Erase means erase: after a member's `erase confirm` nothing of theirs is left that could
be attributed to them, or that ties what is kept together; closed results stay true.

Each test drives the core through its dispatch of platform events (a memory platform),
then reads what the real export wrote, what `mine` and `member show` say, and every
row in the database."""

import json
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.errors import Refusal
from bot.export import export
from bot.summary.heard import compile_heard
from bot.summary.period import iso_week
from storage.exports import datasets
from storage.models import Base, VoteChangeRow, VoteRow
from tests.cards import card, poll
from tests.conftest import LONDON

AMIRA = "U0AMIRA7"  # her platform user id: it must be gone from everything after the erase
BEA = "U0BEA3"
W47 = iso_week("2026-W47", LONDON)  # the clock starts on its Monday


async def pseudonym_of(platform, user: str) -> str:
    mine = (await platform.command(user, "mine")).reply
    return mine.split("pseudonymous id is ")[1].split(")")[0]


async def exported(store, tmp_path, fmt: str = "json") -> tuple[dict[str, list[dict]], str]:
    """The real export, read back from its files: (records by table, every file's text)."""
    out = tmp_path / f"export-{fmt}-{datetime.now().timestamp()}"
    files = await export(store, fmt, out, tables=datasets(), progress=False)
    text = "".join(path.read_text(encoding="utf-8") for path in files.values())
    if fmt != "json":
        return {}, text
    return {name: json.loads(path.read_text(encoding="utf-8")) for name, path in files.items()}, text


async def every_row(store) -> str:
    """Every value of every row of every table, as text."""
    found = []
    async with store.unit() as unit:
        for table in Base.metadata.sorted_tables:
            for row in (await unit.session.execute(select(table))).all():
                found.append(" ".join(str(value) for value in row))
    return "\n".join(found)


async def erase(platform, user: str = AMIRA) -> str:
    warning = (await platform.command(user, "erase")).reply
    assert "Send `erase confirm`" in warning  # two steps: nothing goes on the first
    return (await platform.command(user, "erase confirm")).reply


async def assert_forgotten(running, platform, store, tmp_path, pseudonym: str, *traces: str) -> dict:
    """Nothing of hers is left to see, show, export or find; returns the export."""
    assert (await platform.command(AMIRA, "mine")).reply == "Nothing is recorded from you yet."
    with pytest.raises(Refusal):
        await running.listening.member_data(pseudonym)
    data, text = await exported(store, tmp_path)
    _, csv_text = await exported(store, tmp_path, "csv")
    rows = await every_row(store)
    for trace in (AMIRA, pseudonym, *traces):
        assert trace not in text and trace not in csv_text, trace
        assert trace not in rows, trace
    return data


def assert_unlinked(votes: list[dict], others: set[str], ended: dict[str, str], originals: set[str]) -> None:
    """Kept votes (those not of `others`): no voter holds votes on two topics, and none keeps
    a time of its own: each is dated to its topic's end, with no changes."""
    kept = [v for v in votes if v["member"] not in others]
    topics_of: dict[str, set[str]] = {}
    for v in kept:
        topics_of.setdefault(v["member"], set()).add(v["topic"])
        assert v["cast_at"] == v["changed_at"] == ended[v["topic"]], v
        assert v["changes"] == 0
        assert v["cast_at"] not in originals and v["changed_at"] not in originals
    assert all(len(topics) == 1 for topics in topics_of.values()), topics_of


async def test_erasing_deletes_every_reply_with_all_its_text(running, platform, store, clock, tmp_path):
    (topic,) = await running.listening.team.publish_all([card()])
    await running.sync()
    thread = platform.posts_of(topic.id)[0]
    await platform.reply(AMIRA, thread, "Ring me on 07700 900123 about Oakwood")
    clock.advance(minutes=1)
    edited = await platform.reply(AMIRA, thread, "First draft")
    await platform.edit(AMIRA, thread, edited, "Sarah Jones at Oakwood agrees")
    deleted = await platform.reply(AMIRA, thread, "Thought better of this")
    await platform.delete(AMIRA, thread, deleted)
    await platform.reply(BEA, thread, "Our top-ups have not moved in years.")
    pseudonym = await pseudonym_of(platform, AMIRA)

    done = await erase(platform)

    assert done.startswith("Done: 3 replies, 0 ideas, 0 reactions and 0 votes on open cards and polls deleted.")
    data = await assert_forgotten(
        running, platform, store, tmp_path, pseudonym, "07700", "Oakwood", "Sarah", "First draft", edited, deleted
    )
    assert [r["text"] for r in data["replies"]] == ["Our top-ups have not moved in years."]  # bea's stays
    recorded = (await platform.command("staff", "recorded", staff=True)).reply
    assert "  replies: 1" in recorded and "  deleted replies: 0" in recorded
    heard = await compile_heard(store, W47, clock.now() + timedelta(minutes=1))
    assert heard.topics[0].replies == 1  # the summary quotes none of hers


async def test_erasing_deletes_ideas_and_a_redelivery_does_not_bring_one_back(
    running, platform, store, clock, tmp_path
):
    await platform.idea(AMIRA, "A SEND hub for Oakwood, ask me on 07700 900123", event_id="ev-idea-1")
    await platform.idea(AMIRA, "Another idea of mine")
    await platform.idea(BEA, "Shared specialists for small trusts")
    pseudonym = await pseudonym_of(platform, AMIRA)

    done = await erase(platform)

    assert done.startswith("Done: 0 replies, 2 ideas, 0 reactions and 0 votes")
    again = await platform.idea(AMIRA, "A SEND hub for Oakwood, ask me on 07700 900123", event_id="ev-idea-1")
    assert again.duplicate and "IDEA-" not in again.reply  # seen before: not recorded again, not referred to
    data = await assert_forgotten(running, platform, store, tmp_path, pseudonym, "Oakwood", "07700", "Another idea")
    assert [i["text"] for i in data["ideas"]] == ["Shared specialists for small trusts"]
    assert "  ideas: 1" in (await platform.command("staff", "recorded", staff=True)).reply


@pytest.mark.parametrize("closed", [False, True], ids=["open card", "closed card"])
async def test_erasing_deletes_reactions(running, platform, store, clock, tmp_path, closed):
    topic, other = await running.listening.team.publish_all([card(slug="reacted"), card(slug="other")])
    await running.sync()
    post, other_post = platform.posts_of(topic.id)[0], platform.posts_of(other.id)[0]
    await platform.react(AMIRA, post, "🎉")
    clock.advance(minutes=1)
    await platform.react(AMIRA, post, "👀")
    await platform.react(AMIRA, other_post, "👍")
    await platform.react(BEA, post, "👍")
    if closed:
        await running.listening.team.close(topic.ref)
    pseudonym = await pseudonym_of(platform, AMIRA)

    done = await erase(platform)

    assert done.startswith("Done: 0 replies, 0 ideas, 3 reactions and 0 votes")
    data = await assert_forgotten(running, platform, store, tmp_path, pseudonym)
    assert [(r["topic"], r["emoji"]) for r in data["reactions"]] == [(topic.ref, "👍")]  # bea's stays
    assert {r["member"] for r in data["reactions"]} == {await pseudonym_of(platform, BEA)}


async def test_erasing_removes_votes_on_open_cards_and_their_history(running, platform, store, clock, tmp_path):
    (single, several) = await running.listening.team.publish_all([card(), poll(choice="multiple")])
    await running.sync()
    await platform.vote(AMIRA, single.id, 0)
    clock.advance(minutes=5)
    await platform.vote(AMIRA, single.id, 2)  # she changed her mind
    await platform.vote(AMIRA, several.id, 0)
    await platform.vote(AMIRA, several.id, 1)
    await platform.vote(BEA, single.id, 1)
    pseudonym = await pseudonym_of(platform, AMIRA)

    done = await erase(platform)

    assert done.startswith("Done: 0 replies, 0 ideas, 0 reactions and 3 votes on open cards and polls deleted.")
    assert "closed ones" not in done  # none were kept
    data = await assert_forgotten(running, platform, store, tmp_path, pseudonym)
    bea = await pseudonym_of(platform, BEA)
    assert [(v["topic"], v["member"], v["option_label"]) for v in data["votes"]] == [(single.ref, bea, "Partly agree")]
    totals = {t.ref: tally for t, tally in await running.listening.team.topics()}
    assert (totals[single.ref].counts, totals[single.ref].voters) == ((0, 1, 0, 0), 1)
    assert totals[several.ref].voters == 0
    async with store.unit() as unit:
        history = (await unit.session.execute(select(VoteChangeRow.topic_id, VoteChangeRow.option))).all()
    assert history == [(single.id, 1)]  # only bea's choice: none of amira's changes

    # The same person voting again is a new member: counted once, under a new pseudonym.
    clock.advance(minutes=5)
    await platform.vote(AMIRA, single.id, 0)
    assert await pseudonym_of(platform, AMIRA) not in (pseudonym, bea)
    ((_, tally), _) = await running.listening.team.topics()
    assert (tally.counts, tally.voters) == ((1, 1, 0, 0), 2)


async def test_votes_on_closed_cards_stay_counted_but_tied_to_no_one_and_to_nothing_else(
    running, platform, store, clock, tmp_path
):
    first, second, several = await running.listening.team.publish_all(
        [card(slug="first"), card(slug="second"), poll(choice="multiple", answers=["Pay", "Workload", "Funding"])]
    )
    await running.sync()
    originals = set()
    for topic, option in ((first, 0), (second, 3), (several, 0), (several, 2)):
        originals.add(clock.now().isoformat())
        await platform.vote(AMIRA, topic.id, option)
        await platform.vote(BEA, topic.id, option)  # bea votes at the very same moments: hers stay hers
        clock.advance(minutes=3)
    for topic in (first, second, several):
        await running.listening.team.close(topic.ref)
        clock.advance(hours=1)
    pseudonym = await pseudonym_of(platform, AMIRA)
    before = {t.ref: (tally.counts, tally.voters) for t, tally in await running.listening.team.topics()}

    done = await erase(platform)

    assert done.startswith("Done: 0 replies, 0 ideas, 0 reactions and 0 votes on open cards and polls deleted.")
    assert "4 votes on closed ones stay in their results, anonymous" in done
    after = {t.ref: (tally.counts, tally.voters) for t, tally in await running.listening.team.topics()}
    assert after == before  # every closed result as it was, voters too
    data = await assert_forgotten(running, platform, store, tmp_path, pseudonym)
    ended = {t["ref"]: t["closed_at"] for t in data["cards"] + data["polls"]}
    bea = await pseudonym_of(platform, BEA)
    assert_unlinked(data["votes"], {bea}, ended, originals)
    kept = [v for v in data["votes"] if v["member"] != bea]
    assert Counter(v["topic"] for v in kept) == {first.ref: 1, second.ref: 1, several.ref: 2}
    # A choose-any ballot stays one voter (so its n is unchanged), and that voter holds nothing else.
    ballot = {v["member"] for v in kept if v["topic"] == several.ref}
    assert len(ballot) == 1 and len({v["member"] for v in kept}) == 3
    for voter in {v["member"] for v in kept}:
        shown = await running.listening.member_data(voter)
        assert {v["topic"] for v in shown["votes"]} <= set(ended) and len({v["topic"] for v in shown["votes"]}) == 1
        assert shown["replies"] == shown["reactions"] == shown["ideas"] == []
    assert "  participants: 1" in (await platform.command("staff", "recorded", staff=True)).reply  # bea
    # Bea's votes keep their own times.
    assert {v["cast_at"] for v in data["votes"] if v["member"] == bea} == originals


async def test_erasing_collapses_the_vote_history_on_a_closed_card_to_the_kept_vote(
    running, platform, store, clock, tmp_path
):
    single, several = await running.listening.team.publish_all([card(), poll(choice="multiple")])
    await running.sync()
    for n in range(3):
        await platform.vote(f"U{n}", single.id, n % 2)
    await platform.vote(AMIRA, single.id, 0)
    clock.advance(hours=1)
    await platform.vote(AMIRA, single.id, 3)  # changed her mind
    await platform.vote(AMIRA, several.id, 0)
    clock.advance(minutes=1)
    await platform.vote(AMIRA, several.id, 1)
    clock.advance(minutes=1)
    await platform.vote(AMIRA, several.id, 0)  # and took one choice back
    clock.advance(hours=1)
    await running.listening.team.close(single.ref)
    await running.listening.team.close(several.ref)
    closed_at = clock.now()
    clock.advance(days=2)
    pseudonym = await pseudonym_of(platform, AMIRA)
    end_of_week = W47.end + timedelta(hours=1)
    heard_before = {t.topic.ref: t for t in (await compile_heard(store, W47, end_of_week)).topics}

    await erase(platform)

    async with store.unit() as unit:
        kept = (await unit.session.execute(select(VoteRow.member_id).where(VoteRow.topic_id == several.id))).one()
        history = (
            await unit.session.execute(
                select(VoteChangeRow.topic_id, VoteChangeRow.member_id, VoteChangeRow.slot, VoteChangeRow.option)
                .add_columns(VoteChangeRow.at)
                .order_by(VoteChangeRow.id)
            )
        ).all()
    others = history[:3]  # the three others' single votes, untouched
    assert [(t, s, o) for t, _, s, o, _ in others] == [(single.id, 0, 0), (single.id, 0, 1), (single.id, 0, 0)]
    hers = history[3:]
    assert sorted((t, s, o, at) for t, _, s, o, at in hers) == [
        (single.id, 0, 3, closed_at),  # one entry per kept vote, the choice she held at the close...
        (several.id, 1, 1, closed_at),  # ...at the moment of the close; nothing withdrawn, nothing earlier
    ]
    assert {m for _, m, *_ in hers} != {m for _, m, *_ in others} and len({m for _, m, *_ in hers}) == 2
    assert next(m for t, m, *_ in hers if t == several.id) == kept.member_id
    await assert_forgotten(running, platform, store, tmp_path, pseudonym)

    # The week's summary reads the closed results as before: counts, n, and movement.
    heard_after = {t.topic.ref: t for t in (await compile_heard(store, W47, end_of_week)).topics}
    for ref, was in heard_before.items():
        now = heard_after[ref]
        assert (now.counts, now.voters, now.counts_before, now.voters_before) == (
            was.counts,
            was.voters,
            was.counts_before,
            was.voters_before,
        )
        assert now.movement == was.movement


async def test_a_kept_vote_counts_from_the_close_in_movement_across_weeks(running, platform, store, clock):
    """Kept votes lose their times, so a vote cast a week before the close now counts as
    arriving at the close: the final result is unchanged, the week before reads one fewer."""
    clock.current = datetime(2026, 11, 10, 9, tzinfo=timezone.utc)  # W46
    (topic,) = await running.listening.team.publish_all([card()])
    await running.sync()
    await platform.vote(AMIRA, topic.id, 0)
    await platform.vote(BEA, topic.id, 1)
    clock.current = datetime(2026, 11, 18, 9, tzinfo=timezone.utc)  # W47
    await running.listening.team.close(topic.ref)
    end = W47.end + timedelta(hours=1)
    (was,) = (await compile_heard(store, W47, end)).topics

    await erase(platform)

    (now,) = (await compile_heard(store, W47, end)).topics
    assert (now.counts, now.voters) == (was.counts, was.voters) == ((1, 1, 0, 0), 2)
    assert (now.counts_before, now.voters_before) == ((0, 1, 0, 0), 1)


async def test_the_command_line_erase_counts_each_kind(running, platform, store, clock):
    open_card, closed_card = await running.listening.team.publish_all([card(slug="open"), card(slug="closed")])
    await running.sync()
    thread = platform.posts_of(open_card.id)[0]
    await platform.reply(AMIRA, thread, "One")
    await platform.reply(AMIRA, thread, "Two")
    await platform.idea(AMIRA, "An idea")
    await platform.react(AMIRA, thread, "👍")
    await platform.vote(AMIRA, open_card.id, 1)
    await platform.vote(AMIRA, closed_card.id, 2)
    await running.listening.team.close(closed_card.ref)
    pseudonym = await pseudonym_of(platform, AMIRA)

    erased = await running.listening.erase(pseudonym)

    assert erased == {"replies": 2, "ideas": 1, "reactions": 1, "votes removed": 1, "votes kept anonymously": 1}
    with pytest.raises(Refusal):
        await running.listening.erase(pseudonym)  # she is gone: there is no one to erase twice
    assert AMIRA not in await every_row(store)
