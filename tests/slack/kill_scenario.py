"""`kill -9` with a slow database, as a scenario the test and the benchmark both run.

A real bot process in HTTP mode on a SQLite file; a card published; replies sent while the
database is healthy, then while someone else holds its write lock (so nothing can be recorded in
Slack's time), then more in flight when the process is killed with SIGKILL. Slack's part is
played faithfully: what was not acknowledged is delivered again, to a restarted bot, and then
everything once more. The report counts what was acknowledged and then lost, and double counts.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bot.clock import SystemClock
from bot.listening import Listening
from storage import Database, Store
from tests.bot_process import free_port, start, stop, until_listening
from tests.cards import card
from tests.conftest import EXAMPLES, LONDON
from tests.slack import payloads
from tests.slack.conftest import MEMBERS

SECRET = "kill-test-signing-secret"


@dataclass(frozen=True)
class Report:
    sent: int
    acknowledged: int
    not_acknowledged: int  # 503 while the database was locked, or cut off by the kill
    acknowledged_then_lost: int
    recorded_after_redelivery: int
    double_counted: int


async def _deliver(http, port: int, body: bytes) -> int | None:
    """One delivery as Slack makes it: the status, or None if the connection died."""
    headers = payloads.signed_headers(body, SECRET, content_type="application/json")
    try:
        async with http.post(f"http://127.0.0.1:{port}/slack/events", data=body, headers=headers) as response:
            await response.read()
            return response.status
    except aiohttp.ClientError:
        return None


def _texts(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute("SELECT text FROM replies WHERE text IS NOT NULL")]


async def run(fake_slack, folder: Path, *, healthy: int = 20, locked: int = 10, in_flight: int = 10) -> Report:
    database = folder / "bot.db"
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "SLACK_BOT_TOKEN": "xoxb-kill-test",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake_slack.api_url,
        "SLACK_MEMBER_CHANNELS": MEMBERS,
        "PORT": str(port),
        "LOG_LEVEL": "WARNING",
    }
    async with Database(env["DATABASE_URL"]) as db:  # the card, published before the bot starts
        await db.upgrade()
        await Listening(Store(db), SystemClock(), LONDON, EXAMPLES).team.publish_all([card()])

    async with aiohttp.ClientSession() as http:
        bot = await start(env, folder, output=False)
        try:
            await until_listening(http, port)
            for _ in range(600):  # the running bot posts the card
                if fake_slack.posts_in(MEMBERS):
                    break
                await asyncio.sleep(0.05)
            thread = fake_slack.posts_in(MEMBERS)[0]["ts"]

            def reply(n: int) -> bytes:
                event = payloads.thread_reply(MEMBERS, thread, f"1700{n:06d}.000100", f"U{n:08d}", f"reply {n:06d}")
                return json.dumps(payloads.envelope(event, f"Ev{n:08d}")).encode()

            sent = list(range(healthy + locked + in_flight))
            first = await asyncio.gather(*(_deliver(http, port, reply(n)) for n in sent[:healthy]))
            lock = sqlite3.connect(database, timeout=30)  # someone else takes the write lock: "the database is slow"
            lock.execute("BEGIN IMMEDIATE")
            stuck = await asyncio.gather(*(_deliver(http, port, reply(n)) for n in sent[healthy : healthy + locked]))
            flying = [asyncio.ensure_future(_deliver(http, port, reply(n))) for n in sent[healthy + locked :]]
            await asyncio.sleep(0.2)  # the last ones are on their way when the process dies
            await stop(bot, kill=True)
            cut = await asyncio.gather(*flying)
            lock.rollback()
            lock.close()

            statuses = dict(zip(sent, first + stuck + cut, strict=True))
            acked = {n for n, status in statuses.items() if status is not None and 200 <= status < 300}
            kept = set(_texts(database))
            lost = sum(f"reply {n:06d}" not in kept for n in acked)

            bot = await start(
                env, folder, output=False
            )  # Slack delivers again what was not acknowledged, then all once more
            try:
                await until_listening(http, port)
                await asyncio.gather(*(_deliver(http, port, reply(n)) for n in sent if n not in acked))
                await asyncio.gather(*(_deliver(http, port, reply(n)) for n in sent))
            finally:
                await stop(bot)
        finally:
            await stop(bot, kill=True)  # whatever happened, no bot is left running
    texts = _texts(database)
    return Report(
        sent=len(sent),
        acknowledged=len(acked),
        not_acknowledged=len(sent) - len(acked),
        acknowledged_then_lost=lost,
        recorded_after_redelivery=len(set(texts) & {f"reply {n:06d}" for n in sent}),
        double_counted=len(texts) - len(set(texts)),
    )
