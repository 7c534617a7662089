"""The unit of work the core runs each event and staff action in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.lookups import Lookups
from storage.members import Members
from storage.owed import OwedMessages
from storage.posts import Posts
from storage.readings import Activity, Readouts
from storage.repositories import (
    Channels,
    Ideas,
    Reactions,
    Replies,
    ScheduledRuns,
    SeenEvents,
    Topics,
)
from storage.unmasked import Unmasked
from storage.votes import Votes


class Unit:
    """Repositories sharing one transaction: all of it commits, or none."""

    def __init__(self, session: AsyncSession, contents: dict | None = None) -> None:
        self.session = session
        self.topics = Topics(session, contents)
        self.members = Members(session)
        self.channels = Channels(session)
        self.posts = Posts(session)
        self.votes = Votes(session)
        self.reactions = Reactions(session)
        self.replies = Replies(session)
        self.ideas = Ideas(session)
        self.seen = SeenEvents(session)
        self.runs = ScheduledRuns(session)
        self.owed = OwedMessages(session)
        self.activity = Activity(session)
        self.readouts = Readouts(session)
        self.lookups = Lookups(session)
        self.unmasked = Unmasked(session)


class Store:
    def __init__(self, database: Database) -> None:
        self.database = database
        self.contents: dict = {}  # published topics' contents, by id (they never change)

    @asynccontextmanager
    async def unit(self) -> AsyncIterator[Unit]:
        """A unit that may write: it has committed when the block ends without an error."""
        writer = self.database.writer
        if writer is not None:  # SQLite: this process's one writer (storage/writer.py)
            async with writer.unit() as session:
                yield Unit(session, self.contents)
            return
        async with self.database.sessions() as session, session.begin():
            yield Unit(session, self.contents)

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[Unit]:
        """A unit that only reads (a tally, a summary, an export): on SQLite it takes no write lock
        and does not queue behind writers; anything it tries to write fails."""
        async with self.database.sessions() as session:
            await session.connection(execution_options={"reading": True})  # begins the transaction
            try:
                yield Unit(session, self.contents)
            finally:
                await session.rollback()  # it wrote nothing to keep
