"""What the benchmarks share: running work N in flight, the ceilings measured with the raw
drivers (aiosqlite, asyncpg: no SQLAlchemy), a throwaway PostgreSQL database, and the check,
from the export, that nothing acknowledged was lost and nothing was recorded twice."""

from __future__ import annotations

import asyncio
import os
import secrets
import statistics
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url

from storage import Store
from storage.database import create_database_if_missing, drop_database
from storage.exports import datasets, records
from storage.models import MemberRow

POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
# The pragmas storage/database.py sets on every SQLite connection.
SQLITE_PRAGMAS = ("PRAGMA foreign_keys=ON", "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL")
CEILING_TABLE = "CREATE TABLE bench_ceiling (id INTEGER PRIMARY KEY, event_id VARCHAR(160) UNIQUE, body TEXT)"
CEILING_INSERT = "INSERT INTO bench_ceiling (id, event_id, body) VALUES ({}, {}, {})"
BODY = "We agree in part, but the funding has to follow the duty. " * 2


def machine_load() -> str:
    """The 1-minute load average and the cores: what else was running shapes every figure."""
    return f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@dataclass
class Run:
    """One timed run: how many operations, how long, each one's latency, and what failed."""

    done: int
    elapsed: float
    latencies: list[float]
    errors: Counter = field(default_factory=Counter)
    rows: tuple | None = None  # a ceiling's (rows, distinct ids) in its table afterwards

    @property
    def per_second(self) -> float:
        return self.done / self.elapsed

    @property
    def p50_ms(self) -> float:
        return 1000 * statistics.median(self.latencies)

    @property
    def p99_ms(self) -> float:
        return 1000 * percentile(self.latencies, 0.99)


async def in_flight(count: int, concurrency: int, one: Callable[[int, int], Awaitable[None]]) -> Run:
    """Run `one(index, worker)` for index 0..count-1 with `concurrency` of them in flight at once,
    in order of index (each worker takes the next index as soon as it is free). An exception is
    counted by type and the run goes on: the caller decides what it means."""
    latencies: list[float] = [0.0] * count
    errors: Counter = Counter()
    next_index = iter(range(count))

    async def worker(number: int) -> None:
        for index in next_index:
            t0 = time.perf_counter()
            try:
                await one(index, number)
            except Exception as err:  # noqa: BLE001 - counted and reported, never hidden
                errors[f"{type(err).__name__}: {str(err).splitlines()[0][:120] if str(err) else ''}"] += 1
            latencies[index] = time.perf_counter() - t0

    started = time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(concurrency)))
    return Run(count, time.perf_counter() - started, latencies, errors)


# -- the ceilings: one INSERT and its COMMIT per event, on the raw drivers ------------------------


async def sqlite_ceiling(path: Path, rows: int, concurrency: int) -> Run:
    """aiosqlite on its own file, with the project's pragmas: per event one INSERT and one
    `commit()` (the sqlite3 module's implicit BEGIN). SQLite has one writer, so the tasks in flight
    share one connection and take turns, one transaction each (without turns they would share
    transactions: that would be batching, not single-row commits)."""
    import aiosqlite

    path.unlink(missing_ok=True)
    async with aiosqlite.connect(path) as conn:
        for pragma in SQLITE_PRAGMAS:
            await conn.execute(pragma)
        await conn.execute(CEILING_TABLE)
        await conn.commit()
        turn = asyncio.Lock()
        insert = CEILING_INSERT.format("?", "?", "?")

        async def one(index: int, _worker: int) -> None:
            async with turn:
                await conn.execute(insert, (index, f"Ev{index:08d}", BODY))
                await conn.commit()

        run = await in_flight(rows, concurrency, one)
        async with conn.execute("SELECT count(*), count(DISTINCT id) FROM bench_ceiling") as cursor:
            run.rows = await cursor.fetchone()
    return run


async def postgres_ceiling(url: str, rows: int, concurrency: int) -> Run:
    """asyncpg, one connection per task in flight (no pool to wait on): per event one INSERT in
    autocommit, i.e. its own transaction, committed by the server before it answers (one round trip:
    the least any driver can do for a durable row)."""
    import asyncpg

    parts = make_url(url)
    connect = dict(host=parts.host, port=parts.port or 5432, user=parts.username, password=parts.password)
    conns = [await asyncpg.connect(database=parts.database, **connect) for _ in range(concurrency)]
    try:
        await conns[0].execute("DROP TABLE IF EXISTS bench_ceiling")
        await conns[0].execute(CEILING_TABLE)
        insert = CEILING_INSERT.format("$1", "$2", "$3")

        async def one(index: int, worker: int) -> None:
            await conns[worker].execute(insert, index, f"Ev{index:08d}", BODY)

        run = await in_flight(rows, concurrency, one)
        run.rows = tuple(await conns[0].fetchrow("SELECT count(*), count(DISTINCT id) FROM bench_ceiling"))
        await conns[0].execute("DROP TABLE bench_ceiling")
    finally:
        for conn in conns:
            await conn.close()
    return run


@asynccontextmanager
async def throwaway_postgres():
    """A PostgreSQL database of this run's own (bench_<random>), dropped afterwards; None (with the
    reason printed) if the server cannot be reached."""
    url = make_url(POSTGRES_SERVER).set(database=f"bench_{secrets.token_hex(4)}").render_as_string(hide_password=False)
    try:
        await create_database_if_missing(url)
    except Exception as err:  # noqa: BLE001
        print(f"postgres: skipped ({type(err).__name__}: {err})")
        yield None
        return
    try:
        yield url
    finally:
        await drop_database(url)


# -- nothing lost, nothing doubled ---------------------------------------------------------------


@dataclass
class Expected:
    """What the export must hold, as multisets of (table, key) with keys in platform terms
    (topic ref, platform user id, …). `acked`: what events that were acknowledged caused, the
    least that must be there. `sent`: what every event sent could cause, acknowledged or not,
    the most that may be there."""

    acked: Counter = field(default_factory=Counter)
    sent: Counter = field(default_factory=Counter)

    def add(self, key: tuple, *, acked: bool) -> None:
        self.sent[key] += 1
        if acked:
            self.acked[key] += 1


@dataclass
class Check:
    expected: int  # records the acknowledged events must have made
    recorded: int
    lost: int  # acknowledged, not in the export
    doubled: int  # in the export more often than anything sent could explain
    per_table: dict[str, tuple[int, int]]  # table -> (expected, recorded)

    @property
    def ok(self) -> bool:
        return self.lost == 0 and self.doubled == 0


def _key(table: str, record: dict, users: dict[str, str]) -> tuple:
    user = users.get(record["member"], record["member"])
    if table == "votes":
        return ("votes", record["topic"], user)
    if table == "replies":
        return ("replies", record["topic"], user)
    if table == "reactions":
        return ("reactions", record["topic"], user, record["emoji"])
    return ("ideas", user)


async def check_export(store: Store, expected: Expected) -> Check:
    """Read the export's votes, replies, reactions and ideas (storage/exports.py, what
    `listening-bot export` writes) and compare them with what was sent."""
    recorded: Counter = Counter()
    async with store.unit() as unit:
        users = dict((await unit.session.execute(select(MemberRow.pseudonym, MemberRow.user_id))).all())
        for dataset in datasets():
            if dataset.name not in ("votes", "replies", "reactions", "ideas"):
                continue
            async for record in records(unit.session, dataset):
                recorded[_key(dataset.name, record, users)] += 1
    lost = expected.acked - recorded
    doubled = recorded - expected.sent
    tables = ("votes", "replies", "reactions", "ideas")
    per_table = {
        t: (
            sum(n for k, n in expected.acked.items() if k[0] == t),
            sum(n for k, n in recorded.items() if k[0] == t),
        )
        for t in tables
    }
    return Check(
        expected=sum(expected.acked.values()),
        recorded=sum(recorded.values()),
        lost=sum(lost.values()),
        doubled=sum(doubled.values()),
        per_table=per_table,
    )
