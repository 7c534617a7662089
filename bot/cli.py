"""`listening-bot`: run the bot, author and close cards, export, and try it out."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError

from bot import arguments, logs, plaintext
from bot.arguments import UsageError, check_poll, summary_period
from bot.authoring import AuthoringError, load
from bot.commands import Command
from bot.domain import Tally
from bot.errors import Refusal, StartupError
from bot.policy_team import published
from bot.settings import Settings
from bot.when import show
from bot.wording import plural
from storage.database import DatabaseUnavailable, describe

EXAMPLES = """\
examples:
  listening-bot run                                   # console workspace on SQLite, no accounts needed
  listening-bot card publish examples/send-funding.md
  listening-bot poll create "Which should we raise first?" "SEND funding" "Teacher pay" --closes 3d
  listening-bot card list
  listening-bot card close CARD-0001
  listening-bot export --format csv --out export/
  listening-bot demo
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="listening-bot",
        description="Policy cards, quick polls and ideas in your members' Slack and Discord.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("run", help="run the bot (the console workspace when no platform is configured)").set_defaults(
        handler=cmd_run
    )

    card = sub.add_parser("card", help="publish, list and close policy cards (and polls)")
    card_sub = card.add_subparsers(dest="action", required=True, metavar="ACTION")
    publish = card_sub.add_parser("publish", help="publish cards or polls from Markdown files")
    publish.add_argument("files", nargs="+", type=Path, metavar="FILE")
    publish.set_defaults(handler=cmd_card_publish)
    listing = card_sub.add_parser("list", help="list cards and polls with their tallies")
    listing.add_argument("--all", action="store_true", help="include closed ones")
    listing.set_defaults(handler=cmd_card_list)
    close = card_sub.add_parser("close", help="close a card or poll now")
    close.add_argument("ref", metavar="ID", help="e.g. CARD-0003, 3 or the card's slug")
    close.set_defaults(handler=cmd_card_close)

    poll = sub.add_parser("poll", help="create quick polls")
    poll_sub = poll.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = poll_sub.add_parser("create", help="publish a quick poll")
    create.add_argument("question")
    create.add_argument("options", nargs="*", help="2 to 10 answers (none for --rating)")
    create.add_argument(
        "--closes",
        type=arguments.when,
        metavar="WHEN",
        help="closing time: 3d, 48h, 2w, 2026-12-04 or '2026-12-04 17:00'",
    )
    create.add_argument(
        "--publish", type=arguments.when, metavar="WHEN", help="post it later instead of now: 2d, or '2026-12-01 09:00'"
    )
    kind = create.add_mutually_exclusive_group()
    kind.add_argument("--multiple", action="store_true", help="members may choose several answers")
    kind.add_argument("--rating", action="store_true", help="a 1-5 rating instead of answers")
    create.add_argument("--hidden", action="store_true", help="hide results until it closes")
    create.add_argument("--named", action="store_true", help="not anonymous")
    create.set_defaults(handler=cmd_poll_create, usage=create)

    db = sub.add_parser("db", help="database schema")
    db_sub = db.add_subparsers(dest="action", required=True, metavar="ACTION")
    db_sub.add_parser("upgrade", help="bring the schema up to date").set_defaults(handler=cmd_db_upgrade)

    export = sub.add_parser("export", help="export everything recorded (members as pseudonyms)")
    export.add_argument("--format", choices=["json", "csv"], default="json")
    export.add_argument("--out", type=Path, default=Path("export"), metavar="DIR")
    export.set_defaults(handler=cmd_export)

    demo = sub.add_parser(
        "demo",
        help="a scripted week with simulated members, then what was recorded "
        "(on a fresh SQLite file of its own unless DATABASE_URL is set)",
    )
    demo.add_argument("--members", type=arguments.positive, default=40, help="how many simulated members (default 40)")
    demo.add_argument(
        "--into-existing-database",
        action="store_true",
        help="add the simulated members to the DATABASE_URL database even though it already holds data "
        "(without it the demo refuses such a database; with no DATABASE_URL it makes a fresh one)",
    )
    demo.set_defaults(handler=cmd_demo)

    member = sub.add_parser("member", help="a member's own data: show it, or erase it on request")
    member_sub = member.add_subparsers(dest="action", required=True, metavar="ACTION")
    show_member = member_sub.add_parser("show", help="everything recorded from one member, as JSON")
    show_member.add_argument(
        "pseudonym", type=arguments.pseudonym, help="the id members see with `mine`, e.g. m-7xk2q9vw4p"
    )
    show_member.set_defaults(handler=cmd_member_show)
    erase = member_sub.add_parser("erase", help="erase a member's replies, ideas and open votes")
    erase.add_argument("pseudonym", type=arguments.pseudonym, help="e.g. m-7xk2q9vw4p")
    erase.add_argument("--yes", action="store_true", help="really erase (it cannot be undone)")
    erase.set_defaults(handler=cmd_member_erase)

    summary = sub.add_parser("summary", help="what we heard: a week (this week so far by default) or any period")
    when = summary.add_mutually_exclusive_group()
    when.add_argument("--week", type=arguments.week, help="an ISO week, e.g. 2026-W47")
    when.add_argument("--from", dest="start", type=arguments.date, metavar="DATE", help="first day, e.g. 2026-11-16")
    summary.add_argument("--to", dest="end", type=arguments.date, metavar="DATE", help="last day (with --from)")
    summary.add_argument("--out", type=Path, metavar="DIR", help="write Markdown, HTML, CSV and charts here")
    summary.add_argument("--post", action="store_true", help="post it to the staff channel of each platform")
    summary.set_defaults(handler=cmd_summary, usage=summary)

    sub.add_parser("config", help="show the settings in use (secrets masked)").set_defaults(handler=cmd_config)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    usage = getattr(args, "usage", parser)  # the subcommand's own parser, for its usage line
    try:
        check_usage(args)
    except UsageError as err:
        usage.error(str(err))  # exits 2, as argparse does for its own errors
    try:
        settings = Settings()
    except ValidationError as err:
        for e in err.errors():
            name = ".".join(str(p) for p in e["loc"]).upper()
            where = f"setting {name}" if name else "settings"
            print(f"listening-bot: {where}: {e['msg'].removeprefix('Value error, ')}", file=sys.stderr)
        return 2
    logs.configure(
        settings.log_level,
        settings.secrets(),
        settings.log_file,
        quiet_console=args.handler is cmd_demo or (args.handler is cmd_run and not settings.platforms_enabled),
    )
    try:
        return asyncio.run(_with_signals(args.handler(args, settings)))
    except KeyboardInterrupt:
        return 130
    except UsageError as err:  # found once the settings are known (the time zone, today)
        usage.error(str(err))
    except (Refusal, StartupError) as refusal:
        print(f"listening-bot: {refusal}", file=sys.stderr)
        return 1
    except (DBAPIError, DatabaseUnavailable, ConnectionError) as err:  # unreachable, wrong database, …
        reason = getattr(err, "orig", None) or err
        print(f"listening-bot: cannot use the database {describe(settings.database_url)}: {reason}", file=sys.stderr)
        return 1
    except OSError as err:  # a file or folder given on the command line
        print(f"listening-bot: {err}", file=sys.stderr)
        return 1


async def _with_signals(work):
    """Stop cleanly on SIGTERM, as process managers send it."""
    task = asyncio.ensure_future(work)
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError, RuntimeError):  # not on Windows
        loop.add_signal_handler(signal.SIGTERM, task.cancel)
    try:
        return await task
    except asyncio.CancelledError:
        return 0


def _app(settings: Settings, **kwargs):
    from bot.app import open_app

    return open_app(settings, **kwargs)


async def cmd_run(args, settings: Settings) -> int:
    from bot.app import choose_adapters
    from bot.runtime import Runtime

    if not (settings.platforms_enabled or sys.stdin.isatty()):
        logging.getLogger(__name__).warning(
            "no chat platform is configured, so this runs the console workspace; standard input is not a terminal, "
            "so it reads commands from it and stops at its end"
        )
    async with _app(settings) as app:
        adapters = choose_adapters(settings, app.clock)
        runtime = Runtime(
            app.listening,
            adapters,
            app.clock,
            sync_interval=settings.sync_interval,
            tally_interval=settings.tally_interval,
            summary_at=settings.summary_schedule,
            # /healthz for a platform's health check; the console alone needs none.
            health_port=settings.port if settings.platforms_enabled else None,
        )
        await runtime.serve()
    return 0


async def cmd_card_publish(args, settings: Settings) -> int:
    contents = []
    problems = []
    for path in args.files:
        try:
            contents.append(load(path, settings.zone))
        except AuthoringError as err:
            problems.append(str(err))
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print("Nothing was published.", file=sys.stderr)
        return 1
    async with _app(settings) as app:
        topics = await app.listening.team.publish_all(contents)
    for topic in topics:
        print(published(topic, settings.zone))
    print("A running bot posts it to every member channel within seconds; otherwise it is posted when the bot starts.")
    return 0


async def cmd_card_list(args, settings: Settings) -> int:
    from bot.domain import TopicStatus

    async with _app(settings) as app:
        rows = await app.listening.team.topics(None if args.all else TopicStatus.OPEN)
    if not rows:
        print("No cards or polls are open." if not args.all else "Nothing has been published yet.")
        return 0
    for topic, tally in rows:
        when = (
            f"closed {show(topic.closed_at, settings.zone)}"
            if topic.closed_at
            else (
                f"closes {show(topic.content.closes_at, settings.zone)}"
                if topic.content.closes_at
                else "no closing time"
            )
        )
        print(f"{topic.ref}  {topic.status.value:<6}  n={tally.voters:<5}  {topic.title}  ({when})")
    return 0


async def cmd_card_close(args, settings: Settings) -> int:
    async with _app(settings) as app:
        topic, tally = await app.listening.team.close(args.ref)
    print(plaintext.final_result(topic, tally))
    print("A running bot shows the final result on every post within seconds.")
    return 0


async def cmd_poll_create(args, settings: Settings) -> int:
    flags = {
        k: v
        for k, v in {
            "closes": args.closes,
            "publish": args.publish,
            "multiple": args.multiple,
            "rating": args.rating,
            "hidden": args.hidden,
            "named": args.named,
        }.items()
        if v
    }
    async with _app(settings) as app:
        poll = app.listening.team.poll_from(Command("poll", (args.question, *args.options), flags), app.clock.now())
        (topic,) = await app.listening.team.publish_all([poll])
    print(published(topic, settings.zone))
    nothing_yet = Tally(tuple(0 for _ in topic.options), 0)
    print(plaintext.describe(topic, nothing_yet if topic.results_visible(app.clock.now()) else None, settings.zone))
    return 0


async def cmd_db_upgrade(args, settings: Settings) -> int:
    from storage import Database

    async with Database(settings.database_url) as database:
        changed = await database.upgrade()
    print(f"{describe(settings.database_url)}: {'schema upgraded' if changed else 'schema already up to date'}")
    return 0


async def cmd_export(args, settings: Settings) -> int:
    from bot.export import export
    from storage.exports import datasets

    async with _app(settings) as app:
        files = await export(app.store, args.format, args.out, tables=datasets())
    for name, path in files.items():
        print(f"{name:<10} {path}")
    return 0


async def cmd_demo(args, settings: Settings) -> int:
    from bot.demo import run_demo

    return await run_demo(settings, members=args.members, into_existing=args.into_existing_database)


async def cmd_member_show(args, settings: Settings) -> int:
    import json

    async with _app(settings) as app:
        data = await app.listening.member_data(args.pseudonym)
    print(json.dumps(data, indent=2, ensure_ascii=False))
    return 0


async def cmd_member_erase(args, settings: Settings) -> int:
    if not args.yes:
        print("listening-bot: erasing cannot be undone; run again with --yes to go ahead", file=sys.stderr)
        return 1
    async with _app(settings) as app:
        erased = await app.listening.erase(args.pseudonym)
    kept = erased["votes kept anonymously"]
    print(
        f"Erased {args.pseudonym}: {plural(erased['replies'], 'reply')}, {plural(erased['ideas'], 'idea')}, "
        f"{plural(erased['reactions'], 'reaction')} and {plural(erased['votes removed'], 'vote')} on open cards "
        f"deleted; {plural(kept, 'vote')} on closed cards kept in their results, anonymous and dated to the close. "
        "The member's platform identity is forgotten."
    )
    return 0


def check_usage(args) -> None:
    """What argparse cannot check alone: options that only go together, and a poll's question and answers."""
    if args.handler is cmd_summary:
        if args.end and not args.start:
            raise UsageError("--to goes with --from, not --week" if args.week else "--to needs --from")
        if args.start and args.end and args.end < args.start:
            raise UsageError(f"--to {args.end} is before --from {args.start}")
    if args.handler is cmd_poll_create:
        check_poll(args)


async def cmd_summary(args, settings: Settings) -> int:
    from bot.clock import SystemClock
    from bot.summary import documents
    from bot.summary.heard import compile_heard

    clock = SystemClock()
    now = clock.now()
    period = summary_period(args, settings, now)  # a usage error before the database is opened
    async with _app(settings, clock=clock) as app:
        heard = await compile_heard(app.store, period, now)
        if args.post:
            await post_summary(settings, app.clock, heard)
    if args.out:
        for name, path in documents.write(heard, settings.zone, args.out).items():
            print(f"{name:<16} {path}")
    else:
        print(documents.markdown(heard, settings.zone))
    return 0


async def post_summary(settings: Settings, clock, heard) -> None:
    """Post to each configured platform's staff channel (the console prints it)."""
    from bot.app import choose_adapters
    from bot.summary.charts import bar_chart

    charts = {item.topic.ref: bar_chart(item) for item in heard.topics}
    for adapter in choose_adapters(settings, clock):
        try:
            await adapter.setup()
            await adapter.post_summary(heard, charts)
        finally:
            await adapter.stop()


async def cmd_config(args, settings: Settings) -> int:
    rows = settings.shown()
    width = max(len(name) for name, _, _ in rows)
    for name, value, description in rows:
        print(f"{name:<{width}}  {value}")
        if description:
            print(f"{'':<{width}}    {description}")
    return 0
