"""The console workspace, driven as a person would: lines in, text out."""

import io
import json

from adapters.console import ConsoleAdapter
from bot.export import export
from bot.listening import Listening
from bot.runtime import Runtime
from storage import Database, Store
from tests.conftest import EXAMPLES, LONDON


class Person:
    """Types the given lines, one per prompt, then closes the terminal (EOF).
    Like a person, it reads what appeared before typing the next line."""

    def __init__(self, *lines: str) -> None:
        self.lines = list(lines)
        self.prompts: list[str] = []
        self.runtime: Runtime | None = None

    async def __call__(self, prompt: str) -> str | None:
        if self.runtime is not None:
            await self.runtime.settle()
        self.prompts.append(prompt)
        return self.lines.pop(0) if self.lines else None


async def session(url, clock, *lines) -> tuple[str, Person]:
    person, screen = Person(*lines), io.StringIO()
    async with Database(url) as database:
        store = Store(database)
        console = ConsoleAdapter(LONDON, read_line=person, out=screen, clock=clock)
        runtime = Runtime(
            Listening(store, clock, LONDON, EXAMPLES), [console], clock, sync_interval=None, tally_interval=0
        )
        person.runtime = runtime
        await runtime.serve()
    return screen.getvalue(), person


async def test_a_card_and_a_poll_run_through_to_an_export(sqlite_url, clock, tmp_path):
    screen, person = await session(
        sqlite_url,
        clock,
        "help",
        "staff",
        "help",
        "authored",
        "publish send-funding",
        'poll "Which should we raise first?" "SEND funding" "Teacher pay" "Inspection" --closes 3d',
        "member",
        "cards",
        "vote 1 agree",
        "vote 1 partly",
        "vote 2 2",
        "reply 1 Thanks for sharing. Our top-ups have not moved in three years.",
        "edit r1 Our top-ups have not moved in three years.",
        "react 1 👍",
        "/idea A shared SEND specialist for small trusts",
        "as bea",
        "vote 1 disagree",
        "reply 1 I'd lead with inclusion, then make the funding case.",
        "delete r2",
        "mine",
        "staff",
        "summary",
        "close 1",
        "member",
        "vote 1 agree",
        "quit",
    )
    assert "Type `help` for what you can do" in screen
    assert "Type `staff` for the policy team's commands." in screen
    assert "publish SLUG" in screen  # staff help appears once they are staff
    assert "send-funding · Fix high-needs funding" in screen
    assert "📣 New in #members  [1]" in screen and "📣 New in #members  [2]" in screen
    assert "Evidence: Strong claim" in screen
    assert "Thanks, your response to CARD-0001 is recorded: “Agree”." in screen
    assert "Changed your response to CARD-0001 from “Agree” to “Partly agree”." in screen
    assert "your response to POLL-0002 is recorded: “Teacher pay”" in screen
    assert "Replied in the thread of [1] as r1." in screen
    assert "IDEA-0001" in screen
    assert "reply on CARD-0001: (deleted)" in screen  # bea sees her own deleted reply, without its text
    assert "What we heard, 2026-W47" in screen and "CARD-0001: Too few responses to call (n = 2): " in screen
    assert "Closed CARD-0001 (n = 2)" in screen
    assert "🧵 In the thread of [1]:" in screen
    assert "CARD-0001 closed " in screen and "not recorded" in screen
    assert person.prompts[0] == "you@#members> " and "staff@#members> " in person.prompts

    async with Database(sqlite_url) as database:
        files = await export(Store(database), "json", tmp_path / "out", progress=False)
    votes = json.loads(files["votes"].read_text())
    assert sorted((v["topic"], v["option_label"]) for v in votes) == [
        ("CARD-0001", "Disagree"),
        ("CARD-0001", "Partly agree"),
        ("POLL-0002", "Teacher pay"),
    ]
    replies = json.loads(files["replies"].read_text())
    assert [(r["text"], r["edited"], r["deleted"]) for r in replies] == [
        ("Our top-ups have not moved in three years.", True, False),
        (None, False, True),
    ]
    assert [r["emoji"] for r in json.loads(files["reactions"].read_text())] == ["👍"]
    assert [i["ref"] for i in json.loads(files["ideas"].read_text())] == ["IDEA-0001"]
    everything = "".join(p.read_text() for p in files.values())
    assert '"you"' not in everything and '"bea"' not in everything  # members only as pseudonyms


async def test_open_cards_come_back_after_a_restart(sqlite_url, clock):
    await session(sqlite_url, clock, "staff", "publish teacher-recruitment", "quit")
    screen, _ = await session(sqlite_url, clock, "vote 1 1", "thread 1", "quit")
    assert "Open in #members  [1]" in screen
    assert "📣 New" not in screen  # not posted again
    assert "recorded: “Agree”" in screen


async def test_mistakes_get_help_not_tracebacks(sqlite_url, clock):
    screen, _ = await session(
        sqlite_url,
        clock,
        "staff",
        "publish send-funding",
        "member",
        "vote",
        "vote 9 agree",
        "vote 1 maybe",
        "vote 1 7",
        "reply 1",
        "edit r9 text",
        "react 1",
        "frobnicate",
        "publish nonsense",
        "staff",
        "publish nonsense",
        'poll "Unclosed A" "B',
        "as",
        "close 99",
        "vote 1 ²",
        "show 99999999999999999999",
        "show 3000000000",
        "as caf\udce9",
        "vote 1 9999999999999999999999",
    )
    for expected in (
        "Give the card's number, shown in [brackets]",
        "There is no card or poll [9] in #members",
        "“maybe” isn't one of the choices: 1 Agree; 2 Partly agree; 3 Disagree; 4 Not sure.",
        "Choose 1 to 4",
        "Write your reply after the number",
        "There is no reply 'r9' from this session",
        "Give one emoji",
        "I don't know `frobnicate`",
        "Sorry, `publish` is for the policy team.",
        "There is no authored card or poll called 'nonsense'",
        "A quote is left open",
        "Give one word as the name",
        "There is no card or poll '99'",
        "“²” isn't one of the choices",
        "There is no card or poll '99999999999999999999'",
        "There is no card or poll '3000000000'",
        "You are now “caf\ufffd”, a member.",
    ):
        assert expected in screen, expected
    assert "Traceback" not in screen and "went wrong" not in screen
    assert screen.rstrip().endswith("Bye. Everything you did is saved.")  # EOF ends the session cleanly


async def test_a_card_published_from_another_console_can_be_answered_here(sqlite_url, clock):
    async with Database(sqlite_url) as database:
        store = Store(database)
        screens, consoles, runtimes = [], [], []
        for _ in range(2):
            screen = io.StringIO()
            console = ConsoleAdapter(LONDON, read_line=Person(), out=screen, clock=clock)
            runtime = Runtime(Listening(store, clock, LONDON, EXAMPLES), [console], clock, sync_interval=None)
            await runtime.start()
            screens.append(screen), consoles.append(console), runtimes.append(runtime)
        await consoles[0].handle("staff")
        await consoles[0].handle("publish send-funding")
        await runtimes[0].settle()
        await runtimes[1].sync()  # the other process catches up
        await consoles[1].handle("vote 1 agree")
        for runtime in runtimes:
            await runtime.stop()
    assert "Open in #members  [1]" in screens[1].getvalue()
    assert "your response to CARD-0001 is recorded: “Agree”" in screens[1].getvalue()
