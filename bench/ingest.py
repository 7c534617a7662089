"""Events per second through the core into SQLite and PostgreSQL.

A mixed stream (votes, replies, edits, reactions, ideas, with platform
redeliveries mixed in) goes through the same dispatch the adapters call, one
event at a time, each committed before the next. Beside it, in the same run and
on the same database, the ceiling: raw single-row inserts, each in its own
transaction.

    python -m bench.ingest [--events 5000] [--databases sqlite,postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import text

from adapters.memory import MemoryAdapter
from bot.clock import SystemClock
from bot.domain import PolicyCard, QuickPoll
from bot.listening import Listening
from bot.runtime import Runtime
from storage import Database, Store
from storage.database import create_database_if_missing

POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/listening_bot_bench")
REDELIVERY_SHARE = 0.1


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def workload(platform: MemoryAdapter, topic_ids: list[int], events: int, rng: random.Random):
    """A list of coroutine factories: what members do, in order, with redeliveries."""
    people = [f"U{n:05d}" for n in range(2000)]
    replies: list[tuple[str, object, str]] = []
    script = []
    for n in range(events):
        kind = rng.random()
        who = rng.choice(people)
        topic_id = rng.choice(topic_ids)
        event_id = f"Ev{n:07d}"
        if kind < 0.60:
            option = rng.randrange(4 if topic_id != topic_ids[-1] else 3)
            script.append(lambda w=who, t=topic_id, o=option, e=event_id: platform.vote(w, t, o, event_id=e))
        elif kind < 0.78:
            post = rng.choice(platform.posts_of(topic_id))
            message_id = f"msg-{n}"
            replies.append((who, post, message_id))
            body = "We agree in part, but the funding has to follow the duty. " * rng.randint(1, 6)
            script.append(
                lambda w=who, p=post, m=message_id, b=body, e=event_id: platform.reply(
                    w, p, b, message_id=m, event_id=e
                )
            )
        elif kind < 0.83 and replies:
            w, p, m = rng.choice(replies)
            script.append(lambda w=w, p=p, m=m, e=event_id: platform.edit(w, p, m, "On reflection, yes.", event_id=e))
        elif kind < 0.95:
            post = rng.choice(platform.posts_of(topic_id))
            emoji = rng.choice(["👍", "🤔", "👀", "🙌"])
            script.append(lambda w=who, p=post, em=emoji, e=event_id: platform.react(w, p, em, event_id=e))
        else:
            script.append(
                lambda w=who, e=event_id: platform.idea(w, "Pool supply staff across neighbouring trusts.", event_id=e)
            )
        if rng.random() < REDELIVERY_SHARE:  # the platform sends the same event again
            script.append(script[-1])
    return script


async def measure_core(url: str, events: int, seed: int) -> dict:
    async with Database(url) as database:
        await database.upgrade()
        if database.dialect == "postgresql":
            await database.empty()
        clock = SystemClock()
        listening = Listening(Store(database), clock, ZoneInfo("Europe/London"))
        platform = MemoryAdapter("bench", member_channels=("C1", "C2"), clock=clock)
        runtime = Runtime(listening, [platform], clock, sync_interval=None, tally_interval=1.0)
        await runtime.start()
        topics = await listening.team.publish_all(
            [
                PolicyCard(
                    title=f"Card {i}",
                    position="A position.",
                    evidence="best-bet",
                    values=["Fairness"],
                    question="Agree?",
                )
                for i in range(4)
            ]
            + [QuickPoll(question="Which first?", answers=["Pay", "Workload", "Funding"])]
        )
        await runtime.sync()
        script = workload(platform, [t.id for t in topics], events, random.Random(seed))
        latencies = []
        started = time.perf_counter()
        for step in script:
            t0 = time.perf_counter()
            await step()
            latencies.append(time.perf_counter() - t0)
        elapsed = time.perf_counter() - started
        await runtime.stop()
        return {
            "events": len(script),
            "per_second": len(script) / elapsed,
            "p50_ms": 1000 * statistics.median(latencies),
            "p99_ms": 1000 * percentile(latencies, 0.99),
        }


async def measure_ceiling(url: str, rows: int) -> dict:
    """Raw single-row inserts, one transaction each, on the same database and driver."""
    async with Database(url) as database:
        async with database.engine.begin() as conn:
            await conn.execute(text("DROP TABLE IF EXISTS bench_ceiling"))
            await conn.execute(text("CREATE TABLE bench_ceiling (id INTEGER PRIMARY KEY, body TEXT)"))
        latencies = []
        started = time.perf_counter()
        for n in range(rows):
            t0 = time.perf_counter()
            async with database.engine.begin() as conn:
                await conn.execute(
                    text("INSERT INTO bench_ceiling (id, body) VALUES (:id, :body)"), {"id": n, "body": "x" * 60}
                )
            latencies.append(time.perf_counter() - t0)
        elapsed = time.perf_counter() - started
        async with database.engine.begin() as conn:
            await conn.execute(text("DROP TABLE bench_ceiling"))
        return {
            "per_second": rows / elapsed,
            "p50_ms": 1000 * statistics.median(latencies),
            "p99_ms": 1000 * percentile(latencies, 0.99),
        }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for name in args.databases.split(","):
            if name == "sqlite":
                url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
            else:
                url = POSTGRES_URL
                try:
                    await create_database_if_missing(url)
                except Exception as err:  # noqa: BLE001
                    print(f"postgres: skipped ({err!r})")
                    continue
            core = await measure_core(url, args.events, args.seed)
            ceiling = await measure_ceiling(url, args.events)
            results.append((name, core, ceiling))
    print(f"\n{'database':<10} {'path':<26} {'events':>7} {'per s':>9} {'p50 ms':>8} {'p99 ms':>8}")
    for name, core, ceiling in results:
        print(
            f"{name:<10} {'core (dispatch→commit)':<26} {core['events']:>7} {core['per_second']:>9.0f} "
            f"{core['p50_ms']:>8.2f} {core['p99_ms']:>8.2f}"
        )
        print(
            f"{'':<10} {'ceiling (1-row insert)':<26} {args.events:>7} {ceiling['per_second']:>9.0f} "
            f"{ceiling['p50_ms']:>8.2f} {ceiling['p99_ms']:>8.2f}"
        )
        print(f"{'':<10} {'core / ceiling':<26} {'':>7} {core['per_second'] / ceiling['per_second']:>9.2f}")


if __name__ == "__main__":
    asyncio.run(main())
