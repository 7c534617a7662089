"""Alembic environment. The application hands in its own connection
(`config.attributes["connection"]`); the `alembic` command line makes one from
`DATABASE_URL`."""

import asyncio
import os

from alembic import context

from storage.database import create_engine
from storage.models import Base

target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_from_url() -> None:
    engine = create_engine(os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///listening.db"))
    async with engine.begin() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    asyncio.run(_run_from_url())
