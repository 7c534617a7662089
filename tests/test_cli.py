"""`listening-bot` as an administrator uses it, in a fresh working directory."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from bot import logs
from bot.cli import main
from storage import Database
from tests.conftest import EXAMPLES, LONDON


@pytest.fixture
def workdir(tmp_path, monkeypatch, sqlite_url):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("CARDS_DIR", str(EXAMPLES))
    return tmp_path


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_publish_list_close_and_export(workdir, capsys):
    code, out, _ = run(
        capsys, "card", "publish", str(EXAMPLES / "send-funding.md"), str(EXAMPLES / "poll-cpd-priorities.md")
    )
    assert code == 0
    assert "Published CARD-0001 · Fix high-needs funding" in out and "Published POLL-0002" in out

    code, out, _ = run(capsys, "poll", "create", "Which first?", "Pay", "Workload", "--closes", "3d", "--hidden")
    assert code == 0 and "Published POLL-0003 · Which first?" in out and "Results are shown when it closes." in out

    code, out, _ = run(capsys, "card", "list")
    assert [line.split()[0] for line in out.splitlines()] == ["CARD-0001", "POLL-0002", "POLL-0003"]

    code, out, _ = run(capsys, "card", "close", "CARD-0001")
    assert code == 0 and out.startswith("Final result for CARD-0001")
    code, _, err = run(capsys, "card", "close", "CARD-0001")
    assert code == 1 and "CARD-0001 is already closed." in err
    code, out, _ = run(capsys, "card", "list")
    assert "CARD-0001" not in out
    code, out, _ = run(capsys, "card", "list", "--all")
    assert "CARD-0001  closed" in out

    code, out, _ = run(capsys, "export", "--format", "csv", "--out", "exported")
    assert code == 0
    assert sorted(p.name for p in (workdir / "exported").iterdir()) == [
        "cards.csv",
        "ideas.csv",
        "polls.csv",
        "reactions.csv",
        "replies.csv",
        "votes.csv",
    ]
    assert (workdir / "exported" / "polls.csv").read_text().count("\n") == 3  # header and two polls


def test_a_bad_file_publishes_nothing_and_says_why(workdir, capsys):
    bad = workdir / "bad.md"
    bad.write_text("---\ntitle: T\nevidence: vibes\nvalues: [Fairness]\nquestion: Q?\n---\nP")
    code, _, err = run(capsys, "card", "publish", str(EXAMPLES / "send-funding.md"), str(bad))
    assert code == 1
    assert f"{bad}: evidence: Input should be 'strong'" in err
    assert "Nothing was published." in err
    code, out, _ = run(capsys, "card", "list", "--all")
    assert out.strip() == "Nothing has been published yet."


def test_publishing_the_same_card_twice_is_refused(workdir, capsys):
    run(capsys, "card", "publish", str(EXAMPLES / "send-funding.md"))
    code, _, err = run(capsys, "card", "publish", str(EXAMPLES / "send-funding.md"))
    assert code == 1 and "already published as CARD-0001" in err


def test_unknown_ids_are_errors_not_tracebacks(workdir, capsys):
    code, _, err = run(capsys, "card", "close", "CARD-0099")
    assert code == 1 and "There is no card or poll 'CARD-0099'" in err
    code, _, err = run(capsys, "member", "show", "m-aaaaaaaaaa")
    assert code == 1 and "No member has the pseudonymous id 'm-aaaaaaaaaa'" in err


def usage_error(capsys, *argv) -> str:
    """Run a command line that must be refused as bad usage: exit status 2, nothing done."""
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    _, err = capsys.readouterr()
    assert exit_.value.code == 2, err
    assert err.startswith("usage: listening-bot ") and "Traceback" not in err
    return err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["summary", "--week", "banana"], "argument --week: 'banana' is not a week like 2026-W47"),
        (["summary", "--week", "2026-W60"], "argument --week: 2026 has no week 60"),
        (["summary", "--from", "16/11/2026"], "argument --from: '16/11/2026' is not a date like 2026-11-16"),
        (["summary", "--from", "2026-11-16", "--to", "soon"], "argument --to: 'soon' is not a date like 2026-11-16"),
        (["summary", "--to", "2026-11-30"], "--to needs --from"),
        (["summary", "--week", "2026-W47", "--to", "2026-11-30"], "--to goes with --from, not --week"),
        (["summary", "--from", "2026-11-30", "--to", "2026-11-16"], "--to 2026-11-16 is before --from 2026-11-30"),
        (["summary", "--from", "2999-01-01"], "--from 2999-01-01 is after today"),
        (["poll", "create", "Q?", "A", "B", "--closes", "soonish"], "argument --closes: can't read the time 'soonish'"),
        (["poll", "create", "Q?", "A", "B", "--publish", "tomorrow"], "argument --publish: can't read the time"),
        (["poll", "create", "Only one option?", "Yes"], "a single-choice poll needs 2 to 10 answers, got 1"),
        (["poll", "create", "Rate it", "A", "B", "--rating"], "a rating poll has the fixed answers 1-5"),
        (["poll", "create", "Q?", "A", "A"], "answers: options must all be different"),
        (
            ["poll", "create", "Q?", "A", "B", "--multiple", "--rating"],
            "argument --rating: not allowed with argument --multiple",
        ),
        (["member", "show", "bob"], "argument pseudonym: 'bob' is not a pseudonym like m-7xk2q9vw4p"),
        (["member", "erase", "m-7xk2q9", "--yes"], "argument pseudonym: 'm-7xk2q9' is not a pseudonym"),
        (["demo", "--members", "0"], "argument --members: '0' is not a whole number of at least 1"),
        (["demo", "--members", "many"], "argument --members: 'many' is not a whole number of at least 1"),
        (["export", "--format", "xml"], "argument --format: invalid choice: 'xml'"),
    ],
)
def test_a_malformed_argument_is_a_usage_error(workdir, capsys, monkeypatch, argv, message):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{workdir / 'untouched.db'}")
    err = usage_error(capsys, *argv)
    command = " ".join(argv[:2] if argv[0] in ("poll", "member") else argv[:1])
    assert f"listening-bot {command}: error: {message}" in err
    assert not (workdir / "untouched.db").exists()  # refused before the database was opened


def test_a_pseudonym_is_read_whatever_its_case_and_spaces(workdir, capsys):
    from bot.cli import build_parser

    assert build_parser().parse_args(["member", "show", " M-7XK2Q9VW4P "]).pseudonym == "m-7xk2q9vw4p"


def test_a_readable_time_out_of_range_is_refused_not_a_usage_error(workdir, capsys):
    code, _, err = run(capsys, "poll", "create", "When?", "A", "B", "--closes", "2001-01-01")
    assert code == 1 and "has already passed" in err


def test_config_shows_settings_with_the_password_masked(workdir, capsys, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://bot:s3cret-pass@db.example.org/listening")
    code, out, _ = run(capsys, "config")
    assert code == 0
    assert "postgresql+asyncpg://bot:***@db.example.org/listening" in out
    assert "s3cret-pass" not in out
    assert "TIMEZONE" in out and "Europe/London" in out


def test_settings_can_come_from_a_dotenv_file(workdir, capsys, monkeypatch):
    monkeypatch.delenv("DATABASE_URL")
    (workdir / ".env").write_text("TIMEZONE=Europe/Dublin\nDATABASE_URL=sqlite:///from-dotenv.db\n")
    code, out, _ = run(capsys, "config")
    assert "Europe/Dublin" in out and "from-dotenv.db" in out


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("TIMEZONE", "Mars/Olympus", "unknown time zone 'Mars/Olympus'"),
        ("DATABASE_URL", "foo", "not a database URL"),
        ("DATABASE_URL", "sqlite://", "name the SQLite file"),
        ("DATABASE_URL", "mysql://db/listening", "use SQLite or PostgreSQL, not mysql"),
        ("LOG_FILE", "/no/such/folder/bot.log", "the folder /no/such/folder does not exist"),
        ("SYNC_INTERVAL", "0", "Input should be greater than 0"),
        ("PORT", "70000", "Input should be less than or equal to 65535"),
    ],
)
def test_a_bad_setting_is_a_clear_error(workdir, capsys, monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    code, _, err = run(capsys, "config")
    assert code == 2 and f"setting {name}: {message}" in err


def test_db_upgrade_is_idempotent(workdir, capsys, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{workdir / 'fresh.db'}")
    assert "schema upgraded" in run(capsys, "db", "upgrade")[1]
    assert "schema already up to date" in run(capsys, "db", "upgrade")[1]


def test_demo_without_a_database_url_makes_a_fresh_file_that_export_can_read(workdir, capsys, monkeypatch):
    monkeypatch.delenv("DATABASE_URL")
    code, out, _ = run(capsys, "demo", "--members", "12")
    assert code == 0
    (db,) = workdir.glob("listening-demo-*.db")
    assert f"Demo database: sqlite+aiosqlite:///{db}" in out
    assert "redeliveries     6 of 6 ignored" in out
    hint = out.strip().splitlines()[-1].strip()
    assert hint == f"DATABASE_URL=sqlite:///{db} listening-bot export --format csv --out export/"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{db}")
    assert run(capsys, "export", "--format", "json", "--out", "export")[0] == 0
    replies = json.loads((workdir / "export" / "replies.json").read_text())
    assert len(replies) > 50 and sum(r["deleted"] for r in replies) == 2
    assert all(r["text"] is None for r in replies if r["deleted"])
    assert sum(r["edited"] for r in replies) == 3


def test_python_dash_m_bot_is_the_same_command():
    result = subprocess.run([sys.executable, "-m", "bot", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "card" in result.stdout and "demo" in result.stdout


def test_logs_never_contain_a_secret(tmp_path):
    path = tmp_path / "bot.log"
    logs.configure("INFO", ["xoxb-very-secret-token"], path)
    logging.getLogger("bot.test").info("calling Slack with %s", "xoxb-very-secret-token")
    logging.getLogger("bot.test").info("one line per event")
    text = path.read_text()
    assert "xoxb-very-secret-token" not in text and "calling Slack with ********" in text
    assert len(text.strip().splitlines()) == 2


def test_an_unreachable_database_is_a_clear_error(workdir, capsys, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{workdir / 'no' / 'such' / 'folder.db'}")
    code, _, err = run(capsys, "card", "list")
    assert code == 1
    assert err.startswith("listening-bot: cannot use the database sqlite+aiosqlite:///")
    assert f"the folder for the SQLite file does not exist: {workdir / 'no' / 'such'}" in err


def test_the_console_tells_a_first_time_user_how_to_begin(workdir, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("quit\n"))
    code, out, _ = run(capsys, "run")
    assert code == 0
    assert "Nothing is open yet: type `staff`, then `authored`" in out
    assert out.rstrip().endswith("Bye. Everything you did is saved.")


def test_a_password_in_the_query_string_is_masked_too(workdir, capsys, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://bot@db.example.org/listening?password=qs-secret-1")
    code, out, _ = run(capsys, "config")
    assert "qs-secret-1" not in out
    assert "postgresql+asyncpg://bot@db.example.org/listening?password=%2A%2A%2A" in out


def test_tracebacks_in_logs_are_scrubbed_of_secrets(tmp_path):
    path = tmp_path / "bot.log"
    logs.configure("INFO", ["hunter2-secret"], path)
    try:
        raise RuntimeError("connect failed for postgresql://bot:hunter2-secret@db/x")
    except RuntimeError:
        logging.getLogger("bot.test").exception("database trouble")
    text = path.read_text()
    assert "hunter2-secret" not in text and "RuntimeError: connect failed for postgresql://bot:********@db/x" in text


def test_csv_cells_that_a_spreadsheet_would_run_are_defused(workdir, capsys):
    from bot.cli import main as cli

    run(capsys, "poll", "create", '=HYPERLINK("http://x")', "A", "B")
    assert cli(["export", "--format", "csv", "--out", "out"]) == 0
    assert "'=HYPERLINK" in (workdir / "out" / "polls.csv").read_text()
    assert cli(["export", "--format", "json", "--out", "out-json"]) == 0
    assert '"title": "=HYPERLINK' in (workdir / "out-json" / "polls.json").read_text()  # JSON stays exact


def test_exporting_onto_a_file_is_a_clear_error(workdir, capsys):
    (workdir / "taken").write_text("not a folder")
    code, _, err = run(capsys, "export", "--out", "taken")
    assert code == 1 and err.strip() == f"listening-bot: --out must be a folder; {Path('taken')} is a file"


def test_slack_without_a_mode_is_a_clear_error(workdir, capsys, monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-123")
    code, _, err = run(capsys, "config")
    assert code == 2
    assert "settings: SLACK_BOT_TOKEN is set, so also set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET" in err
    assert "xoxb-123" not in err


def test_the_demo_simulates_the_last_whole_week_whatever_day_it_runs():
    from datetime import datetime, timedelta

    from bot.demo import simulated_week

    monday = datetime(2026, 11, 30, 7, 30, tzinfo=LONDON)
    for day in range(7):
        week = simulated_week(monday + timedelta(days=day, hours=day * 2), LONDON)
        assert week.label == "2026-W48" and week.start == datetime(2026, 11, 23, tzinfo=LONDON)


async def test_the_demo_summary_covers_every_reply_of_its_week_even_on_a_monday_morning(workdir, capsys):
    from datetime import datetime

    from bot.demo import run_demo
    from bot.settings import Settings

    today = "2026-11-30T07:30:00+00:00"  # when the old demo covered 9 of 74 replies
    settings = Settings(database_url=os.environ["DATABASE_URL"], cards_dir=EXAMPLES)
    assert await run_demo(settings, members=12, progress=False, today=datetime.fromisoformat(today)) == 0
    out = capsys.readouterr().out
    assert "The simulated week's summary (2026-W48, what we heard)" in out
    summary = json.loads((workdir / "demo-summary" / "summary.json").read_text())
    async with Database(settings.database_url) as database, database.engine.connect() as conn:
        kept = (await conn.execute(text("SELECT count(*) FROM replies WHERE deleted_at IS NULL"))).scalar_one()
        votes = (await conn.execute(text("SELECT count(*) FROM votes"))).scalar_one()
    assert sum(t["replies"] for t in summary["topics"]) == kept > 50  # every reply of the week, not a few days'
    assert next(h for h in summary["headlines"] if h["name"] == "votes")["this_period"] == votes
