"""What we heard, checked against a realistic week built here with known numbers and themes."""

import random
import re
import shutil
from datetime import datetime, timedelta, timezone

import pytest
import pytest_asyncio

from adapters.memory import MemoryAdapter
from bot.listening import Listening
from bot.runtime import Runtime
from bot.summary import documents
from bot.summary.heard import compile_heard
from bot.summary.period import iso_week
from bot.summary.verdicts import Call
from storage import Database, Store
from tests.cards import card, poll
from tests.clock import FakeClock
from tests.conftest import EXAMPLES, LONDON

WEEK = "2026-W47"  # Monday 16 to Sunday 22 November 2026
THEMES = {
    "ehcp": [
        "EHCP assessments take far too long in our area",
        "Families wait months for an EHCP assessment and plan",
        "The EHCP backlog means pupils wait without support",
        "Our local authority misses the twenty week EHCP deadline",
    ],
    "deficit": [
        "The high needs deficit will land on school budgets",
        "When the statutory override ends the deficit hits trusts",
        "Our high needs top-up funding has not risen with costs",
        "The council deficit is being passed to schools through lower top-ups",
    ],
    "inclusion": [
        "Mainstream inclusion needs trained teaching assistants",
        "We want inclusive classrooms but need specialist staff training",
        "Resourced provision in mainstream schools works when staffed properly",
        "Inclusion in mainstream depends on teaching assistant capacity",
    ],
}
OPENERS = ["Thanks for sharing this. ", "Thanks for asking. ", "", "", "Good morning all. "]
CLOSERS = ["", " Happy to discuss.", "", " Hope this helps.", ""]


async def build_week(store, clock):
    """Three cards and two polls; votes, replies on known themes, reactions, edits, deletions,
    ideas and bots, across two platforms; a little activity the week before."""
    slack, discord = MemoryAdapter("slack", clock=clock), MemoryAdapter("discord", clock=clock)
    runtime = Runtime(
        Listening(store, clock, LONDON, EXAMPLES), [slack, discord], clock, sync_interval=None, tally_interval=0
    )
    rng = random.Random(47)
    expected = {"votes": {}, "replies": {}, "reactions": {}, "ideas": {}, "participants": {}}
    people = {"slack": set(), "discord": set()}
    known = {}  # reply text -> theme

    def count(measure, platform, n=1):
        expected[measure][platform] = expected[measure].get(platform, 0) + n

    clock.current = datetime(2026, 11, 12, 10, tzinfo=timezone.utc)  # the week before
    await runtime.start()
    send, agreed, split, quiet = await runtime.listening.team.publish_all(
        [
            card(slug="send"),
            card(slug="agreed", title="Agreed card"),
            poll(question="Split poll?"),
            poll(question="Quiet poll?"),
        ]
    )
    await runtime.sync()
    for n in range(6):  # last week: six early votes on the SEND card
        await slack.vote(f"early{n}", send.id, 0)

    clock.current = datetime(2026, 11, 16, 9, tzinfo=timezone.utc)  # this week
    platforms = [slack, discord]
    for n in range(120):
        platform = platforms[n % 2]
        who = f"m{n:03d}"
        clock.advance(minutes=20)
        await platform.vote(who, send.id, rng.choice([0, 0, 1, 2, 3]))
        count("votes", platform.platform)
        await platform.vote(who, agreed.id, 0 if n % 10 else 2)  # 90% agree
        count("votes", platform.platform)
        await platform.vote(who, split.id, n % 2)  # half and half
        count("votes", platform.platform)
        people[platform.platform].add(who)
    for n in range(4):  # the quiet poll: four voters only
        await slack.vote(f"m{n:03d}", quiet.id, 0)
        count("votes", "slack")
        people["slack"].add(f"m{n:03d}")
    reply_ids = []
    for n in range(300):
        platform = platforms[n % 2]
        theme = ["ehcp", "deficit", "inclusion"][n % 3]
        text = rng.choice(OPENERS) + rng.choice(THEMES[theme]) + f" (case {n})" + rng.choice(CLOSERS)
        known[text] = theme
        clock.advance(minutes=5)
        post = platform.posts_of(send.id)[0]
        who = f"m{rng.randrange(120):03d}"
        reply_ids.append((platform, post, who, await platform.reply(who, post, text)))
        count("replies", platform.platform)
    for platform, post, who, message_id in reply_ids[:5]:  # five deleted: they vanish from everything
        await platform.delete(who, post, message_id)
        count("replies", platform.platform, -1)
    for platform, _, who, _ in reply_ids[5:]:
        people[platform.platform].add(who)
    platform, post, who, message_id = reply_ids[10]
    await platform.edit(who, post, message_id, "EHCP waits are the worst part, email me at head@trust.example")
    known["EHCP waits are the worst part, email me at head@trust.example"] = "ehcp"
    await slack.reply("B0T", slack.posts_of(send.id)[0], "I am a bot and never count", bot=True)
    await slack.vote("B0T", send.id, 3, bot=True)
    for n in range(30):
        platform = platforms[n % 2]
        await platform.react(f"m{n:03d}", platform.posts_of(send.id)[0], "👍")
        count("reactions", platform.platform)
        people[platform.platform].add(f"m{n:03d}")
    for n in range(7):
        platform = platforms[n % 2]
        await platform.idea(f"m{n:03d}", f"Idea {n}: call me on 07700 900{n:03d} about shared SEND staff")
        count("ideas", platform.platform)
        people[platform.platform].add(f"m{n:03d}")
    await runtime.stop()
    expected["participants"] = {p: len(ids) for p, ids in people.items()}
    return expected, known, (send, agreed, split, quiet)


# One worker builds the week once per database (it takes seconds) and runs every test of it.
pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.xdist_group("summary_week")]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def week_url(request, tmp_path_factory) -> str:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("week") / "week.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite+aiosqlite:///{path}"
    return request.getfixturevalue("postgres_url")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def built(week_url):
    """The week, built once per database for every test here (they only read it)."""
    async with Database(week_url) as database:
        if database.dialect == "postgresql":
            await database.empty()
        store = Store(database)
        expected, known, topics = await build_week(store, FakeClock())
        heard = await compile_heard(store, iso_week(WEEK, LONDON), datetime(2026, 11, 23, tzinfo=timezone.utc))
        yield store, (heard, expected, known, topics)


@pytest.fixture
def week(built):
    return built[1]


async def test_every_headline_number_matches_the_week(week):
    heard, expected, _, _ = week
    for figure in heard.figures:
        assert figure.now == expected[figure.name], figure.name
    votes_before = next(f for f in heard.figures if f.name == "votes").before
    assert votes_before == {"slack": 6}


async def test_each_result_and_its_call(week):
    heard, _, _, (send, agreed, split, quiet) = week
    by_ref = {t.topic.ref: t for t in heard.topics}
    assert by_ref[agreed.ref].verdict.call is Call.AGREE and by_ref[agreed.ref].voters == 120
    assert by_ref[agreed.ref].counts == (108, 0, 12, 0)
    assert by_ref[agreed.ref].verdict.sentence.startswith("Members agree, at least partly: 90% (95% interval")
    assert by_ref[split.ref].verdict.call is Call.TIE and by_ref[split.ref].counts == (60, 60, 0)
    assert by_ref[quiet.ref].verdict.call is Call.WEAK
    assert by_ref[quiet.ref].verdict.sentence == "Too few responses to call (n = 4)."
    assert by_ref[send.ref].voters == 126 and by_ref[send.ref].voters_before == 6  # bots never count
    assert by_ref[send.ref].movement.startswith("Since the end of the week before: “Agree” ")
    assert by_ref[send.ref].movement.endswith("; n = 126 (120 more).")
    assert [t.topic.ref for t in heard.quiet_topics] == [quiet.ref]


async def test_themes_recover_what_members_wrote_about(week):
    heard, _, known, (send, *_) = week
    send_heard = next(t for t in heard.topics if t.topic.ref == send.ref)
    assert send_heard.replies == 295  # 300 less five deleted; the bot's reply is not one
    assert sum(t.replies for t in send_heard.themes) == 295
    # Each theme's quotes come overwhelmingly from one of the three written themes.
    labels = {}
    for theme in send_heard.themes:
        sources = [known[q] for q in _originals(theme.quotes, known)]
        labels[theme.label] = max(set(sources), key=sources.count) if sources else None
    assert {"ehcp", "deficit", "inclusion"} <= set(labels.values())


def _originals(quotes, known):
    found = []
    for q in quotes:
        core = re.sub(r"\[\w+\]", "", q).rstrip("…")[:30]
        found += [text for text in known if core and core in text][:1]
    return found


async def test_quotes_and_ideas_are_anonymous_and_deleted_replies_never_appear(week, tmp_path):
    heard, _, _, _ = week
    files = documents.write(heard, LONDON, tmp_path)
    everything = "".join(p.read_text() for p in files.values() if p.suffix in (".md", ".html", ".csv"))
    everything += documents.brief(heard)
    assert "head@trust.example" not in everything and "07700 900" not in everything
    assert "I am a bot" not in everything
    assert not re.search(r"\bm\d{3}\b|\bearly\d\b|B0T", everything)  # no member ids
    assert "[phone]" in everything  # every idea gave a phone number


async def test_the_same_data_gives_the_same_summary(week, built):
    store = built[0]
    heard, *_ = week
    again = await compile_heard(store, iso_week(WEEK, LONDON), heard.compiled_at)
    assert documents.markdown(again, LONDON) == documents.markdown(heard, LONDON)
    from bot.summary.charts import bar_chart

    assert bar_chart(again.topics[0]) == bar_chart(heard.topics[0])
    assert bar_chart(heard.topics[0]).startswith(b"\x89PNG")


async def test_where_we_are_not_hearing(week):
    heard, *_ = week
    assert heard.quiet_platforms == ()  # both platforms were heard from
    text = documents.markdown(heard, LONDON)
    assert "## Where we are not hearing" in text and "Quiet poll?: only 4 responses." in text
    assert "Every comparison is with the week before (2026-W46)." in text


async def test_weeks_run_monday_to_monday_in_london():
    week = iso_week("2026-W47", LONDON)
    assert week.start == datetime(2026, 11, 16, tzinfo=LONDON) and week.end - week.start == timedelta(days=7)
    assert week.previous().label == "2026-W46"
    with pytest.raises(ValueError):
        iso_week("2026-W60", LONDON)


async def test_the_friday_post_compares_with_the_same_days_last_week():
    from bot.summary.period import current_week

    friday = datetime(2026, 3, 27, 15, tzinfo=LONDON)  # the Friday before the clocks change
    before = current_week(friday, LONDON).previous()
    assert (before.start, before.end) == (
        datetime(2026, 3, 16, tzinfo=LONDON),
        datetime(2026, 3, 20, 15, 0, 0, 1, tzinfo=LONDON),  # up to and including the moment it was asked
    )
    assert before.label == "2026-W12"


async def test_summary_json_holds_every_figure_and_traces_themes_to_the_export(week, built, tmp_path):
    import json
    from collections import Counter

    from storage.exports import datasets, records

    store = built[0]
    heard, expected, *_ = week
    documents.write(heard, LONDON, tmp_path)
    data = json.loads((tmp_path / "summary.json").read_text())
    async with store.unit() as unit:
        exported = {d.name: [r async for r in records(unit.session, d)] for d in datasets()}
    replies = {r["ref"]: r for r in exported["replies"]}
    votes = Counter((v["topic"], v["option_label"]) for v in exported["votes"] if v["member"])

    assert data["period"]["label"] == WEEK and data["compared_with"]["words"] == "the week before (2026-W46)"
    assert {h["name"]: h["this_period"] for h in data["headlines"]} == {
        name: sum(by.values()) for name, by in expected.items()
    }
    for topic in data["topics"]:
        for option in topic["options"]:  # the week is over: its results are today's votes, option by option
            assert option["count"] == votes[(topic["ref"], option["label"])], (topic["ref"], option["label"])
        refs = [ref for theme in topic["themes"] for ref in theme["reply_refs"]]
        assert len(refs) == len(set(refs)) == topic["replies"]  # each reply in exactly one theme
        for theme in topic["themes"]:
            assert theme["replies"] == len(theme["reply_refs"])
            for ref in theme["reply_refs"]:
                assert replies[ref]["topic"] == topic["ref"] and not replies[ref]["deleted"]
            for quote in theme["quotes"]:  # quotes are the masked text of the theme's own replies
                head = quote.rstrip("…")[:40]
                assert any(head in replies[ref]["masked_text"] for ref in theme["reply_refs"]), quote
    send = data["topics"][0]
    assert send["verdict"]["sentence"] == heard.topics[0].verdict.sentence
    assert send["verdict"]["interval_95"] is not None and send["n"] == 126
