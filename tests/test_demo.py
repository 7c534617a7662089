"""`listening-bot demo` is safe to run: never into a database that holds data unless asked,
as often as you like, and from any folder (the example cards ship with the package)."""

import asyncio
import io
import sqlite3
import tomllib
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.authoring import library
from bot.cli import main
from bot.settings import SHIPPED_EXAMPLES, Settings
from storage import Database
from storage.models import Base
from tests.conftest import EXAMPLES, LONDON

ROOT = Path(__file__).resolve().parent.parent
MONDAY = datetime(2026, 11, 30, 7, 30, tzinfo=timezone.utc)


class FrozenDatetime(datetime):
    """The demo's wall clock (its file name and its "today"), fixed so runs are repeatable."""

    @classmethod
    def now(cls, tz=None):
        return MONDAY.astimezone(tz) if tz else MONDAY.replace(tzinfo=None)


@pytest.fixture
def here(tmp_path, monkeypatch):
    """A folder that is not the repository: no examples/, no .env, no CARDS_DIR."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CARDS_DIR", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr("bot.demo.datetime", FrozenDatetime)
    return tmp_path


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def url(here, database_url, monkeypatch) -> str:
    """DATABASE_URL: an empty, migrated database (SQLite, and PostgreSQL)."""

    async def empty() -> None:
        async with Database(database_url) as database:
            if database.dialect == "postgresql":
                await database.empty()

    asyncio.run(empty())
    monkeypatch.setenv("DATABASE_URL", database_url)
    return database_url


def rows(url: str) -> dict[str, int]:
    async def count() -> dict[str, int]:
        async with Database(url) as database, database.engine.connect() as conn:
            return {
                t.name: (await conn.execute(select(func.count()).select_from(t))).scalar_one()
                for t in Base.metadata.sorted_tables
            }

    return asyncio.run(count())


def recorded(out: str, name: str) -> int:
    (line,) = [line for line in out.splitlines() if line.strip().startswith(name + "  ")]
    return int(line.split()[-1])


def assert_clean(err: str) -> None:
    assert "Traceback" not in err and "ERROR" not in err, err


def test_the_demo_refuses_a_database_that_holds_data_and_writes_nothing(here, url, capsys):
    assert run(capsys, "card", "publish", str(EXAMPLES / "send-funding.md"))[0] == 0
    before = rows(url)

    code, out, err = run(capsys, "demo", "--members", "5")
    assert code == 1
    assert err.startswith("listening-bot: the database ") and "already holds data (" in err and "topics" in err
    assert "Unset DATABASE_URL" in err and "--into-existing-database" in err and "Nothing was written." in err
    assert "Demo database" not in out
    assert rows(url) == before
    assert not (here / "demo-summary").exists() and not list(here.glob("listening-demo-*"))


def test_another_applications_data_counts_too(here, capsys, monkeypatch):
    other = here / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.close()
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{other}")
    code, _, err = run(capsys, "demo", "--members", "4")
    assert code == 1 and "already holds data (notes)" in err
    with sqlite3.connect(other) as conn:
        assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("notes",)]  # no schema added
    conn.close()


def test_the_flag_adds_the_demo_to_a_database_that_holds_data(here, url, capsys):
    run(capsys, "card", "publish", str(EXAMPLES / "send-funding.md"))
    code, out, err = run(capsys, "demo", "--members", "5", "--into-existing-database")
    assert code == 0, err
    assert_clean(err)
    assert recorded(out, "cards and polls") == 5  # the card already there is used, not published twice
    assert recorded(out, "participants") == 5 and recorded(out, "votes") > 0
    assert rows(url)["votes"] == recorded(out, "votes")


def test_the_demo_runs_twice_on_the_same_database(here, sqlite_url, capsys, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)  # PostgreSQL: test_the_flag_adds_the_demo_…
    code, first, err = run(capsys, "demo", "--members", "6")  # an empty database needs no flag
    assert code == 0, err

    code, _, err = run(capsys, "demo", "--members", "6")
    assert code == 1 and "already holds data" in err  # its own earlier data counts too

    code, second, err = run(capsys, "demo", "--members", "6", "--into-existing-database")
    assert code == 0, err
    assert_clean(err)
    assert recorded(second, "participants") == 2 * recorded(first, "participants") == 12  # new members
    assert recorded(second, "votes") > recorded(first, "votes")
    assert "redeliveries     6 of 6 ignored" in second
    assert recorded(second, "cards and polls") == 5  # the examples once, whatever the number of runs
    assert (here / "demo-summary" / "summary.json").is_file()


def test_from_any_folder_without_a_database_url_each_run_gets_a_fresh_file_and_the_shipped_cards(here, capsys):
    assert not (here / "examples").exists()
    for _ in range(2):  # the same second (the clock is frozen): still two files
        code, out, err = run(capsys, "demo", "--members", "4")
        assert code == 0, err
        assert_clean(err)
        assert recorded(out, "participants") == 4
        assert recorded(out, "cards and polls") == 5 and "Fix high-needs funding" in out  # the shipped examples
    assert sorted(p.name for p in here.glob("listening-demo-*.db")) == [
        "listening-demo-20261130-073000-2.db",
        "listening-demo-20261130-073000.db",
    ]
    assert not (here / "listening.db").exists()  # the default database is never touched
    assert "The simulated week's summary (2026-W48, what we heard)" in out  # today is frozen on a Monday


def test_an_empty_cards_folder_is_a_clear_error_and_writes_nothing(here, capsys, monkeypatch):
    (here / "cards").mkdir()
    monkeypatch.setenv("CARDS_DIR", str(here / "cards"))
    code, _, err = run(capsys, "demo")
    assert code == 1 and "no cards or polls found in" in err
    assert sorted(p.name for p in here.iterdir()) == ["cards"]


def test_the_bot_too_reads_the_shipped_cards_when_there_is_no_examples_folder(here, capsys, monkeypatch):
    assert Settings().cards_dir == SHIPPED_EXAMPLES
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{here / 'bot.db'}")
    monkeypatch.setattr("sys.stdin", io.StringIO("staff\nauthored\nquit\n"))
    code, out, _ = run(capsys, "run")
    assert code == 0 and "send-funding" in out and "poll-cpd-priorities" in out


def test_an_examples_folder_here_still_comes_first(here):
    (here / "examples").mkdir()
    assert Settings().cards_dir == Path("examples")


def test_the_examples_have_one_home_inside_the_package_and_are_packaged():
    assert SHIPPED_EXAMPLES == ROOT / "bot" / "examples" and SHIPPED_EXAMPLES.is_dir()
    assert (ROOT / "examples").resolve() == SHIPPED_EXAMPLES  # examples/ is that folder, not a copy
    found, broken = library(SHIPPED_EXAMPLES, LONDON)
    assert broken == [] and len(found) == 5
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "examples/*.md" in config["package-data"]["bot"]
    assert any("bot" in pattern for pattern in config["packages"]["find"]["include"])
