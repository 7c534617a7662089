"""SQLite's one writer: this process's writes on one connection, in the event loop's thread,
and the units that finish together committed together (group commit).

SQLite has one write lock. Handing each statement to a driver thread (aiosqlite) costs more
than SQLite takes to run it on a local file, and a pool of connections queueing for the lock
is what made a burst's slowest acknowledgements take seconds. Here a unit's statements run
directly on one synchronous connection; a unit that finishes does not commit at once but waits
for the commit that the event loop runs next, which takes every unit finished by then with it.
Each caller returns only after the commit that holds its own unit.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from contextvars import ContextVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from storage import sqlite

BEGIN_TIMEOUT = 10.0  # seconds to wait for another process (the command line) to finish writing

# The session of the unit this task is inside: a unit opened inside it becomes a savepoint.
_INSIDE: ContextVar[Session | None] = ContextVar("inside", default=None)


class NotCommitted(Exception):
    """The unit's batch was rolled back (another unit in it was cancelled before the commit)."""


class InlineSession:
    """The part of SQLAlchemy's AsyncSession the repositories use, over a synchronous Session."""

    def __init__(self, session: Session) -> None:
        self._s = session
        self.bind = session.bind
        self._connection: _InlineConnection | None = None

    async def execute(self, statement, params=None, **kwargs):
        return self._s.execute(statement, params, **kwargs)

    async def scalar(self, statement, params=None, **kwargs):
        return self._s.scalar(statement, params, **kwargs)

    async def stream(self, statement, **kwargs) -> _Rows:
        return _Rows(iter(self._s.execute(statement, **kwargs)))

    async def connection(self) -> _InlineConnection:
        # One connection for the whole transaction: asking the Session each time costs more
        # than most of the statements run on it.
        if self._connection is None:
            self._connection = _InlineConnection(self._s.connection())
        return self._connection

    def add(self, instance) -> None:
        self._s.add(instance)

    async def flush(self) -> None:
        self._s.flush()


class _InlineConnection:
    """The session's connection, as AsyncConnection offers it (see storage/statements.py)."""

    def __init__(self, connection) -> None:
        self._c = connection

    async def execute(self, statement, params=None):
        return self._c.execute(statement, params)


class _Rows:
    """What `stream` gives: the rows, to iterate with `async for`."""

    def __init__(self, rows: Iterator) -> None:
        self._rows = rows

    def __aiter__(self) -> _Rows:
        return self

    async def __anext__(self):
        try:
            return next(self._rows)
        except StopIteration:
            raise StopAsyncIteration from None


class SqliteWriter:
    """Every write transaction of this process on one SQLite file."""

    def __init__(self, url: str, sleep=asyncio.sleep, begin_timeout: float = BEGIN_TIMEOUT) -> None:
        sync_url = make_url(url).set(drivername="sqlite+pysqlite")
        self.engine = create_engine(sync_url, poolclass=StaticPool, hide_parameters=True)
        # busy_timeout 0: never block the event loop; `_begin` waits for another process instead.
        event.listen(self.engine, "connect", sqlite.pragmas(busy_timeout_ms=0))
        event.listen(self.engine, "begin", sqlite.begin)
        self.sleep, self.begin_timeout = sleep, begin_timeout
        self._lock = asyncio.Lock()  # one unit at a time (a unit may await something mid-way)
        self._session: Session | None = None  # the open transaction, shared by a batch of units
        self._waiting: list[asyncio.Future] = []  # units finished, waiting for the batch's commit
        self._commit_queued = False
        self._doomed = False  # the open transaction is being rolled back: the unit part-way fails too
        # Called when another process (the command line erasing a member, another instance) has
        # written since this writer's last transaction: what this process remembers may be stale.
        self.changed_elsewhere: list[Callable[[], None]] = []
        self._data_version: int | None = None

    @asynccontextmanager
    async def unit(self) -> AsyncIterator[InlineSession]:
        outer = _INSIDE.get()
        if outer is not None:  # inside a unit already: a savepoint of its transaction
            savepoint = outer.begin_nested()
            try:
                yield InlineSession(outer)
            except BaseException:
                savepoint.rollback()
                raise
            savepoint.commit()
            return
        async with self._lock:
            try:
                done = await self._run_one()
                session = self._session
                # Alone in its transaction, a unit that fails rolls the transaction back; after
                # others, it rolls back to its savepoint and leaves their work to commit.
                savepoint = session.begin_nested() if self._waiting else None
                inside = _INSIDE.set(session)
                try:
                    yield InlineSession(session)
                    session.flush()
                    if self._doomed:
                        raise NotCommitted()
                except BaseException:
                    if savepoint is None:
                        self._abandon()
                    elif savepoint.is_active and not self._doomed:
                        savepoint.rollback()
                    raise
                finally:
                    _INSIDE.reset(inside)
                if savepoint is not None:
                    savepoint.commit()
                self._waiting.append(done)
            finally:
                if self._doomed:
                    self._doomed = False
                    self._abandon()
                elif self._waiting:
                    self._queue_commit()
        await self._committed(done)

    async def _committed(self, done: asyncio.Future) -> None:
        """Wait for the batch's commit. Cancelled before it (a deadline passed), the whole batch
        is rolled back, so that a member told "not recorded" was not recorded; its other units
        raise NotCommitted and are answered as failures, to be sent again. (Cancelled in the
        moment after it, the unit stays recorded: a member told otherwise who sends it again is
        told it is recorded already.)"""
        try:
            await asyncio.shield(done)
        except asyncio.CancelledError:
            if not done.done():
                self._abandon_batch(done)
            raise

    async def _run_one(self) -> asyncio.Future:
        """This unit's place in the batch, opening the transaction if none is open."""
        if self._session is None:
            self._session = await self._begin()
        return asyncio.get_running_loop().create_future()

    async def _begin(self) -> Session:
        """BEGIN IMMEDIATE, waiting (without blocking the loop) while another process writes."""
        give_up = time.monotonic() + self.begin_timeout
        pause = 0.001
        while True:
            session = Session(self.engine, expire_on_commit=False)
            try:
                self._notice_others(session.connection())
                return session
            except OperationalError as err:
                session.close()
                if "locked" not in str(err) or time.monotonic() > give_up:
                    raise
            await self.sleep(pause)
            pause = min(pause * 2, 0.05)

    def _notice_others(self, connection) -> None:
        """SQLite's data_version changes when another connection commits to the file."""
        version = connection.exec_driver_sql("PRAGMA data_version").scalar()
        if self._data_version is not None and version != self._data_version:
            for forget in self.changed_elsewhere:
                forget()
        self._data_version = version

    def _abandon_batch(self, mine: asyncio.Future) -> None:
        waiting, self._waiting = self._waiting, []
        if self._lock.locked():  # a unit is part-way: it joins the rollback when it ends
            self._doomed = True
        else:
            self._abandon()
        for other in waiting:
            if other is mine:
                other.cancel()
            elif not other.done():
                other.set_exception(NotCommitted())

    def _abandon(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            session.rollback()
            session.close()

    def _queue_commit(self) -> None:
        if not self._commit_queued:
            self._commit_queued = True
            asyncio.get_running_loop().call_soon(self._commit)

    def _commit(self) -> None:
        """Commit every unit finished since the last commit, and tell each of them how it went."""
        self._commit_queued = False
        if self._lock.locked() or self._session is None:
            return  # a unit is part-way; it queues the commit again when it ends
        waiting, self._waiting = self._waiting, []
        session, self._session = self._session, None
        try:
            session.commit()
        except Exception as err:  # noqa: BLE001 - each waiting unit raises it
            session.rollback()
            for done in waiting:
                if not done.done():
                    done.set_exception(err)
        else:
            for done in waiting:
                if not done.done():
                    done.set_result(None)
        finally:
            session.close()

    def dispose(self) -> None:
        self._abandon()
        self.engine.dispose()
