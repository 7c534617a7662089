"""Fixtures: a fresh database per test on SQLite and on PostgreSQL, a movable clock,
and the core wired to memory adapters."""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from adapters.memory import MemoryAdapter
from bot.listening import Listening
from bot.runtime import Runtime
from storage import Database, Store
from storage.database import create_database_if_missing, drop_database
from tests.clock import FakeClock

LONDON = ZoneInfo("Europe/London")
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SERVER_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/listening_bot_test")
# Every run gets a database of its own, so two runs at once cannot see each other's rows.
POSTGRES_URL = f"{SERVER_URL}_{os.getpid()}_{secrets.token_hex(3)}"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


async def _prepare_postgres(url: str) -> None:
    await create_database_if_missing(url)
    async with Database(url) as database:
        await database.upgrade()


@pytest.fixture(scope="session")
def postgres_url():
    try:
        asyncio.run(_prepare_postgres(POSTGRES_URL))
    except (OSError, asyncio.TimeoutError, Exception) as err:  # noqa: BLE001 - any failure means "no server"
        message = f"PostgreSQL not available at {SERVER_URL}: {err!r}"
        if IN_CI:
            pytest.fail(message + " (CI=true: PostgreSQL tests must run)")
        pytest.skip(message)
    yield POSTGRES_URL
    asyncio.run(drop_database(POSTGRES_URL))


@pytest.fixture(scope="session", autouse=True)
def _masking_model_loaded():
    """Load the masking model once, before any test: as `open_app` does before a bot answers,
    so no test's answer budget pays for it."""
    from bot.privacy import warm

    warm()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"

    async def migrate() -> None:
        async with Database(f"sqlite+aiosqlite:///{path}") as database:
            await database.upgrade()

    asyncio.run(migrate())
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path) -> str:
    """A freshly migrated, empty database of each kind."""
    if request.param == "sqlite":
        path = tmp_path / "listening.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite+aiosqlite:///{path}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def sqlite_url(tmp_path, sqlite_template) -> str:
    path = tmp_path / "listening.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture
async def database(database_url):
    async with Database(database_url) as db:
        if db.dialect == "postgresql":
            await db.empty()
        yield db


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(database) -> Store:
    return Store(database)


@pytest.fixture
def listening(store, clock) -> Listening:
    return Listening(store, clock, LONDON, EXAMPLES)


@pytest.fixture
def platform(clock) -> MemoryAdapter:
    return MemoryAdapter("slackish", clock=clock, member_channels=("C-members", "C-more"))


@pytest.fixture
async def running(listening, platform, clock):
    """The bot running with one in-memory platform (two member channels)."""
    runtime = Runtime(listening, [platform], clock, sync_interval=None, tally_interval=0)
    await runtime.start()
    yield runtime
    await runtime.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI a skipped PostgreSQL test is a failure, whatever skipped it."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and "postgres" in item.keywords:
        report.outcome = "failed"
        report.longrepr = f"{item.nodeid}: skipped under CI=true, but PostgreSQL tests must run"


@pytest.fixture(autouse=True)
def _forget_the_bots_log_handler():
    """`main()` installs a handler on the captured stderr of the test that called it."""
    yield
    import logging

    from bot import logs

    root = logging.getLogger()
    for handler in [h for h in root.handlers if h.get_name() == logs.HANDLER_NAME]:
        root.removeHandler(handler)
        handler.close()


@pytest.fixture
async def fake_slack():
    """A fake Slack on 127.0.0.1 (tests/slack/fake_slack.py)."""
    from tests.slack.fake_slack import FakeSlack

    fake = FakeSlack()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def fake_discord(monkeypatch):
    """A fake Discord gateway and REST API on 127.0.0.1, with discord.py pointed at it."""
    import discord
    import yarl

    from tests.discord.fake_discord import FakeDiscord

    fake = FakeDiscord()
    await fake.start()
    monkeypatch.setattr(discord.http.Route, "BASE", fake.rest_url)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url))
    yield fake
    await fake.stop()
