"""Engines, sessions and schema upgrades for SQLite (embedded) and PostgreSQL."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from storage import sqlite
from storage.writer import SqliteWriter

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).parent / "migrations"


class DatabaseUnavailable(Exception):
    """The database cannot be used as configured; the message says why."""


def refused_reference(err: IntegrityError) -> bool:
    """The database refused a row naming another that is not there (a foreign key)."""
    if getattr(err.orig, "sqlstate", None) == "23503":  # PostgreSQL's foreign_key_violation
        return True
    return "FOREIGN KEY constraint failed" in str(err.orig)  # SQLite's words


def normalise_url(url: str) -> str:
    """Accept the URLs hosting platforms hand out (`postgres://`, `postgresql://`)
    and plain SQLite file URLs, and pick the async driver for each."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url[len("sqlite:///") :]
    return url


def create_engine(url: str, **kwargs) -> AsyncEngine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and sqlite.on_disk(url):
        folder = Path(parsed.database).expanduser().resolve().parent
        if not folder.is_dir():  # say so plainly, before the driver fails obscurely
            raise DatabaseUnavailable(f"the folder for the SQLite file does not exist: {folder}")
    # Statement parameters carry member ids and text: keep them out of errors and logs.
    engine = create_async_engine(url, hide_parameters=True, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", sqlite.pragmas(busy_timeout_ms=10_000))  # a CLI may share it
        event.listen(engine.sync_engine, "begin", sqlite.begin)
    return engine


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _upgrade_on(connection) -> None:
    config = _alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _current_heads(connection) -> set[str]:
    return set(MigrationContext.configure(connection).get_current_heads())


async def upgrade(engine: AsyncEngine) -> bool:
    """Bring the schema to the newest migration. Returns whether anything ran."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    async with engine.connect() as conn:
        if await conn.run_sync(_current_heads) == {head}:
            return False
    async with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            # Two instances starting at once must not both run the migrations.
            await conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7263550001)")
        await conn.run_sync(_upgrade_on)
    log.info("database schema upgraded to %s", head)
    return True


async def _admin(url: str):
    import asyncpg

    parts = make_url(normalise_url(url))
    admin = await asyncpg.connect(
        host=parts.host,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        database="postgres",
        timeout=5,
    )
    return admin, parts


async def create_database_if_missing(url: str) -> bool:
    """Create a PostgreSQL database the URL names, if it is not there (tests, benchmarks)."""
    admin, parts = await _admin(url)
    try:
        if await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", parts.database):
            return False
        await admin.execute(f'CREATE DATABASE "{parts.database}"')
        return True
    finally:
        await admin.close()


async def drop_database(url: str) -> None:
    """Drop the PostgreSQL database the URL names (a test run's own), closing its connections."""
    admin, parts = await _admin(url)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{parts.database}" WITH (FORCE)')
    finally:
        await admin.close()


def describe(url: str) -> str:
    """The URL without its password (also one given as `?password=`), for messages and logs."""
    parsed = make_url(normalise_url(url))
    hidden = {k: "***" for k in parsed.query if "password" in k.lower()}
    return parsed.update_query_dict(hidden).render_as_string(hide_password=True)


def passwords(url: str) -> list[str]:
    """Every password the URL carries, so logs can be scrubbed of them."""
    parsed = make_url(normalise_url(url))
    found = [parsed.password] + [v for k, v in parsed.query.items() if "password" in k.lower()]
    return [p for p in found if p and isinstance(p, str)]


class Database:
    """One engine and its session factory."""

    def __init__(self, url: str, **engine_kwargs) -> None:
        self.url = normalise_url(url)
        self.engine = create_engine(self.url, **engine_kwargs)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False, class_=AsyncSession)
        # SQLite has one write lock: this process's writes go through one writer, which also
        # commits together the units that finish together. Reads use the engine's pool.
        self.writer = SqliteWriter(self.url) if self.dialect == "sqlite" and sqlite.on_disk(self.url) else None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    async def upgrade(self) -> bool:
        return await upgrade(self.engine)

    async def empty(self) -> None:
        """Remove every row, keeping the schema (tests and benchmarks on a shared PostgreSQL)."""
        from storage.models import Base

        tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
        async with self.engine.begin() as conn:
            await conn.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")

    async def dispose(self) -> None:
        if self.writer is not None:
            self.writer.dispose()
        await self.engine.dispose()

    async def __aenter__(self) -> Database:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.dispose()
