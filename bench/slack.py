"""Signed Slack events per second through the whole path, beside a bare app.

Both apps are real bolt `AsyncApp`s in HTTP mode on 127.0.0.1, sent the same
signed Events API requests (thread replies and reactions on a card, 10%
redelivered with `X-Slack-Retry-Num`), one at a time:

- the bot: signature check → the core → a database commit → the ack;
- bare: the same bolt app with one listener that only acks.

    python -m bench.slack [--events 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
from aiohttp import web
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.adapter import SlackAdapter
from bot.clock import SystemClock
from bot.domain import PolicyCard
from bot.listening import Listening
from bot.runtime import Runtime
from storage import Database, Store
from tests.slack import payloads
from tests.slack.fake_slack import FakeSlack

SECRET = "bench-signing-secret"
CHANNEL = "C0BENCH"


def requests(post_ts: str, events: int, rng: random.Random) -> list[tuple[bytes, dict]]:
    out = []
    for n in range(events):
        user = f"U{rng.randrange(2000):05d}"
        ts = f"{1700100000 + n}.{n:06d}"
        if rng.random() < 0.7:
            event = payloads.thread_reply(CHANNEL, post_ts, ts, user, "We agree in part; timing matters. " * 3)
        else:
            event = payloads.reaction("reaction_added", user, CHANNEL, post_ts, rng.choice(["thumbsup", "eyes"]))
        body = json.dumps(payloads.envelope(event, f"Ev{n:08d}")).encode()
        out.append((body, {}))
        if rng.random() < 0.1:
            out.append((body, {"retry_num": 1}))
    return out


async def drive(url: str, batch: list[tuple[bytes, dict]]) -> dict:
    latencies = []
    async with aiohttp.ClientSession() as http:
        started = time.perf_counter()
        for body, extra in batch:
            headers = payloads.signed_headers(body, SECRET, **extra)
            t0 = time.perf_counter()
            async with http.post(url, data=body, headers=headers) as response:
                await response.read()
                assert response.status == 200, response.status
            latencies.append(time.perf_counter() - t0)
        elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "per_second": len(batch) / elapsed,
        "p50_ms": 1000 * statistics.median(ordered),
        "p99_ms": 1000 * ordered[int(0.99 * (len(ordered) - 1))],
    }


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


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=2000)
    args = parser.parse_args()
    fake = FakeSlack()
    await fake.start()
    with tempfile.TemporaryDirectory() as folder:
        database = Database(f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}")
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
        runtime = Runtime(Listening(Store(database), clock, zone), [adapter], clock, sync_interval=None)
        await runtime.start()
        await runtime.listening.team.publish_all(
            [PolicyCard(title="Bench", position="A position.", evidence="best-bet", values=["Fairness"], question="?")]
        )
        await runtime.sync()
        post_ts = fake.posts_in(CHANNEL)[0]["ts"]
        batch = requests(post_ts, args.events, random.Random(11))
        runner, bare_url = await bare_app(fake)
        await drive(bare_url, batch[:50])  # warm both up
        bot = await drive(f"http://127.0.0.1:{adapter.bound_port}/slack/events", batch)
        bare = await drive(bare_url, batch)
        await runner.cleanup()
        await runtime.stop()
        await database.dispose()
    await fake.stop()
    print(f"\n{'path':<36} {'requests':>8} {'per s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for name, figures in (("bot (verify → core → commit → ack)", bot), ("bare AsyncApp (verify → ack)", bare)):
        print(
            f"{name:<36} {len(batch):>8} {figures['per_second']:>8.0f} {figures['p50_ms']:>8.2f} "
            f"{figures['p99_ms']:>8.2f}"
        )
    print(f"{'bot / bare':<36} {'':>8} {bot['per_second'] / bare['per_second']:>8.2f}")


if __name__ == "__main__":
    asyncio.run(main())
