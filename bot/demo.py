"""`listening-bot demo`: a scripted week with simulated members, then what was recorded.

Everything goes through the same path as a real platform: events into the
core's dispatch, posts out through an adapter (here an in-memory one).
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from tqdm import tqdm

from adapters.memory import MemoryAdapter
from bot import authoring, demo_content, plaintext
from bot.app import open_app
from bot.errors import Refusal
from bot.runtime import Runtime
from bot.settings import Settings
from bot.summary import documents
from bot.summary.heard import compile_heard
from bot.summary.period import Period, week_of
from storage.database import describe
from storage.exports import counts


class SimulatedClock:
    """Starts on last week's Monday morning and moves forward a little with every action."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current

    def tick(self, rng: random.Random, step: timedelta) -> None:
        self.current += step * rng.uniform(0.2, 1.8)


def simulated_week(today: datetime, zone: ZoneInfo) -> Period:
    """The last whole week: the demo simulates it, so its summary covers all of it
    whatever day the demo runs."""
    return week_of((today.astimezone(zone) - timedelta(days=7)).date(), zone)


def _demo_settings(settings: Settings) -> tuple[Settings, bool]:
    """DATABASE_URL when it is set (in the environment or `.env`); otherwise a fresh SQLite file here,
    never the default database."""
    if "database_url" in settings.model_fields_set:
        return settings, False
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = Path.cwd() / f"listening-demo-{stamp}.db"
    n = 1
    while path.exists():  # a second run within the same second still gets a file of its own
        n += 1
        path = Path.cwd() / f"listening-demo-{stamp}-{n}.db"
    return settings.model_copy(update={"database_url": f"sqlite+aiosqlite:///{path}"}), True


async def tables_with_rows(url: str) -> list[str]:
    """The tables of the database that hold at least one row: the bot's, or any other's (none for a
    new or empty database). Reads only: it creates no schema, and no file that is not there already."""
    from sqlalchemy import inspect, select, table
    from sqlalchemy.engine import make_url
    from sqlalchemy.ext.asyncio import create_async_engine

    from storage.database import normalise_url
    from storage.models import Base

    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").expanduser().exists():
        return []
    engine = create_async_engine(normalise_url(url))  # without the bot's SQLite pragmas, which write
    try:
        async with engine.connect() as conn:
            present = set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))
            ours = [t.name for t in Base.metadata.sorted_tables]
            others = sorted(present - set(ours) - {"alembic_version"})
            found = []
            for name in [n for n in ours if n in present] + [n for n in others if not n.startswith("sqlite_")]:
                if (await conn.execute(select(1).select_from(table(name)).limit(1))).first():
                    found.append(name)
            return found
    finally:
        await engine.dispose()


async def run_demo(
    settings: Settings,
    members: int = 40,
    *,
    progress: bool = True,
    seed: int = 2026,
    today: datetime | None = None,
    into_existing: bool = False,
) -> int:
    """The scripted week. Refuses (nothing written) a DATABASE_URL that already holds data
    unless `into_existing`; without DATABASE_URL it makes a fresh SQLite file of its own."""
    settings, fresh = _demo_settings(settings)
    if not fresh and not into_existing:
        held = await tables_with_rows(settings.database_url)
        if held:
            raise Refusal(
                f"the database {describe(settings.database_url)} already holds data ({', '.join(held)}), "
                f"and the demo would add {members} simulated members and their votes to it. "
                "Unset DATABASE_URL (in the environment or .env) to run the demo on a fresh database of its own, "
                "or pass --into-existing-database to add to this one. Nothing was written."
            )
    found, broken = authoring.library(settings.cards_dir, settings.zone)
    for err in broken:
        print(f"skipping a broken file: {err}", file=sys.stderr)
    if not found:
        raise Refusal(f"no cards or polls found in {settings.cards_dir}/ (set CARDS_DIR to a folder of them)")
    rng = random.Random(seed)
    today = today or datetime.now(timezone.utc)
    week = simulated_week(today, settings.zone)
    clock = SimulatedClock(week.start + timedelta(hours=8))  # Monday 08:00
    people = [f"member-{i:03d}" for i in range(1, members + 1)]
    print(f"Demo database: {describe(settings.database_url)}")

    async with open_app(settings, clock) as app:
        # Each run is a platform of its own: an earlier run's posts lived only in that run's memory.
        run = await _earlier_runs(app) + 1
        name = "demo" if run == 1 else f"demo-{run}"
        platform = MemoryAdapter(name, "association", ("members-north", "members-south"), "staff", clock=clock)
        already = {t.content.slug for t, _ in await app.listening.team.topics()}
        await app.listening.team.publish_all([a.content for a in found if a.content.slug not in already])
        slugs = {a.content.slug for a in found}
        topics = [t for t, _ in await app.listening.team.topics() if t.content.slug in slugs and t.status == "open"]
        if not topics:
            raise Refusal(
                f"every card and poll in {settings.cards_dir}/ is already closed in {describe(settings.database_url)}; "
                "run the demo without DATABASE_URL for a fresh database"
            )
        runtime = Runtime(app.listening, [platform], clock, sync_interval=None, tally_interval=0)
        await runtime.start()
        await runtime.sync()
        ignored: list[bool] = []
        script = _script(topics, people, rng, ignored)
        step = WORKING_WEEK / max(1, len(script))  # the script fills Monday 08:00 to about Friday 17:00
        with tqdm(total=len(script), desc="members responding", unit="action", disable=not progress) as bar:
            for action in script:
                clock.tick(rng, step)
                await action(platform)
                bar.update()
        rating = next((t for t in topics if t.content.slug == "poll-inspection-describes"), None)
        if rating is not None:
            await platform.command("policy-team", f"close {rating.ref}", staff=True)
        await runtime.stop()
        rows = await app.listening.team.topics()
        async with app.store.unit() as unit:
            figures = await counts(unit.session)
        heard = await compile_heard(app.store, week, today)

    print("\nWhat was recorded:")
    for name, value in figures.items():
        print(f"  {name:<16} {value}")
    print(f"  {'redeliveries':<16} {sum(ignored)} of {len(ignored)} ignored (each event counted once)")
    for topic, tally in rows:
        print(f"\n{topic.ref} · {topic.title}  [{topic.status.value}]")
        print("\n".join(plaintext.tally_lines(topic, tally)))
        print(f"  n = {tally.voters}")
    folder = Path.cwd() / "demo-summary"
    written = documents.write(heard, settings.zone, folder)
    print(f"\nThe simulated week's summary ({week.label}, what we heard): {written['summary.md']}")
    print(f"  also {written['summary.html']} (charts inline), {written['summary.csv']} and {written['summary.json']}")
    print("\nExport it with:")
    prefix = "DATABASE_URL=" + settings.database_url.replace("sqlite+aiosqlite:", "sqlite:") + " " if fresh else ""
    print(f"  {prefix}listening-bot export --format csv --out export/")
    return 0


REDELIVERIES = 6
WORKING_WEEK = timedelta(days=4, hours=9)


async def _earlier_runs(app) -> int:
    """How many demos have run on this database before (each as a platform of its own: demo, demo-2, …)."""
    from sqlalchemy import distinct, func, or_, select

    from storage.models import ChannelRow

    demo = or_(ChannelRow.platform == "demo", ChannelRow.platform.like("demo-%"))
    async with app.store.unit() as unit:
        query = select(func.count(distinct(ChannelRow.platform))).where(demo)
        return (await unit.session.execute(query)).scalar_one()


def _script(topics, people, rng: random.Random, ignored: list[bool]) -> list:
    """The week's actions, in the order they happen."""
    actions = []
    by_slug = {t.content.slug: t for t in topics}
    replies_sent: dict[tuple[str, int], tuple[str, str]] = {}

    for slug, topic in by_slug.items():
        voters = rng.sample(people, k=min(len(people), rng.randint(len(people) // 2, len(people))))
        written = demo_content.REPLIES.get(slug, [])
        for index, (option, text) in enumerate(written):
            who = voters[index % len(voters)]
            actions.append(_vote(topic.id, who, option))
            actions.append(_reply(slug, topic.id, index, who, text, replies_sent))
        leaning = [o for o, _ in written] or list(range(len(topic.options)))
        for who in voters[len(written) :]:
            option = rng.choice(leaning) if rng.random() < 0.7 else rng.randrange(len(topic.options))
            actions.append(_vote(topic.id, who, option))
            if topic.content.multiple and rng.random() < 0.5:
                actions.append(_vote(topic.id, who, rng.randrange(len(topic.options))))
        for who in rng.sample(voters, k=min(6, len(voters))):
            actions.append(_react(topic.id, who, rng.choice(demo_content.REACTIONS)))
        for who in rng.sample(voters, k=min(3, len(voters))):  # a few change their minds
            if not topic.content.multiple:
                actions.append(_vote(topic.id, who, rng.randrange(len(topic.options))))
    rng.shuffle(actions)  # members arrive in any order; replies still follow their votes closely enough
    for slug, index, text in demo_content.EDITS:
        actions.append(_edit(slug, index, text, replies_sent))
    for slug, index in demo_content.DELETIONS:
        actions.append(_delete(slug, index, replies_sent))
    for text in demo_content.IDEAS:
        actions.insert(rng.randrange(len(actions)), _idea(rng.choice(people), text))
    for n in range(REDELIVERIES):  # platforms redeliver; the count must not move
        actions.append(_redeliver(f"demo-retry-{n}", rng.choice(people), topics[n % len(topics)].id, ignored))
    return actions


def _vote(topic_id, who, option):
    async def act(p: MemoryAdapter):
        await p.vote(who, topic_id, option)

    return act


def _reply(slug, topic_id, index, who, text, sent):
    async def act(p: MemoryAdapter):
        message = p.posts_of(topic_id)[int(who[-3:]) % 2]  # members are in either channel
        sent[(slug, index)] = (who, await p.reply(who, message, text), message)

    return act


def _edit(slug, index, text, sent):
    async def act(p: MemoryAdapter):
        if (slug, index) in sent:
            who, message_id, message = sent[(slug, index)]
            await p.edit(who, message, message_id, text)

    return act


def _delete(slug, index, sent):
    async def act(p: MemoryAdapter):
        if (slug, index) in sent:
            who, message_id, message = sent[(slug, index)]
            await p.delete(who, message, message_id)

    return act


def _react(topic_id, who, emoji):
    async def act(p: MemoryAdapter):
        await p.react(who, p.posts_of(topic_id)[0], emoji)

    return act


def _idea(who, text):
    async def act(p: MemoryAdapter):
        await p.idea(who, text)

    return act


def _redeliver(event_id, who, topic_id, ignored: list[bool]):
    async def act(p: MemoryAdapter):
        await p.vote(who, topic_id, 0, event_id=event_id)
        ignored.append((await p.vote(who, topic_id, 0, event_id=event_id)).duplicate)

    return act
