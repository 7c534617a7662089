"""Signed Slack requests per second through the bot in HTTP mode, beside a bare bolt app, at 1
and at 16 requests in flight.

What is measured, per number in flight, each on a fresh database and a fresh bot:

- bot: the Slack adapter in HTTP mode (a signing secret, no app token: `SlackAdapter.start`
  serves `/slack/events` with aiohttp) on the core's `Runtime`, as `listening-bot run` builds
  them (less the periodic catch-up and the summary schedule), against a fake Slack Web API
  (tests/slack/fake_slack.py) on 127.0.0.1. Each request goes signature check on the raw
  bytes → bolt → the listener → the core → a database commit → the ack (bolt answers once the
  listener has returned: `process_before_response`).
- bare: a bolt `AsyncApp` (bolt's own aiohttp server, its own signature check) whose listeners
  only ack.
- the requests: signed Events API `event_callback`s, 70% thread replies on the card's post and
  30% `reaction_added` on it (2,000 members), 10% sent again straight after with
  `X-Slack-Retry-Num: 1`, as Slack redelivers. The same requests go to both apps.
- the client is another process (so its work does not share the apps' event loop), with N
  requests in flight; each request is signed when sent. A request's latency is from sending it
  to reading the answer (the ack). An answer other than 200 is what Slack retries: the client
  sends it again (retry number + 1), up to 3 times, as Slack does; such answers are counted.
- ratio: the bot's requests/s over the bare app's.
- lost/doubled: after each bot run the export's replies and reactions (storage/exports.py) are
  compared with what the requests must have caused (one reply per message, one reaction per
  member and emoji). Lost: acknowledged (200) and not in the export; doubled: in the export more
  often than everything sent could explain.

    python -m bench.slack [--events 1000] [--in-flight 1,16] [--databases sqlite]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import multiprocessing
import random
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from aiohttp import web
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.adapter import SlackAdapter
from bench._raw import Expected, Run, check_export, machine_load, throwaway_postgres
from bot.clock import SystemClock
from bot.domain import PolicyCard
from bot.listening import Listening
from bot.privacy import warm
from bot.runtime import Runtime
from storage import Database, Store
from tests.slack import payloads
from tests.slack.fake_slack import FakeSlack

SECRET = "bench-signing-secret"
CHANNEL = "C0BENCH"
RETRIES = 3  # Slack retries a request it got no 200 for three times
WARM_UP = 50


@dataclass(frozen=True)
class Request:
    body: bytes
    retry_num: int | None  # a redelivery carries X-Slack-Retry-Num
    event_id: str
    kind: str  # reply, reaction, none (warm-up: not for the core)
    user: str = ""
    emoji: str = ""


def requests(post_ts: str, events: int, rng: random.Random) -> list[Request]:
    out = []
    for n in range(events):
        user = f"U{rng.randrange(2000):05d}"
        ts = f"{1700100000 + n}.{n:06d}"
        event_id = f"Ev{n:08d}"
        if rng.random() < 0.7:
            event = payloads.thread_reply(CHANNEL, post_ts, ts, user, "We agree in part; timing matters. " * 3)
            kind, emoji = "reply", ""
        else:
            name = rng.choice(["thumbsup", "eyes"])
            event = payloads.reaction("reaction_added", user, CHANNEL, post_ts, name)
            kind, emoji = "reaction", f":{name}:"
        body = json.dumps(payloads.envelope(event, event_id)).encode()
        out.append(Request(body, None, event_id, kind, user, emoji))
        if rng.random() < 0.1:  # Slack sends it again
            out.append(Request(body, 1, event_id, kind, user, emoji))
    return out


def warm_up_requests() -> list[Request]:
    """Top-level channel messages: the whole path up to the core, which records nothing for them."""
    out = []
    for n in range(WARM_UP):
        event_id = f"EvWarm{n:04d}"
        event = payloads.top_level(CHANNEL, f"1700000000.{n:06d}", "UWARM", "hello")
        out.append(Request(json.dumps(payloads.envelope(event, event_id)).encode(), None, event_id, "none"))
    return out


# -- the client, in a process of its own -------------------------------------------------------


def drive(url: str, batch: list[tuple[bytes, int | None]], concurrency: int) -> dict:
    """Send the batch, `concurrency` in flight; runs in the client process."""
    return asyncio.run(_drive(url, batch, concurrency))


async def _drive(url: str, batch: list[tuple[bytes, int | None]], concurrency: int) -> dict:
    import aiohttp

    from bench._raw import in_flight

    acked = [False] * len(batch)
    refused: Counter = Counter()
    latencies: list[float] = []
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as http:

        async def one(index: int, _worker: int) -> None:
            body, retry_num = batch[index]
            for attempt in range(RETRIES + 1):
                headers = payloads.signed_headers(body, SECRET, retry_num=retry_num)
                t0 = time.perf_counter()
                async with http.post(url, data=body, headers=headers) as response:
                    await response.read()
                    status = response.status
                latencies.append(time.perf_counter() - t0)
                if status == 200:
                    acked[index] = True
                    return
                refused[status] += 1
                if attempt < RETRIES:
                    retry_num = (retry_num or 0) + 1

        run = await in_flight(len(batch), concurrency, one)
    return {
        "elapsed": run.elapsed,
        "latencies": latencies,
        "acked": acked,
        "refused": dict(refused),
        "errors": dict(run.errors),
    }


@dataclass
class Result:
    run: Run  # per request sent (retries included)
    acked: list[bool]  # per request of the batch: answered 200 (at some attempt)
    refused: Counter  # answers other than 200, by status

    @classmethod
    def of(cls, batch_size: int, figures: dict) -> Result:
        run = Run(batch_size, figures["elapsed"], figures["latencies"], Counter(figures["errors"]))
        return cls(run, figures["acked"], Counter(figures["refused"]))


async def send(pool: ProcessPoolExecutor, url: str, batch: list[Request], concurrency: int) -> Result:
    wire = [(r.body, r.retry_num) for r in batch]
    figures = await asyncio.get_running_loop().run_in_executor(pool, drive, url, wire, concurrency)
    return Result.of(len(batch), figures)


# -- the two apps ----------------------------------------------------------------------------


async def bare_app(fake: FakeSlack) -> tuple[web.AppRunner, str]:
    app = AsyncApp(client=AsyncWebClient(token="xoxb-bench", base_url=fake.api_url), signing_secret=SECRET)

    async def only_ack(ack) -> None:
        await ack()

    for name in ("message", "reaction_added"):
        app.event(name)(only_ack)
    runner = web.AppRunner(app.web_app(path="/slack/events"), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events"


def expected_from(batch: list[Request], acked: list[bool], card_ref: str) -> Expected:
    events: dict[str, tuple[Request, bool]] = {}
    for request, ok in zip(batch, acked, strict=True):
        before = events.get(request.event_id, (request, False))[1]
        events[request.event_id] = (request, before or ok)
    expected = Expected()
    reactions: dict[tuple, bool] = {}
    for request, ok in events.values():
        if request.kind == "reply":  # each request's message has its own ts
            expected.add(("replies", card_ref, request.user), acked=ok)
        elif request.kind == "reaction":
            key = ("reactions", card_ref, request.user, request.emoji)
            reactions[key] = reactions.get(key, False) or ok
    for key, ok in reactions.items():
        expected.add(key, acked=ok)
    return expected


async def measure(pool: ProcessPoolExecutor, url: str, events: int, concurrency: int, seed: int):
    """One bot on a fresh database and the bare app, sent the same requests: (bot, bare, check)."""
    async with AsyncExitStack() as stack:
        fake = FakeSlack()
        await fake.start()
        stack.push_async_callback(fake.stop)
        database = Database(url)
        stack.push_async_callback(database.dispose)
        await database.upgrade()
        clock, zone = SystemClock(), ZoneInfo("Europe/London")
        adapter = SlackAdapter(
            bot_token="xoxb-bench",
            signing_secret=SECRET,
            member_channels=[CHANNEL],
            api_url=fake.api_url,
            host="127.0.0.1",
            port=0,
            zone=zone,
            clock=clock,
        )
        store = Store(database)
        runtime = Runtime(Listening(store, clock, zone), [adapter], clock, sync_interval=None)
        await runtime.start()
        stack.push_async_callback(runtime.stop)
        (card,) = await runtime.listening.team.publish_all(
            [PolicyCard(title="Bench", position="A position.", evidence="best-bet", values=["Fairness"], question="?")]
        )
        await runtime.sync()
        post_ts = fake.posts_in(CHANNEL)[0]["ts"]
        batch = requests(post_ts, events, random.Random(seed))
        runner, bare_url = await bare_app(fake)
        stack.push_async_callback(runner.cleanup)
        bot_url = f"http://127.0.0.1:{adapter.bound_port}/slack/events"
        await send(pool, bot_url, warm_up_requests(), concurrency)
        await send(pool, bare_url, warm_up_requests(), concurrency)
        bot = await send(pool, bot_url, batch, concurrency)
        bare = await send(pool, bare_url, batch, concurrency)
        await runtime.settle()
        check = await check_export(store, expected_from(batch, bot.acked, card.ref))
        return bot, bare, check, len(batch), len(batch) - len({r.event_id for r in batch})


def _row(cells: list[str], widths: list[int]) -> str:
    return " ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))


def _refusals(result: Result) -> str:
    return ", ".join(f"{n}×{status}" for status, n in sorted(result.refused.items())) or "none"


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1000, help="distinct events (redeliveries come on top)")
    parser.add_argument("--in-flight", default="1,16", help="comma-separated numbers of requests in flight")
    parser.add_argument("--databases", default="sqlite", help="sqlite, postgres or both, comma-separated")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    concurrencies = [int(n) for n in args.in_flight.split(",")]
    await asyncio.to_thread(warm)  # the masking model loads once, before anything is timed
    load_before = machine_load()
    results = []
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool, tempfile.TemporaryDirectory() as folder:
        for name in args.databases.split(","):
            for concurrency in concurrencies:
                if name == "sqlite":
                    url = f"sqlite+aiosqlite:///{Path(folder) / f'slack-{concurrency}.db'}"
                    figures = await measure(pool, url, args.events, concurrency, args.seed)
                else:
                    async with throwaway_postgres() as url:
                        if url is None:
                            break
                        figures = await measure(pool, url, args.events, concurrency, args.seed)
                bot, bare, check, size, again = figures
                results.append((name, concurrency, bot, bare, check))
                print(
                    f"{name} × {concurrency}: bot {bot.run.per_second:.0f}/s, bare {bare.run.per_second:.0f}/s, "
                    f"lost {check.lost}, doubled {check.doubled}, not 200: {_refusals(bot)}",
                    flush=True,
                )
    if not results:
        return
    print(f"\n{size} requests a run ({again} of them redeliveries); ack = request sent until answer read")
    print(f"{load_before} before the runs, {machine_load()} after\n")
    head = ["bot on", "in flight", "req/s", "p50 ms", "p99 ms", "bare/s", "b p50", "b p99", "ratio"]
    head += ["lost", "doubled", "not 200"]
    widths = [8, 9, 7, 7, 7, 7, 6, 6, 6, 5, 7, 7]
    print(_row(head, widths))
    for name, concurrency, bot, bare, check in results:
        cells = [
            name,
            str(concurrency),
            f"{bot.run.per_second:.0f}",
            f"{bot.run.p50_ms:.2f}",
            f"{bot.run.p99_ms:.2f}",
            f"{bare.run.per_second:.0f}",
            f"{bare.run.p50_ms:.2f}",
            f"{bare.run.p99_ms:.2f}",
            f"{bot.run.per_second / bare.run.per_second:.2f}",
            str(check.lost),
            str(check.doubled),
            str(sum(bot.refused.values())),
        ]
        print(_row(cells, widths))
    print("\nexport check (expected from acknowledged requests / recorded):")
    for name, concurrency, bot, bare, check in results:
        tables = ", ".join(f"{t} {e}/{r}" for t, (e, r) in check.per_table.items() if t in ("replies", "reactions"))
        unacked = bot.acked.count(False)
        print(
            f"  {name} × {concurrency}: {'OK' if check.ok else 'MISMATCH'}: {tables}; bot answers not 200: "
            f"{_refusals(bot)}; never acknowledged: {unacked}; bare answers not 200: {_refusals(bare)}"
        )
        for reason, n in (bot.run.errors + bare.run.errors).most_common():
            print(f"    client error ×{n}: {reason}")


if __name__ == "__main__":
    asyncio.run(main())
