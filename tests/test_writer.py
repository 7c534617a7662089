"""SQLite's one writer: units that finish together commit together, each caller returning
only after its own commit; one unit's failure or cancellation never passes for a success."""

import asyncio

import pytest
from sqlalchemy import event

from storage import Database, Store
from storage.writer import NotCommitted


@pytest.fixture
async def sqlite_store(sqlite_url):
    async with Database(sqlite_url) as database:
        yield Store(database)


async def record(store: Store, clock, event_id: str, *, then=None) -> None:
    async with store.unit() as unit:
        assert await unit.seen.first_sight("test", event_id, clock.now())
        if then is not None:
            await then()


async def recorded(store: Store, clock, *event_ids: str) -> list[str]:
    """Which of these events a unit finds recorded (its own sighting is rolled back)."""
    found = []
    for event_id in event_ids:
        try:
            async with store.unit() as unit:
                if not await unit.seen.first_sight("test", event_id, clock.now()):
                    found.append(event_id)
                raise LookupError  # leave nothing behind
        except LookupError:
            pass
    return found


async def test_units_that_finish_together_are_committed_together(sqlite_store, clock):
    commits = []
    event.listen(sqlite_store.database.writer.engine, "commit", lambda _conn: commits.append(1))
    await asyncio.gather(*(record(sqlite_store, clock, f"e{n}") for n in range(16)))
    assert await recorded(sqlite_store, clock, *(f"e{n}" for n in range(16))) == [f"e{n}" for n in range(16)]
    assert len(commits) < 16  # sixteen units, fewer commits (the first may commit alone)


async def test_a_unit_that_fails_rolls_back_alone_and_its_batch_commits(sqlite_store, clock):
    async def fail() -> None:
        raise ValueError("this event cannot be recorded")

    results = await asyncio.gather(
        record(sqlite_store, clock, "before"),
        record(sqlite_store, clock, "failing", then=fail),
        record(sqlite_store, clock, "after"),
        return_exceptions=True,
    )
    assert results[0] is None and isinstance(results[1], ValueError) and results[2] is None
    assert await recorded(sqlite_store, clock, "before", "failing", "after") == ["before", "after"]


async def test_a_unit_cancelled_before_its_commit_is_not_recorded_nor_is_its_batch(sqlite_store, clock):
    """A deadline that passes while a unit waits for its commit (held up by a unit part-way):
    the member is told "not recorded", so nothing of the batch may be kept."""
    release = asyncio.Event()
    waiting = asyncio.create_task(record(sqlite_store, clock, "waiting"))
    part_way = asyncio.create_task(record(sqlite_store, clock, "part-way", then=release.wait))
    await asyncio.sleep(0)  # both ran: one finished and waits, the other holds the writer
    waiting.cancel()
    await asyncio.gather(waiting, return_exceptions=True)
    release.set()
    with pytest.raises(NotCommitted):
        await part_way
    assert waiting.cancelled()
    assert await recorded(sqlite_store, clock, "waiting", "part-way") == []
    await record(sqlite_store, clock, "later")  # the writer carries on
    assert await recorded(sqlite_store, clock, "later") == ["later"]


async def test_a_unit_inside_a_unit_is_a_savepoint_of_it(sqlite_store, clock):
    async with sqlite_store.unit() as unit:
        await unit.seen.first_sight("test", "outer", clock.now())
        with pytest.raises(ValueError):
            async with sqlite_store.unit() as inner:
                await inner.seen.first_sight("test", "inner", clock.now())
                raise ValueError
    assert await recorded(sqlite_store, clock, "outer", "inner") == ["outer"]
