"""Bounds everywhere: bad input gets a clear answer and loses nothing, on every database.

Times out of range, NUL and lone surrogates, broken or hostile card files, paths
given to `/card publish`, and ids or text longer than what stores them.
"""

from __future__ import annotations

import os
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from sqlalchemy import JSON, String, select

from adapters.memory import MemoryAdapter
from bot import bounds
from bot.authoring import AuthoringError, library, parse
from bot.cli import main
from bot.commands import parse as parse_command
from bot.domain import ChannelRef, MemberRef, QuickPoll, clean_text
from bot.domain.limits import MAX_COMMAND, MAX_EVENT_ID, MAX_FRONT_MATTER, MAX_IDEA, out_of_range
from bot.errors import Refusal
from bot.events import CommandInvoked, IdeaSubmitted, PostLocator, ReplyPosted, TopicWritten, VoteCast
from bot.listening import Listening
from bot.runtime import Runtime
from bot.when import parse_when
from storage.models import (
    Base,
    ChannelRow,
    CleanJSON,
    CleanString,
    IdeaRow,
    MemberRow,
    PostRow,
    ReactionRow,
    ReplyRow,
    SeenEventRow,
    TopicRow,
)
from tests.cards import card
from tests.clock import FakeClock
from tests.conftest import LONDON

NOW = FakeClock().now()  # Mon 16 Nov 2026, 09:00 UTC
ODD = "a\x00b \ud800 c \udfff"  # a NUL and two lone surrogates
CLEANED = "a\ufffdb \ufffd c \ufffd"  # as stored from what members write
STRIPPED = "ab  c "  # as read from a command

CARD = """---
title: {title}
evidence: best-bet
values: [Fairness]
question: Should it?
{extra}
---
The position.
"""


def card_file(title: str = "A good card", extra: str = "") -> str:
    return CARD.format(title=title, extra=extra)


# -- times ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, fault",
    [
        ("9999-12-31T23:59-14:00", "too far ahead"),  # overflowed when converted to UTC for the insert
        ("0001-01-01T00:00+14:00", "too long ago"),
        ("1999-12-31", "too long ago"),
        ("2031-12-01", "too far ahead"),  # more than 5 years after NOW
        ("9999w", "too far ahead"),
        ("2026-12-04T17:00:00.123456789012345678901234567890", "can't read the time"),
    ],
)
def test_a_time_out_of_range_is_refused_clearly(written, fault):
    with pytest.raises(ValueError) as err:
        parse_when(written, NOW, LONDON)
    assert fault in str(err.value)


@pytest.mark.parametrize("written", ["3d", "52w", "2000-01-01T12:00Z", "2031-11-01", "2026-12-04 17:00"])
def test_times_within_range_are_read(written):
    when = parse_when(written, NOW, LONDON)
    assert out_of_range(when, NOW) is None


@settings(max_examples=200, derandomize=True, deadline=None)
@given(
    st.text(max_size=60)
    | st.datetimes(timezones=st.sampled_from([timezone(timedelta(hours=h)) for h in (-14, -5, 0, 5, 14)])).map(
        lambda d: d.isoformat()
    )
)
def test_any_written_time_is_read_in_range_or_refused_with_a_value_error(written):
    try:
        when = parse_when(written, NOW, LONDON)
    except ValueError:
        return
    assert when.tzinfo is not None and out_of_range(when, NOW) is None
    when.astimezone(timezone.utc)  # storable: converting to UTC cannot overflow


def test_the_models_refuse_times_the_database_cannot_hold():
    """Slack's card form and Discord's validate through the models; what is stored is read
    back through them too, so they refuse only what cannot be stored at all."""
    for bad in (
        datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-14))),
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))),
    ):
        with pytest.raises(ValidationError, match="out of range"):
            card(closes_at=bad)
        with pytest.raises(ValidationError, match="out of range"):
            QuickPoll(question="Q?", answers=["A", "B"], publish_at=bad)
    assert card(publish_at=datetime(1999, 1, 1, tzinfo=LONDON)).publish_at.year == 1999  # as stored before


@pytest.mark.parametrize(
    "when, now",
    [("9999-12-31T23:59-14:00", None), ("1999-12-31", None), ("2100-01-02", None), ("2090-01-01", NOW)],
)
def test_a_card_file_with_a_time_out_of_range_names_the_file(when, now):
    with pytest.raises(AuthoringError) as err:
        parse(card_file(extra=f"closes_at: {when}"), "cards/far.md", LONDON, now)
    assert "cards/far.md: closes_at: " in str(err.value)
    assert "out of range" in str(err.value) or "too" in str(err.value)


async def test_a_poll_closing_out_of_range_is_refused_and_nothing_is_published(running, platform):
    for flag in ("--closes 9999-12-31T23:59-14:00", "--closes 2032-06-01", "--publish 1999-01-01"):
        outcome = await platform.command("staff-1", f'poll "Which?" "A" "B" {flag}', staff=True)
        assert "too far ahead" in outcome.reply or "too long ago" in outcome.reply, outcome.reply
    assert await running.listening.team.topics() == []


async def test_a_card_written_in_a_form_more_than_five_years_ahead_is_refused(running, platform, clock):
    far = card(closes_at=clock.now() + timedelta(days=6 * 365))  # the model allows it; publishing does not
    outcome = await running.dispatch(
        TopicWritten(event_id="view:1", member=platform.member("staff-1", staff=True), at=clock.now(), content=far)
    )
    assert (
        "closes_at" in outcome.reply and "too far ahead" in outcome.reply and "Nothing was published" in outcome.reply
    )
    assert await running.listening.team.topics() == []


def test_the_command_line_refuses_a_closing_time_out_of_range(database_url, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("CARDS_DIR", str(tmp_path))
    code = main(["poll", "create", "Which?", "A", "B", "--closes", "9999-12-31T23:59-14:00"])
    _, err = capsys.readouterr()
    assert code == 1 and "too far ahead" in err and "Traceback" not in err
    (tmp_path / "far.md").write_text(card_file(extra="closes_at: 9999-12-31T23:59-14:00"))
    code = main(["card", "publish", str(tmp_path / "far.md")])
    _, err = capsys.readouterr()
    assert code == 1 and "far.md: closes_at:" in err and "Nothing was published" in err


# -- NUL and lone surrogates ----------------------------------------------------------------


def test_cleaned_text_is_storable():
    assert clean_text(ODD) == CLEANED
    assert "\x00" not in clean_text(ODD)
    clean_text(ODD).encode("utf-8")  # no lone surrogate left


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=200))  # surrogates too
def test_any_command_text_parses_or_is_refused_and_its_words_are_storable(text):
    try:
        command = parse_command(text)
    except Refusal:
        return
    for word in (command.name, *command.args, *(str(v) for v in command.flags.values()), *command.flags):
        assert "\x00" not in word
        word.encode("utf-8")


async def test_nul_and_lone_surrogates_are_stored_cleaned_everywhere(running, platform, store):
    (topic,) = await running.listening.team.publish_all([card()])
    await running.broadcaster.deliver()
    post = platform.posts_of(topic.id)[0]

    await platform.reply("amira", post, f"reply {ODD}", message_id=f"m{ODD}")
    idea = await platform.idea("amira", f"idea {ODD}")
    assert "IDEA-0001" in idea.reply
    await platform.react("amira", post, f"emoji{ODD}")
    poll = await platform.command("staff-1", f'poll "Poll {ODD}?" "Yes {ODD}" "No"', staff=True)
    assert poll.reply.startswith("Published POLL-0002")
    show = await platform.command("amira", f"show {ODD}")
    assert "There is no card or poll" in show.reply and "\x00" not in show.reply
    show.reply.encode("utf-8")
    found = await platform.command("amira", f"show {topic.ref}\x00")  # a trailing NUL does not hide the card
    assert found.reply and "There is no card" not in found.reply
    odd_user = await platform.idea(f"user{ODD}", "An idea from an odd id", event_id=f"ev{ODD}")
    assert "IDEA-0002" in odd_user.reply

    async with store.unit() as unit:
        s = unit.session
        assert (await s.execute(select(ReplyRow.text, ReplyRow.message_id))).one() == (
            f"reply {CLEANED}",
            f"m{CLEANED}",
        )
        assert [i for (i,) in await s.execute(select(IdeaRow.text).order_by(IdeaRow.id))] == [
            f"idea {CLEANED}",
            "An idea from an odd id",
        ]
        assert (await s.execute(select(ReactionRow.emoji))).scalar_one() == f"emoji{CLEANED}"
        polls = (await s.execute(select(TopicRow).where(TopicRow.kind == "poll"))).scalars().all()
        assert [(p.title, p.content["answers"]) for p in polls] == [
            (f"Poll {STRIPPED}?", [f"Yes {STRIPPED}".strip(), "No"])
        ]
        users = set((await s.execute(select(MemberRow.user_id))).scalars())
        assert f"user{CLEANED}" in users
        assert f"ev{CLEANED}" in set((await s.execute(select(SeenEventRow.event_id))).scalars())
    mine = await platform.command("amira", "mine")
    assert f"reply {CLEANED}" in mine.reply and f"idea {CLEANED}" in mine.reply


def test_every_text_column_cleans_what_it_is_given():
    columns = [c for t in Base.metadata.tables.values() for c in t.columns]
    texts = [c for c in columns if isinstance(c.type, CleanString | CleanJSON | String | JSON)]
    assert len(texts) > 20
    assert [str(c) for c in texts if not isinstance(c.type, CleanString | CleanJSON)] == []


async def test_the_storage_types_clean_text_the_core_never_saw(store, clock):
    """What adapters and the delivery write directly (a channel's name, a post's error)."""
    odd_member = MemberRef("slackish", f"W{ODD}", f"U{ODD}")
    async with store.unit() as unit:
        member_id = await unit.members.ensure(odd_member, clock.now())
        channel_id = await unit.channels.register(ChannelRef("slackish", f"W{ODD}", f"C{ODD}", name=f"#{ODD}"))
        (topic,) = [await unit.topics.add(card(), clock.now())]
        post_id = await unit.posts.claim(topic.id, channel_id, clock.now())
        await unit.posts.mark_failed(post_id, f"error {ODD}")
    async with store.unit() as unit:
        assert await unit.members.find(odd_member) == member_id  # found again by the same odd id
        s = unit.session
        assert (await s.execute(select(MemberRow.user_id))).scalar_one() == f"U{CLEANED}"
        assert (await s.execute(select(ChannelRow.name))).scalar_one() == f"#{CLEANED}"
        assert (await s.execute(select(PostRow.error))).scalar_one() == f"error {CLEANED}"


# -- card files -------------------------------------------------------------------------------


@pytest.fixture
def cards_dir(tmp_path) -> Path:
    folder = tmp_path / "cards"
    folder.mkdir()
    (folder / "good.md").write_text(card_file("A good card"))
    (folder / "deep.md").write_text(card_file(extra="tags: " + "[" * 400 + "]" * 400))
    (folder / "wide.md").write_text(card_file(extra="note: " + "x" * (MAX_FRONT_MATTER + 10)))
    (folder / "big.md").write_text(card_file() + "x" * 300_000)
    (folder / "aliases.md").write_text(card_file(extra="a: &a [x, x, x]\nb: [*a, *a, *a]"))
    (folder / "binary.md").write_bytes(b"---\ntitle: \xff\xfe\n---\n")
    secret = tmp_path / "secret.md"
    secret.write_text(card_file("Outside the folder"))
    (folder / "link.md").symlink_to(secret)
    (folder / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    (folder / "dir.md").mkdir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.md")  # reading it would never finish
    return folder


def test_yaml_nested_too_deeply_is_an_authoring_error_naming_the_file():
    with pytest.raises(AuthoringError) as err:
        parse(card_file(extra="tags: " + "[" * 400 + "]" * 400), "cards/deep.md", LONDON)
    assert str(err.value) == "cards/deep.md: line 6: nested too deeply: at most 10 levels of lists"
    card_ok = parse(card_file(extra="tags: [a, b]"), "cards/ok.md", LONDON)
    assert card_ok.tags == ["a", "b"]


def test_one_bad_file_never_breaks_the_others(cards_dir):
    found, broken = library(cards_dir, LONDON)
    assert [item.content.title for item in found] == ["A good card"]
    problems = {Path(err.path).name: str(err) for err in broken}
    expected = {
        "aliases.md": "anchors and aliases",
        "big.md": "too big",
        "binary.md": "cannot be read",
        "dangling.md": "leads nowhere",
        "deep.md": "nested too deeply",
        "dir.md": "not a regular file",
        "link.md": "outside the cards folder",
        "wide.md": "front matter: too long",
    }
    if hasattr(os, "mkfifo"):
        expected["pipe.md"] = "not a regular file"
    assert set(problems) == set(expected)
    for name, fault in expected.items():
        assert problems[name].startswith(str(cards_dir / name)) and fault in problems[name], problems[name]


@pytest.fixture
async def with_cards(store, clock, cards_dir):
    """The bot running with a cards folder full of trouble."""
    platform = MemoryAdapter("slackish", clock=clock)
    runtime = Runtime(
        Listening(store, clock, LONDON, cards_dir), [platform], clock, sync_interval=None, tally_interval=0
    )
    await runtime.start()
    yield runtime, platform
    await runtime.stop()


async def test_card_commands_work_beside_broken_files(with_cards, cards_dir):
    runtime, platform = with_cards
    authored = await platform.command("staff-1", "authored", staff=True)
    assert "good · A good card (not published)" in authored.reply
    assert "deep.md: line 6: nested too deeply" in authored.reply and "link.md" in authored.reply
    deep = await platform.command("staff-1", "publish deep", staff=True)
    assert "That file has problems, so nothing was published" in deep.reply and "nested too deeply" in deep.reply
    good = await platform.command("staff-1", "publish good.md", staff=True)
    assert good.reply == "Published CARD-0001 · A good card."


@pytest.mark.parametrize(
    "name",
    [
        "/etc/passwd",
        "/etc/hostname.md",
        "../secret.md",
        "..",
        "link",  # a link in the folder to a file outside it
        "sub/../good.md",
        "~/good.md",
        "C:\\cards\\good.md",
    ],
)
async def test_publish_in_chat_reads_only_cards_inside_the_cards_folder(with_cards, cards_dir, name):
    runtime, platform = with_cards
    outcome = await platform.command("staff-1", f"publish {name}", staff=True)
    assert not outcome.reply.startswith("Published"), outcome.reply
    assert "Outside the folder" not in outcome.reply
    assert await runtime.listening.team.topics() == []


async def test_publish_in_chat_refuses_an_absolute_path_even_to_a_real_card(with_cards, cards_dir):
    runtime, platform = with_cards
    outcome = await platform.command("staff-1", f"publish {cards_dir / 'good.md'}", staff=True)
    assert "not by a path" in outcome.reply
    outcome = await platform.command("staff-1", f"publish {cards_dir.parent / 'secret.md'}", staff=True)
    assert "not by a path" in outcome.reply
    assert await runtime.listening.team.topics() == []


# -- lengths ------------------------------------------------------------------------------------


async def test_a_long_slack_trigger_id_is_recorded_and_its_redelivery_recognised(running, platform, store):
    trigger = "1234567890.1234567890." + "a" * 160
    first = await platform.command("staff-1", 'poll "Which?" "A" "B"', staff=True, event_id=f"command:{trigger}")
    assert first.reply.startswith("Published POLL-0001")
    again = await platform.command("staff-1", 'poll "Which?" "A" "B"', staff=True, event_id=f"command:{trigger}")
    assert again.duplicate
    other = await platform.command("staff-1", 'poll "Which?" "A" "B"', staff=True, event_id=f"command:{trigger}b")
    assert other.reply.startswith("Published POLL-0002")  # a different long id is a different event
    async with store.unit() as unit:
        ids = (await unit.session.execute(select(SeenEventRow.event_id))).scalars().all()
    assert len(ids) == 2 and all(len(i) <= MAX_EVENT_ID for i in ids)


async def test_a_long_event_id_on_an_idea_keeps_the_same_reference_on_redelivery(running, platform):
    first = await platform.idea("amira", "Pool supply teachers", event_id="view:" + "v" * 500)
    again = await platform.idea("amira", "Pool supply teachers", event_id="view:" + "v" * 500)
    assert "IDEA-0001" in first.reply and again.duplicate and "IDEA-0001" in again.reply


def test_event_keys_fit_and_stay_distinct():
    assert bounds.event_key("short") == "short"
    long_a, long_b = "x" * 161, "x" * 160 + "y"
    assert len(bounds.event_key(long_a)) <= MAX_EVENT_ID
    assert bounds.event_key(long_a) == bounds.event_key(long_a) != bounds.event_key(long_b)
    assert bounds.event_key("\ud800" * 200) != bounds.event_key("\udfff" * 200)


async def test_ids_longer_than_their_columns_are_ignored_with_a_reason(running, platform, store, clock, caplog):
    (topic,) = await running.listening.team.publish_all([card()])
    await running.broadcaster.deliver()
    post = platform.posts_of(topic.id)[0]
    long_user = MemberRef(platform.platform, platform.workspace_id, "U" * 65)
    idea = await running.dispatch(IdeaSubmitted(event_id="e1", member=long_user, at=clock.now(), text="An idea"))
    assert (
        idea.reply == "Sorry, that could not be recorded: its user id is 65 characters, more than the 64 that are kept."
    )
    assert "ignored IdeaSubmitted event: its user id is 65 characters" in caplog.text
    reply = await running.dispatch(
        ReplyPosted(
            event_id="e2",
            member=platform.member("amira"),
            at=clock.now(),
            post=platform.locator(post),
            message_id="m" * 100,
            text="A reply",
        )
    )
    assert reply.reply is None  # a passive event: nobody is waiting for an answer
    vote = await running.dispatch(
        VoteCast(
            event_id="e3",
            member=platform.member("amira"),
            at=clock.now(),
            topic_id=topic.id,
            option=0,
            post=PostLocator(platform.platform, platform.workspace_id, "C" * 200, message_id="x"),
        )
    )
    assert "channel id is 200 characters" in vote.reply
    huge = VoteCast(event_id="e5", member=platform.member("amira"), at=clock.now(), topic_id=2**40, option=0)
    assert "no card or poll" in (await running.dispatch(huge)).reply
    naive = IdeaSubmitted(event_id="e6", member=platform.member("amira"), at=datetime(2026, 1, 1), text="An idea")
    assert "no time zone" in (await running.dispatch(naive)).reply
    future = IdeaSubmitted(
        event_id="e7", member=platform.member("amira"), at=datetime(9999, 1, 1, tzinfo=timezone.utc), text="An idea"
    )
    assert "its time is wrong" in (await running.dispatch(future)).reply
    long_workspace = MemberRef(platform.platform, "W" * 300, "amira")
    command = await running.dispatch(CommandInvoked(event_id="e4", member=long_workspace, at=clock.now(), text="mine"))
    assert "workspace id is 300 characters" in command.reply
    async with store.unit() as unit:
        s = unit.session
        assert (await s.execute(select(IdeaRow))).first() is None
        assert (await s.execute(select(ReplyRow))).first() is None
        assert (await s.execute(select(MemberRow))).first() is None  # nobody was registered
        assert (await s.execute(select(SeenEventRow))).first() is None
    # and the same ids at their limits are recorded
    ok = await platform.idea("u" * 64, "An idea at the limits", event_id="e" * MAX_EVENT_ID)
    assert "IDEA-0001" in ok.reply


async def test_long_member_text_gets_a_helpful_answer_and_nothing_is_stored(running, platform, store):
    idea = await platform.idea("amira", "x" * (MAX_IDEA + 1))
    assert f"{MAX_IDEA + 1:,} characters" in idea.reply and f"{MAX_IDEA:,}" in idea.reply
    command = await platform.command("amira", "show " + "x" * MAX_COMMAND)
    assert (
        command.reply
        == f"That command is too long: {MAX_COMMAND + 5:,} characters, at most {MAX_COMMAND:,}. Nothing was done."
    )
    show = await platform.command("amira", "show " + "x" * 300)  # longer than any slug: simply not found
    assert "There is no card or poll" in show.reply and len(show.reply) < 200
    long_question = await platform.command("staff-1", f'poll "{"Q" * 301}" "A" "B"', staff=True)
    assert "question: String should have at most 300 characters" in long_question.reply
    long_answer = await platform.command("staff-1", f'poll "Which?" "{"A" * 81}" "B"', staff=True)
    assert "at most 80 characters" in long_answer.reply
    async with store.unit() as unit:
        assert (await unit.session.execute(select(IdeaRow))).first() is None
        assert (await unit.session.execute(select(TopicRow))).first() is None


async def test_no_odd_idea_event_crashes_the_core(running, platform, clock):
    """Ids and text of every length and character, on both databases."""
    rng = random.Random(7)
    alphabet = ["a", " ", "\x00", "\ud800", "\udfff", "é", "👩🏽‍🏫", "'", '"', "\\", "\n"]
    for n in range(25):
        user = "".join(rng.choices(alphabet, k=rng.choice([0, 5, 64, 65, 80])))
        event_id = "".join(rng.choices(alphabet, k=rng.choice([1, 160, 161, 300])))
        text = "".join(rng.choices(alphabet, k=rng.choice([0, 10, MAX_IDEA + 1])))
        member = MemberRef(platform.platform, platform.workspace_id, user)
        outcome = await running.dispatch(
            IdeaSubmitted(event_id=f"{n}{event_id}", member=member, at=clock.now(), text=text)
        )
        assert outcome.reply
