"""Time and peak memory to compile a week's "what we heard", on SQLite and PostgreSQL.

A week is generated straight into the database (bulk inserts, not the bot's
event path): 2,000 participants on two platforms, 20,000 thread replies on a
few themes per card (a fifth of them naming a person, a school or an email),
1,000 ideas, 5,000 reactions, and 250,000 votes spread over as many cards as it
takes at up to 2,000 votes each, a tenth of them changed once (so the history has
more entries than there are votes); then the same at 1,000,000.

Masking is timed on its own: the bot masks each reply once, when it is recorded,
so here the 21,000 texts are masked in one batch before they are inserted. The
compile includes verdicts, movement from the history, and themes for every card.

    python -m bench.summary [--votes 250000,1000000] [--databases sqlite,postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import tempfile
import time
import tracemalloc
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from bot.domain import PolicyCard
from bot.privacy import mask_many, warm
from bot.summary import documents
from bot.summary.heard import compile_heard
from bot.summary.period import iso_week
from storage import Database, Store
from storage.database import create_database_if_missing
from storage.models import (
    ChannelRow,
    IdeaRow,
    MemberRow,
    PostRow,
    ReactionRow,
    ReplyRow,
    TopicRow,
    VoteChangeRow,
    VoteRow,
)

ZONE = ZoneInfo("Europe/London")
PER_CARD = 2000
WEEK = "2026-W47"
START = datetime(2026, 11, 16, 8, tzinfo=timezone.utc)
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/listening_bot_bench")
THEMES = [
    ("the high needs deficit", "top-up funding for pupils with SEND", "the statutory override ending"),
    ("EHCP assessments", "families waiting months", "the twenty week deadline being missed"),
    ("recruiting teaching assistants", "keeping specialist staff", "agency costs for cover"),
    ("inspection burden", "small central teams", "inconsistent inspectors"),
    ("teacher pay awards", "unfunded pay rises", "pension contributions"),
    ("school buildings", "capital funding", "leaking roofs and RAAC"),
]
OPENERS = ["", "", "Thanks for sharing. ", "Quick thought: ", "Good question. "]
SAYINGS = [
    "Our biggest worry is {a}, and {b} makes it worse.",
    "In our trust {a} is the issue; {b} comes close behind.",
    "We have seen {b} for two years now, mostly because of {c}.",
    "Honestly {c} is what keeps our heads awake, more than {a}.",
]
PERSONAL = [
    " Ask Sarah Jones, our CFO, about it.",
    " Email me at j.okafor@riversideacademy.org.uk.",
    " Oakwood Primary School saw the same last year.",
    " Ring 07700 900{n:03d} if useful.",
    " Mr Patel at St Mary's C of E Academy knows more.",
]


def reply_text(rng: random.Random, topic: int, n: int) -> str:
    """A reply on one of its card's three themes, sometimes with a personal detail in it."""
    a, b, c = THEMES[(topic + rng.randrange(3)) % len(THEMES)]
    text = rng.choice(OPENERS) + rng.choice(SAYINGS).format(a=a, b=b, c=c)
    if rng.random() < 0.2:
        text += rng.choice(PERSONAL).format(n=n % 1000)
    return text


def moment(rng: random.Random) -> datetime:
    return START + timedelta(seconds=rng.randrange(6 * 24 * 3600))


def texts(cards: int, rng: random.Random) -> tuple[list[tuple[int, str]], list[str]]:
    """(card index, reply) for 20,000 replies, and 1,000 ideas."""
    replies = []
    for n in range(20_000):
        topic = rng.randrange(cards)
        replies.append((topic, reply_text(rng, topic, n)))
    ideas = [f"Idea {n}: pool {rng.choice(THEMES)[0]}" + rng.choice(PERSONAL).format(n=n) for n in range(1000)]
    return replies, ideas


def cards_for(votes: int) -> int:
    return max(1, -(-votes // PER_CARD))


async def generate(database: Database, votes: int, rng: random.Random, written, masked: list[str]) -> int:
    """Fill the database with a week (the replies and ideas already masked); returns the number of cards."""
    per_card = PER_CARD
    cards = cards_for(votes)
    content = PolicyCard(
        title="Card", position="A position.", evidence="best-bet", values=["Fairness"], question="Do you agree?"
    ).model_dump(mode="json", exclude_none=True)
    async with database.engine.begin() as conn:
        await conn.execute(
            insert(MemberRow),
            [
                {
                    "id": i + 1,
                    "platform": "slack" if i < 1200 else "discord",
                    "workspace_id": "W",
                    "user_id": f"U{i}",
                    "pseudonym": f"m-bench{i:05d}",
                    "role": "member",
                    "is_bot": False,
                    "first_seen_at": START,
                }
                for i in range(2000)
            ],
        )
        await conn.execute(
            insert(ChannelRow),
            [
                {"id": 1, "platform": "slack", "workspace_id": "W", "channel_id": "C1", "role": "member", "name": "m"},
                {
                    "id": 2,
                    "platform": "discord",
                    "workspace_id": "W",
                    "channel_id": "C2",
                    "role": "member",
                    "name": "m",
                },
            ],
        )
        await conn.execute(
            insert(TopicRow),
            [
                {
                    "id": t + 1,
                    "kind": "card",
                    "slug": None,
                    "title": f"Card {t + 1}",
                    "content": {**content, "title": f"Card {t + 1}"},
                    "option_count": 4,
                    "multiple": False,
                    "status": "open",
                    "published_at": START - timedelta(days=1),
                }
                for t in range(cards)
            ],
        )
        await conn.execute(
            insert(PostRow),
            [
                {
                    "id": 2 * t + c + 1,
                    "topic_id": t + 1,
                    "channel_id": c + 1,
                    "state": "posted",
                    "message_id": f"M{t}-{c}",
                    "thread_id": f"M{t}-{c}",
                    "claimed_at": START,
                    "posted_at": START,
                }
                for t in range(cards)
                for c in range(2)
            ],
        )
        rows, history, left = [], [], votes
        for t in range(cards):
            weights = [rng.random() for _ in range(4)]
            for member in rng.sample(range(2000), min(per_card, left)):
                cast, option = moment(rng), rng.choices(range(4), weights)[0]
                entry = {"topic_id": t + 1, "member_id": member + 1, "slot": 0}
                changed, changes = cast, 0
                if rng.random() < 0.1:  # changed their mind once, later in the week
                    history.append({**entry, "option": (option + 1) % 4, "at": cast})
                    changed, changes = cast + timedelta(hours=rng.randrange(1, 12)), 1
                history.append({**entry, "option": option, "at": changed})
                rows.append(
                    {
                        **entry,
                        "post_id": 2 * t + (member >= 1200) + 1,
                        "option": option,
                        "cast_at": cast,
                        "changed_at": changed,
                        "changes": changes,
                    }
                )
                left -= 1
            if len(rows) >= 50_000 or t == cards - 1:
                await conn.execute(insert(VoteRow), rows)
                history.sort(key=lambda h: h["at"])  # ids grow in the order changes happen
                await conn.execute(insert(VoteChangeRow), history)
                rows, history = [], []
        replies, ideas = written
        replies = [(topic % cards, text) for topic, text in replies]
        await conn.execute(
            insert(ReplyRow),
            [
                {
                    "post_id": 2 * topic + rng.randrange(2) + 1,
                    "member_id": rng.randrange(2000) + 1,
                    "message_id": f"R{n}",
                    "text": text,
                    "masked_text": masked[n],
                    "posted_at": moment(rng),
                }
                for n, (topic, text) in enumerate(replies)
            ],
        )
        await conn.execute(
            insert(IdeaRow),
            [
                {
                    "member_id": rng.randrange(2000) + 1,
                    "text": text,
                    "masked_text": masked[len(replies) + n],
                    "submitted_at": moment(rng),
                    "event_key": f"bench:{n}",
                }
                for n, text in enumerate(ideas)
            ],
        )
        await conn.execute(
            insert(ReactionRow),
            [
                {
                    "post_id": (n % (cards * 2)) + 1,
                    "member_id": (n // (cards * 2)) % 2000 + 1,
                    "emoji": "👍",
                    "added_at": moment(rng),
                }
                for n in range(5000)
            ],
        )
    return cards


async def measure(url: str, votes: int, written, masked: list[str]) -> dict:
    async with Database(url) as database:
        await database.upgrade()
        if database.dialect == "postgresql":
            await database.empty()
        t0 = time.perf_counter()
        cards = await generate(database, votes, random.Random(3), written, masked)
        generated = time.perf_counter() - t0
        store, week = Store(database), iso_week(WEEK, ZONE)
        compiled_at = START + timedelta(days=7)
        t0 = time.perf_counter()
        heard = await compile_heard(store, week, compiled_at)
        compile_s = time.perf_counter() - t0
        tracemalloc.start()
        await compile_heard(store, week, compiled_at)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        with tempfile.TemporaryDirectory() as folder:
            t0 = time.perf_counter()
            documents.write(heard, ZONE, Path(folder))
            write_s = time.perf_counter() - t0
    votes_counted = next(f for f in heard.figures if f.name == "votes").total
    assert votes_counted == votes, (votes_counted, votes)
    themes = sum(len([t for t in item.themes if not t.other]) for item in heard.topics)
    return {
        "cards": cards,
        "themes": themes,
        "generate_s": generated,
        "compile_s": compile_s,
        "peak_mb": peak / 2**20,
        "write_s": write_s,
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--votes", default="250000,1000000")
    parser.add_argument("--databases", default="sqlite,postgres")
    args = parser.parse_args()
    rows = []
    # The replies' texts, masked once as the bot masks each when it is recorded.
    written = texts(cards_for(max(int(v) for v in args.votes.split(","))), random.Random(5))
    t0 = time.perf_counter()
    warm()
    warm_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    masked = mask_many([text for _, text in written[0]] + written[1])
    masking_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as folder:
        for name in args.databases.split(","):
            for votes in (int(v) for v in args.votes.split(",")):
                if name == "sqlite":
                    url = f"sqlite+aiosqlite:///{Path(folder) / f'summary-{votes}.db'}"
                else:
                    url = POSTGRES_URL
                    try:
                        await create_database_if_missing(url)
                    except Exception as err:  # noqa: BLE001
                        print(f"postgres: skipped ({err!r})")
                        break
                rows.append((name, votes, await measure(url, votes, written, masked)))
    print(f"\n{'database':<10} {'votes':>9} {'cards':>6} {'themes':>6} {'compile s':>10} {'peak MB':>8} {'files s':>8}")
    for name, votes, r in rows:
        print(
            f"{name:<10} {votes:>9,} {r['cards']:>6} {r['themes']:>6} {r['compile_s']:>10.2f}"
            f" {r['peak_mb']:>8.1f} {r['write_s']:>8.2f}"
        )
    n = len(masked)
    print(
        f"masking, once per text as the bot does when it records one: {n:,} texts in {masking_s:.1f} s "
        f"({n / masking_s:,.0f}/s, {1000 * masking_s / n:.1f} ms each), after {warm_s:.1f} s to load the model"
    )


if __name__ == "__main__":
    asyncio.run(main())
