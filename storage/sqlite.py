"""How every SQLite connection of the bot is set up, and how its transactions begin."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.engine import make_url


def on_disk(url: str) -> bool:
    """A SQLite URL naming a file (not `:memory:`)."""
    return make_url(url).database not in (None, "", ":memory:")


def pragmas(busy_timeout_ms: int) -> Callable:
    """The `connect` listener: foreign keys on, WAL, and how long to wait for another writer
    (the pool's readers wait; the one writer waits without blocking the loop, so not at all)."""

    def set_up(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (see `begin`).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")  # SQLite ignores foreign keys unless asked
        cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    return set_up


def begin(connection) -> None:
    """The `begin` listener. A writing transaction takes the write lock up front: one that reads
    and then writes could fail at once with "database is locked" instead of waiting. A unit
    that only reads (`Store.reading`) begins deferred: under WAL it never waits for the writer."""
    if connection.get_execution_options().get("reading"):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
