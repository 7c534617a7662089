"""The console workspace, driven as a person would: lines in, and what the screen shows out.

A `Terminal` is the person's screen and keyboard. Typed interactively, a line goes in only
once the prompt is showing, and the test reads what appeared. Piped, every line is there at
once and nothing waits for the bot, as with `printf '…' | listening-bot run`: the console
itself must finish each command before it reads the next.
"""

from __future__ import annotations

import asyncio
import io
import json
from contextlib import asynccontextmanager

from adapters.console import ConsoleAdapter
from bot.authoring import load
from bot.cli import main
from bot.export import export
from bot.listening import Listening
from bot.runtime import Runtime
from storage import Database, Store
from storage.exports import datasets
from tests.conftest import EXAMPLES, LONDON

PROMPT = "you@#members> "
BYE = "Bye. Everything you did is saved."


class Terminal:
    """What the person sees (`screen`, prompts included) and types (`lines`).

    `echo`: show typed lines, as a terminal does (a pipe does not). `yields`: other tasks
    get 0, 1, … up to that many turns before each line is handed over, to vary the timing."""

    def __init__(self, piped: tuple[str, ...] | None = None, *, echo: bool = True, yields: int = 0) -> None:
        self.screen = io.StringIO()
        self.echo = echo
        self.yields = yields
        self.lines: asyncio.Queue[str | None] = asyncio.Queue()
        self.prompted = asyncio.Event()
        self.prompts: list[str] = []
        if piped is not None:
            for line in piped:
                self.lines.put_nowait(line)
            self.lines.put_nowait(None)  # the end of the pipe

    async def read_line(self, prompt: str) -> str | None:
        self.screen.write(prompt)  # as `input(prompt)` does
        self.prompts.append(prompt)
        self.prompted.set()
        line = await self.lines.get()
        for _ in range(len(self.prompts) % (self.yields + 1)):
            await asyncio.sleep(0)  # not a pause: only lets other tasks take a turn
        self.prompted.clear()
        if line is not None and self.echo:
            self.screen.write(line + "\n")
        return line

    def shown(self) -> str:
        return self.screen.getvalue()

    async def until_prompt(self) -> None:
        await asyncio.wait_for(self.prompted.wait(), 5)

    async def type(self, line: str) -> str:
        """Type a line at the prompt; what appeared until the prompt came back."""
        await self.until_prompt()
        start = len(self.shown())
        self.prompted.clear()
        self.lines.put_nowait(line)
        await self.until_prompt()
        return self.shown()[start:]

    def close(self) -> None:
        self.lines.put_nowait(None)  # Ctrl-D


def _runtime(store: Store, clock, console: ConsoleAdapter, **kwargs) -> Runtime:
    runtime = Runtime(
        Listening(store, clock, LONDON, EXAMPLES), [console], clock, sync_interval=None, tally_interval=0, **kwargs
    )
    if runtime.schedule is not None:
        runtime.schedule.ring = False  # no alarm clock: the test says when time has passed
    return runtime


async def piped(url: str, clock, *lines: str, yields: int = 0) -> str:
    """`printf 'line\\n…' | listening-bot run`, in-process: the screen at the end."""
    terminal = Terminal(lines, echo=False, yields=yields)
    async with Database(url) as database:
        console = ConsoleAdapter(LONDON, read_line=terminal.read_line, out=terminal.screen, clock=clock)
        await asyncio.wait_for(_runtime(Store(database), clock, console).serve(), 10)
    return terminal.shown()


@asynccontextmanager
async def at_the_terminal(url: str, clock, **kwargs):
    """The bot running with a person at its console; Ctrl-D at the end."""
    terminal = Terminal()
    async with Database(url) as database:
        store = Store(database)
        console = ConsoleAdapter(LONDON, read_line=terminal.read_line, out=terminal.screen, clock=clock)
        runtime = _runtime(store, clock, console, **kwargs)
        serving = asyncio.create_task(runtime.serve())
        try:
            await terminal.until_prompt()
            yield terminal, runtime, store
        finally:
            terminal.close()
            await asyncio.wait_for(serving, 10)


async def exported(url: str, tmp_path) -> dict[str, list]:
    async with Database(url) as database:
        files = await export(Store(database), "json", tmp_path / "out", tables=datasets(), progress=False)
    return {name: json.loads(path.read_text()) for name, path in files.items() if path.suffix == ".json"}


def in_order(screen: str, *parts: str) -> None:
    at = 0
    for part in parts:
        found = screen.find(part, at)
        assert found >= 0, f"{part!r} not shown after position {at}:\n{screen[at:]}"
        at = found + len(part)


# -- a whole session ---------------------------------------------------------------


async def test_a_card_and_a_poll_run_through_to_an_export(sqlite_url, clock, tmp_path):
    async with at_the_terminal(sqlite_url, clock) as (term, _runtime, _store):
        assert "Type `staff` for the policy team's commands." in await term.type("help")
        assert "As the policy team" not in term.shown()
        await term.type("staff")
        assert "As the policy team (after `staff`):" in await term.type("help")  # staff help once they are staff
        assert "send-funding · Fix high-needs funding" in await term.type("authored")
        shown = await term.type("publish send-funding")
        in_order(
            shown, "↳ Published CARD-0001", "📣 New in #members  [1]", "Evidence: Strong claim", "staff@#members> "
        )
        shown = await term.type(
            'poll "Which should we raise first?" "SEND funding" "Teacher pay" "Inspection" --closes 3d'
        )
        assert "📣 New in #members  [2]" in shown
        assert (await term.type("member")).splitlines()[-1] == PROMPT
        assert "CARD-0001" in await term.type("cards")
        assert "Thanks, your response to CARD-0001 is recorded: “Agree”." in await term.type("vote 1 agree")
        assert "from “Agree” to “Partly agree”." in await term.type("vote 1 partly")
        assert "your response to POLL-0002 is recorded: “Teacher pay”" in await term.type("vote 2 2")
        shown = await term.type("reply 1 Thanks for sharing. Our top-ups have not moved in three years.")
        assert "↳ Replied in the thread of [1] as r1 (REPLY-0001 in exports). (`edit r1 …` or `delete r1`)" in shown
        assert "↳ Edited r1." in await term.type("edit r1 Our top-ups have not moved in three years.")
        assert "↳ Reacted 👍 on [1]." in await term.type("react 1 👍")
        assert "IDEA-0001" in await term.type("/idea A shared SEND specialist for small trusts")
        await term.type("as bea")
        assert "bea@#members> " in term.prompts
        await term.type("vote 1 disagree")
        assert "as r2 " in await term.type("reply 1 I'd lead with inclusion, then make the funding case.")
        assert "↳ Deleted r2" in await term.type("delete r2")
        assert "reply on CARD-0001: (deleted)" in await term.type("mine")  # her deleted reply, without its text
        await term.type("staff")
        shown = await term.type("summary")
        assert "What we heard, 2026-W47" in shown and "CARD-0001: Too few responses to call (n = 2): " in shown
        in_order(await term.type("close 1"), "Closed CARD-0001 (n = 2)", "🧵 In the thread of [1]:")
        await term.type("member")
        shown = await term.type("vote 1 agree")
        assert "CARD-0001 closed " in shown and "not recorded" in shown
    assert term.prompts[0] == PROMPT
    assert term.shown().rstrip().endswith(BYE)  # Ctrl-D ends the session cleanly

    data = await exported(sqlite_url, tmp_path)
    assert sorted((v["topic"], v["option_label"]) for v in data["votes"]) == [
        ("CARD-0001", "Disagree"),
        ("CARD-0001", "Partly agree"),
        ("POLL-0002", "Teacher pay"),
    ]
    assert [(r["ref"], r["text"], r["edited"], r["deleted"]) for r in data["replies"]] == [
        ("REPLY-0001", "Our top-ups have not moved in three years.", True, False),
        ("REPLY-0002", None, False, True),
    ]
    assert [r["emoji"] for r in data["reactions"]] == ["👍"]
    assert [i["ref"] for i in data["ideas"]] == ["IDEA-0001"]
    everything = json.dumps(data)
    assert '"you"' not in everything and '"bea"' not in everything  # members only as pseudonyms


# -- threads and reply numbers -----------------------------------------------------


async def test_a_thread_lists_its_replies_with_their_numbers(sqlite_url, clock):
    async with at_the_terminal(sqlite_url, clock) as (term, _runtime, _store):
        await term.type("staff")
        await term.type("publish send-funding")
        await term.type("member")
        assert "The thread of [1] is empty so far. `reply 1 …` to start it." in await term.type("thread 1")
        await term.type("reply 1 First, the deficits.")
        clock.advance(minutes=1)
        await term.type("as bea")
        await term.type("reply 1 Then the notional budget, and local planning.")
        clock.advance(minutes=1)
        await term.type("edit r2 Then the notional budget.")
        await term.type("reply 1 A third point, soon gone.")
        await term.type("delete r3")
        shown = await term.type("thread 1")
        await term.type("staff")
        clock.advance(minutes=1)
        await term.type("close 1")
        after_close = await term.type("thread 1")
    assert shown.splitlines()[1:-1] == [  # between the typed line and the next prompt
        "  Thread of [1] · Fix high-needs funding before asking mainstream schools to do more on inclusion",
        "    you (r1): First, the deficits.",
        "    bea (r2, edited): Then the notional budget.",
    ]
    assert "r3" not in shown  # deleted
    in_order(after_close, "you (r1): First", "bea (r2, edited)", "bot: Final result for CARD-0001")
    assert "TypeError" not in term.shown() and "went wrong" not in term.shown()


async def test_replies_can_be_edited_and_deleted_after_a_restart(sqlite_url, clock, tmp_path):
    first = await piped(
        sqlite_url,
        clock,
        "staff",
        "publish send-funding",
        "member",
        "reply 1 Our top-ups have not moved.",
        "as bea",
        "reply 1 I'd lead with inclusion.",
    )
    assert "as r1 (REPLY-0001 in exports)" in first and "as r2 (REPLY-0002 in exports)" in first

    clock.advance(hours=1)
    second = await piped(  # a new process on the same SQLite file: nothing in memory from the first
        sqlite_url,
        clock,
        "thread 1",
        "edit r1 Our top-ups have not moved in three years.",
        "delete r2",
        "as bea",
        "edit r1 Not mine to change.",
        "delete r1",
        "delete r2",
        "delete r2",
        "edit REPLY-0002 back again?",
        "as you",
        "thread 1",
    )
    in_order(
        second,
        "Open in #members  [1]",
        "you (r1): Our top-ups have not moved.\n",
        "bea (r2): I'd lead with inclusion.",
        "↳ Edited r1.",
        "! r2 was written by “bea”; only its author can change it.",
        "! r1 was written by “you”; only its author can change it.",
        "! r1 was written by “you”; only its author can change it.",
        "↳ Deleted r2; it is no longer counted anywhere.",
        "! r2 was deleted, so there is nothing to change.",
        "! r2 was deleted, so there is nothing to change.",
        "you (r1, edited): Our top-ups have not moved in three years.",
    )
    assert "I'd lead with inclusion" not in second.split("You are now “you”")[-1]

    data = await exported(sqlite_url, tmp_path)
    assert [(r["ref"], r["text"], r["edited"], r["deleted"]) for r in data["replies"]] == [
        ("REPLY-0001", "Our top-ups have not moved in three years.", True, False),
        ("REPLY-0002", None, False, True),
    ]


# -- output that arrives on its own ------------------------------------------------


async def test_the_prompt_comes_back_after_output_that_arrives_on_its_own(sqlite_url, clock, monkeypatch):
    monkeypatch.setattr("bot.schedule.bar_chart", lambda item: b"")  # a console shows no charts; drawing takes seconds
    async with at_the_terminal(sqlite_url, clock, summary_at="0 15 * * fri") as (term, runtime, store):
        waiting = len(term.shown())
        # Published from the command line (another process); this one catches up.
        await Listening(store, clock, LONDON, EXAMPLES).team.publish_all([load(EXAMPLES / "send-funding.md", LONDON)])
        await runtime.sync()
        arrived = term.shown()[waiting:]
        in_order(arrived, "📣 New in #members  [1]", "→ vote 1 <choice>")
        assert arrived.endswith("\n" + PROMPT)  # the person can see they can type
        assert "recorded: “Agree”" in await term.type("vote 1 agree")

        await term.type("staff")
        await term.type('poll "Which first?" "Pay" "Workload" --closes 1d')
        await term.type("member")
        clock.advance(days=2)  # the poll's closing time passes
        waiting = len(term.shown())
        await runtime.sync()
        arrived = term.shown()[waiting:]
        in_order(arrived, "🧵 In the thread of [2]:", "Final result for POLL-0002")
        assert arrived.endswith("\n" + PROMPT)

        clock.advance(days=3)  # past Friday 15:00: the weekly summary is due
        waiting = len(term.shown())
        await runtime.schedule.catch_up()  # what the alarm runs
        arrived = term.shown()[waiting:]
        in_order(arrived, "#staff:", "# What we heard: 2026-W47")
        assert arrived.endswith("\n" + PROMPT)
        assert "↳ Reacted" in await term.type("react 1 👍")  # and typing still works


# -- piped input -------------------------------------------------------------------

QUICK = (
    "staff",
    "publish send-funding",
    "member",
    "vote 1 2",
    "reply 1 Straight after the card.",
    "edit r1 Straight after the card, edited.",
    "react 1 👍",
    "thread 1",
    "staff",
    "close 1",
)


async def test_piped_commands_each_take_effect_before_the_next(sqlite_url, clock, tmp_path):
    screen = await piped(sqlite_url, clock, *QUICK)
    in_order(
        screen,
        "📣 New in #members  [1]",
        "recorded: “Partly agree”",
        "as r1 ",
        "↳ Edited r1.",
        "↳ Reacted 👍 on [1].",
        "you (r1, edited): Straight after the card, edited.",
        "Closed CARD-0001 (n = 1)",
        "🧵 In the thread of [1]:",  # posted before the end of the input ends the session
        BYE,
    )
    assert " ! " not in screen, screen
    assert screen.rstrip().endswith(BYE)
    data = await exported(sqlite_url, tmp_path)
    assert [v["option_label"] for v in data["votes"]] == ["Partly agree"]
    assert [r["text"] for r in data["replies"]] == ["Straight after the card, edited."]


async def test_a_vote_straight_after_publish_counts_every_time(sqlite_url, clock, tmp_path):
    """`publish` then `vote` at once, 20 times over, each line handed over after a different
    number of turns for the bot's other tasks: every vote must find its card."""
    rounds = 20
    lines = []
    for n in range(1, rounds + 1):
        lines += ["staff", f'poll "Round {n}?" "Yes" "No"', "member", f"vote {n} {1 + n % 2}"]
    screen = await piped(sqlite_url, clock, *lines, yields=7)
    assert " ! " not in screen, screen
    for n in range(1, rounds + 1):
        in_order(screen, f"📣 New in #members  [{n}]", f"your response to POLL-{n:04d} is recorded")
    assert screen.rstrip().endswith(BYE)
    data = await exported(sqlite_url, tmp_path)
    assert sorted(v["topic"] for v in data["votes"]) == [f"POLL-{n:04d}" for n in range(1, rounds + 1)]


async def test_input_that_ends_straight_after_publish_still_posts_the_card(sqlite_url, clock):
    screen = await piped(sqlite_url, clock, "staff", "publish send-funding")
    in_order(screen, "Published CARD-0001", "📣 New in #members  [1]", BYE)
    again = await piped(sqlite_url, clock, "vote 1 1")
    assert "Open in #members  [1]" in again and "📣 New" not in again  # posted once, not again
    assert "recorded: “Agree”" in again


def test_listening_bot_run_reads_piped_commands_one_after_another(tmp_path, monkeypatch, capsys, sqlite_url):
    """`printf '…' | listening-bot run`, through the command line's own wiring."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("CARDS_DIR", str(EXAMPLES))
    monkeypatch.setenv("TALLY_INTERVAL", "0")  # no pause between tally updates to wait out at the end
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(line + "\n" for line in QUICK)))
    assert main(["run"]) == 0
    screen = capsys.readouterr().out
    in_order(screen, "📣 New in #members  [1]", "recorded: “Partly agree”", "↳ Edited r1.", "🧵 In the thread")
    assert " ! " not in screen and screen.rstrip().endswith(BYE)
    monkeypatch.setattr("sys.stdin", io.StringIO("edit r1 After a restart.\ndelete r1\n"))
    assert main(["run"]) == 0
    in_order(capsys.readouterr().out, "↳ Edited r1.", "↳ Deleted r1;", BYE)


# -- mistakes, restarts, other processes ---------------------------------------------


async def test_open_cards_come_back_after_a_restart(sqlite_url, clock):
    await piped(sqlite_url, clock, "staff", "publish teacher-recruitment", "member", "reply 1 Before the restart.")
    screen = await piped(sqlite_url, clock, "vote 1 1", "thread 1", "quit")
    assert "Open in #members  [1]" in screen
    assert "📣 New" not in screen  # not posted again
    assert "recorded: “Agree”" in screen
    assert "you (r1): Before the restart." in screen


async def test_mistakes_get_help_not_tracebacks(sqlite_url, clock):
    screen = await piped(
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
        "edit r99999999999999999999 text",
        "delete nonsense",
        "reply 1 mine",
        "edit r1",
        "thread 9",
        "thread",
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
        "There is no reply r9 in #members. `thread N` lists card N's replies and their numbers.",
        "Give the reply's number as `thread N` shows it, e.g. `edit r12 …` or `delete r12`.",
        "Write the new text after it, e.g. `edit r1 On reflection…`",
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
    assert screen.count("Give the reply's number") == 2
    assert "Traceback" not in screen and "went wrong" not in screen
    assert screen.rstrip().endswith(BYE)  # the end of input ends the session cleanly


async def test_a_card_published_from_another_console_can_be_answered_here(sqlite_url, clock):
    async with Database(sqlite_url) as database:
        store = Store(database)
        screens, consoles, runtimes = [], [], []
        for _ in range(2):
            terminal = Terminal()
            console = ConsoleAdapter(LONDON, read_line=terminal.read_line, out=terminal.screen, clock=clock)
            runtime = _runtime(store, clock, console)
            await runtime.start()
            screens.append(terminal.screen), consoles.append(console), runtimes.append(runtime)
        await consoles[0].handle("staff")
        await consoles[0].handle("publish send-funding")  # shown here once it returns
        assert "📣 New in #members  [1]" in screens[0].getvalue()
        await runtimes[1].sync()  # the other process catches up
        await consoles[1].handle("vote 1 agree")
        await consoles[1].handle("reply 1 From the second console.")
        await consoles[0].handle("member")
        await consoles[0].handle("thread 1")  # the thread is the database's, not this console's memory
        for runtime in runtimes:
            await runtime.stop()
    assert "Open in #members  [1]" in screens[1].getvalue()
    assert "your response to CARD-0001 is recorded: “Agree”" in screens[1].getvalue()
    assert "you (r1): From the second console." in screens[0].getvalue()


def test_the_consoles_help_and_the_readmes_console_tables_list_the_same_commands():
    """Every command `help` shows is in the README's tables, in the same words, and the other way round;
    and every chat command the core answers (Slack's and Discord's `/listening`) is among them."""
    import re
    from pathlib import Path

    from adapters.console.help import HELP, STAFF_HELP
    from bot.chat_commands import MEMBER_HELP
    from bot.chat_commands import STAFF_HELP as CHAT_STAFF_HELP

    def in_help(text: str) -> set[str]:
        entries = [line.strip() for line in text.splitlines() if re.match(r"^  \S", line)]
        return {form.strip() for entry in entries for form in re.split(r"\s{2,}", entry)[0].split(" / ")}

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## The console workspace\n", 1)[1].split("\n## ", 1)[0]
    in_readme = set()
    for row in re.findall(r"^\| (`.*)$", section, re.MULTILINE):
        first_cell = re.split(r"(?<!\\)\|", row, maxsplit=1)[0]
        in_readme |= {form.replace("\\|", "|") for form in re.findall(r"`([^`]+)`", first_cell)}

    console = in_help(HELP) | in_help(STAFF_HELP)
    assert console - in_readme == set(), "in the console's help but not in the README"
    assert in_readme - console == set(), "in the README but not in the console's help"
    words = {form.split()[0] for form in console}
    assert {form.split()[0] for form in in_help(MEMBER_HELP) | in_help(CHAT_STAFF_HELP)} <= words
