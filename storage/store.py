"""The unit of work the core runs each event and staff action in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.members import StaleReference
from storage.database import Database, refused_reference
from storage.known import Known, Learned
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

    def __init__(self, session: AsyncSession, learned: Learned) -> None:
        self.session = session
        self.learned = learned
        self.topics = Topics(session, self.learned)
        self.members = Members(session, self.learned)
        self.channels = Channels(session)
        self.posts = Posts(session, self.learned)
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
        self.known = Known()  # members, posts and contents read once (storage/known.py)
        if database.writer is not None:
            database.writer.changed_elsewhere.append(self.known.forget)

    @asynccontextmanager
    async def unit(self) -> AsyncIterator[Unit]:
        """A unit that may write: it has committed when the block ends without an error.

        Raises StaleReference (caused by the IntegrityError) if the database refused a row naming
        one that is not there, such as a member this process remembered and another erased a
        moment ago: what it remembered is forgotten, and the event can be handled again."""
        learned = Learned(self.known)
        try:
            writer = self.database.writer
            if writer is not None:  # SQLite: this process's one writer (storage/writer.py)
                async with writer.unit() as session:
                    yield Unit(session, learned)
            else:
                async with self.database.sessions() as session, session.begin():
                    yield Unit(session, learned)
        except IntegrityError as err:
            if not refused_reference(err):
                raise
            self.known.forget()
            raise StaleReference() from err
        learned.keep()

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[Unit]:
        """A unit that only reads (a tally, a summary, an export): on SQLite it takes no write lock
        and does not queue behind writers; anything it tries to write fails."""
        learned = Learned(self.known)
        async with self.database.sessions() as session:
            await session.connection(execution_options={"reading": True})  # begins the transaction
            try:
                yield Unit(session, learned)
            finally:
                await session.rollback()  # it wrote nothing to keep
        learned.keep()
