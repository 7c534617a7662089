"""Events per second through the core to a commit, beside the raw drivers' ceiling, on SQLite
and PostgreSQL, at 1 and at 16 events in flight.

What is measured, per database and per number in flight:

- core: a mixed stream (60% votes, 18% replies, 5% edits, 12% reactions, 5% ideas; 10% of
  events sent a second time, straight after, as platforms redeliver) goes through the dispatch
  the adapters call (`Runtime.dispatch`, via the in-memory adapter) on a fresh database of its
  own. An event's latency is from the dispatch call until it returns, i.e. until its
  transaction has committed (waiting for a database connection or SQLite's writer included).
  With 16 in flight, 16 tasks each take the next event of the stream as soon as they are free,
  so an event and its redelivery can be in flight together.
- ceiling: as many rows as the core had events, one INSERT and its COMMIT per event, with the
  raw drivers (no SQLAlchemy): aiosqlite on a SQLite file with the project's pragmas (WAL,
  synchronous=NORMAL; one connection, the tasks taking turns, as SQLite has one writer), and
  asyncpg on PostgreSQL (autocommit, one connection per task in flight).
- ratio: core events/s over ceiling inserts/s.
- lost/doubled: after each core run the export's votes, replies, reactions and ideas
  (storage/exports.py, what `listening-bot export` writes) are compared with what the events
  sent must have caused: one vote per member and card, one reply per message (an edit of an
  unseen reply records it), one reaction per member, post and emoji, one idea per event.
  Lost: caused by an acknowledged event, not in the export; doubled: in the export more often
  than all the events sent could explain. An event whose dispatch raised is not acknowledged
  (the adapters answer the platform with an error), counted under "errors" with its reason.

PostgreSQL runs in a database of its own (bench_<random>, dropped afterwards) on
BENCH_POSTGRES_URL's server (default postgres@127.0.0.1:5432).

    python -m bench.ingest [--events 1000] [--in-flight 1,16] [--databases sqlite,postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from adapters.memory import MemoryAdapter
from bench._raw import (
    Check,
    Expected,
    Run,
    check_export,
    in_flight,
    machine_load,
    postgres_ceiling,
    sqlite_ceiling,
    throwaway_postgres,
)
from bot.clock import SystemClock
from bot.domain import PolicyCard, QuickPoll
from bot.listening import Listening
from bot.privacy import warm
from bot.runtime import Runtime
from storage import Database, Store

REDELIVERY_SHARE = 0.1


@dataclass(frozen=True)
class Step:
    """One delivery of an event: what it is (for the export check) and how to send it."""

    kind: str  # vote, reply, edit, reaction, idea
    event_id: str
    user: str
    topic: str  # its ref, as the export names it
    send: Callable[[], Awaitable[object]]
    post: str = ""  # reactions: which post (a topic has one per channel)
    emoji: str = ""
    message_id: str = ""  # replies and edits


def workload(platform: MemoryAdapter, topics: list, events: int, rng: random.Random) -> list[Step]:
    """What members do, in order, with redeliveries (the same step again, straight after)."""
    people = [f"U{n:05d}" for n in range(2000)]
    poll = topics[-1]
    replies: list[tuple[str, object, str, str]] = []
    script: list[Step] = []
    for n in range(events):
        kind = rng.random()
        who = rng.choice(people)
        topic = rng.choice(topics)
        event_id = f"Ev{n:07d}"
        if kind < 0.60:
            option = rng.randrange(3 if topic is poll else 4)
            send = partial(platform.vote, who, topic.id, option, event_id=event_id)
            script.append(Step("vote", event_id, who, topic.ref, send))
        elif kind < 0.78:
            post = rng.choice(platform.posts_of(topic.id))
            message_id = f"msg-{n}"
            replies.append((who, post, message_id, topic.ref))
            body = "We agree in part, but the funding has to follow the duty. " * rng.randint(1, 6)
            send = partial(platform.reply, who, post, body, message_id=message_id, event_id=event_id)
            script.append(Step("reply", event_id, who, topic.ref, send, message_id=message_id))
        elif kind < 0.83 and replies:
            author, post, message_id, ref = rng.choice(replies)
            send = partial(platform.edit, author, post, message_id, "On reflection, yes.", event_id=event_id)
            script.append(Step("edit", event_id, author, ref, send, message_id=message_id))
        elif kind < 0.95:
            post = rng.choice(platform.posts_of(topic.id))
            emoji = rng.choice(["👍", "🤔", "👀", "🙌"])
            send = partial(platform.react, who, post, emoji, event_id=event_id)
            script.append(Step("reaction", event_id, who, topic.ref, send, post=post.message_id, emoji=emoji))
        else:
            send = partial(platform.idea, who, "Pool supply staff across neighbouring trusts.", event_id=event_id)
            script.append(Step("idea", event_id, who, "", send))
        if rng.random() < REDELIVERY_SHARE:  # the platform sends the same event again
            script.append(script[-1])
    return script


def expected_from(script: list[Step], acked_ids: set[str]) -> Expected:
    """What the export must (acknowledged events) and may (all events sent) hold."""
    events = {step.event_id: step for step in script}  # a redelivery is the same event
    expected = Expected()
    votes: dict[tuple, bool] = {}
    replies: dict[str, tuple[tuple, bool]] = {}  # message id -> (key, acknowledged)
    reactions: dict[tuple, bool] = {}
    for event_id, step in events.items():
        acked = event_id in acked_ids
        if step.kind == "vote":
            key = ("votes", step.topic, step.user)
            votes[key] = votes.get(key, False) or acked
        elif step.kind in ("reply", "edit"):  # an edit of a reply not yet seen records it
            key, before = replies.get(step.message_id, (("replies", step.topic, step.user), False))
            replies[step.message_id] = (key, before or acked)
        elif step.kind == "reaction":
            key = (step.post, step.topic, step.user, step.emoji)
            reactions[key] = reactions.get(key, False) or acked
        else:
            expected.add(("ideas", step.user), acked=acked)
    for key, acked in votes.items():
        expected.add(key, acked=acked)
    for key, acked in replies.values():
        expected.add(key, acked=acked)
    for (_post, topic, user, emoji), acked in reactions.items():
        expected.add(("reactions", topic, user, emoji), acked=acked)
    return expected


async def measure_core(url: str, events: int, seed: int, concurrency: int) -> tuple[Run, Check, int]:
    """The core on a fresh database: (the timed run, the export check, how many redeliveries)."""
    async with Database(url) as database:
        await database.upgrade()
        clock = SystemClock()
        store = Store(database)
        listening = Listening(store, clock, ZoneInfo("Europe/London"))
        platform = MemoryAdapter("bench", member_channels=("C1", "C2"), clock=clock)
        runtime = Runtime(listening, [platform], clock, sync_interval=None, tally_interval=1.0)
        await runtime.start()
        topics = await listening.team.publish_all(
            [
                PolicyCard(
                    title=f"Card {i}", position="A position.", evidence="best-bet", values=["Fairness"], question="?"
                )
                for i in range(4)
            ]
            + [QuickPoll(question="Which first?", answers=["Pay", "Workload", "Funding"])]
        )
        await runtime.sync()
        script = workload(platform, topics, events, random.Random(seed))
        acked: set[str] = set()

        async def one(index: int, _worker: int) -> None:
            step = script[index]
            await step.send()
            acked.add(step.event_id)

        run = await in_flight(len(script), concurrency, one)
        await runtime.stop()
        check = await check_export(store, expected_from(script, acked))
        redeliveries = len(script) - len({s.event_id for s in script})
        return run, check, redeliveries


def _row(cells: list[str], widths: list[int]) -> str:
    return " ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1000, help="distinct events (redeliveries come on top)")
    parser.add_argument("--in-flight", default="1,16", help="comma-separated numbers of events in flight")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # what the core logs as failing is shown; its info is not
    concurrencies = [int(n) for n in args.in_flight.split(",")]
    await asyncio.to_thread(warm)  # the masking model loads once, before anything is timed
    load_before = machine_load()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for name in args.databases.split(","):
            for concurrency in concurrencies:
                if name == "sqlite":
                    url = f"sqlite+aiosqlite:///{Path(folder) / f'core-{concurrency}.db'}"
                    core, check, again = await measure_core(url, args.events, args.seed, concurrency)
                    ceiling = await sqlite_ceiling(Path(folder) / f"ceiling-{concurrency}.db", core.done, concurrency)
                else:
                    async with throwaway_postgres() as url:
                        if url is None:
                            break
                        core, check, again = await measure_core(url, args.events, args.seed, concurrency)
                        ceiling = await postgres_ceiling(url, core.done, concurrency)
                results.append((name, concurrency, core, check, again, ceiling))
                print(
                    f"{name} × {concurrency}: core {core.per_second:.0f}/s, ceiling {ceiling.per_second:.0f}/s, "
                    f"lost {check.lost}, doubled {check.doubled}, errors {sum(core.errors.values())}",
                    flush=True,
                )
    if not results:
        return
    _, _, first, _, again, _ = results[0]
    print(f"\n{first.done} events a run ({again} of them redeliveries); latency = dispatch until committed")
    print(f"{load_before} before the runs, {machine_load()} after\n")
    head = ["database", "in flight", "events/s", "p50 ms", "p99 ms", "ceiling/s", "c p50", "c p99", "ratio"]
    head += ["lost", "doubled", "errors"]
    widths = [10, 9, 9, 7, 7, 9, 6, 6, 6, 5, 7, 6]
    print(_row(head, widths))
    for name, concurrency, core, check, _, ceiling in results:
        cells = [
            name,
            str(concurrency),
            f"{core.per_second:.0f}",
            f"{core.p50_ms:.2f}",
            f"{core.p99_ms:.2f}",
            f"{ceiling.per_second:.0f}",
            f"{ceiling.p50_ms:.2f}",
            f"{ceiling.p99_ms:.2f}",
            f"{core.per_second / ceiling.per_second:.2f}",
            str(check.lost),
            str(check.doubled),
            str(sum(core.errors.values())),
        ]
        print(_row(cells, widths))
    print("\nexport check (expected from acknowledged events / recorded), and ceiling rows:")
    for name, concurrency, core, check, _, ceiling in results:
        tables = ", ".join(f"{t} {e}/{r}" for t, (e, r) in check.per_table.items())
        verdict = "OK" if check.ok else "MISMATCH"
        rows, distinct = ceiling.rows
        print(f"  {name} × {concurrency}: {verdict}: {tables}; ceiling {rows} rows ({distinct} distinct)")
        for reason, n in core.errors.most_common():
            print(f"    core error ×{n}: {reason}")
        for reason, n in ceiling.errors.most_common():
            print(f"    ceiling error ×{n}: {reason}")


if __name__ == "__main__":
    asyncio.run(main())
