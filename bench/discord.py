"""Gateway events per second through the Discord adapter to the database, beside a bare client.

A fake gateway on 127.0.0.1 sends the same stream of MESSAGE_CREATE events (replies in a
card's thread, 10% replayed as after a resume) and MESSAGE_REACTION_ADD events to:

- the bot: discord.py → the adapter → the core → a database commit;
- bare: a plain discord.py client whose handlers only count what arrives.

    python -m bench.discord [--events 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import discord
import yarl

from adapters.discord.adapter import DiscordAdapter
from adapters.discord.client import intents
from bot.clock import SystemClock
from bot.domain import PolicyCard
from bot.listening import Listening
from bot.runtime import Runtime
from storage import Database, Store
from tests.discord import payloads
from tests.discord.fake_discord import MEMBERS, FakeDiscord


class Counting(Runtime):
    """The real runtime, counting what it has recorded."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.count = 0
        self.done = asyncio.Event()
        self.expected = 0

    async def dispatch(self, event):
        outcome = await super().dispatch(event)
        self.count += 1
        if self.count >= self.expected:
            self.done.set()
        return outcome


def stream(thread_id: str, message_id: str, events: int, rng: random.Random) -> list[tuple[str, dict]]:
    out = []
    for _ in range(events):
        user = str(5000 + rng.randrange(2000))
        if rng.random() < 0.7:
            out.append(("MESSAGE_CREATE", payloads.message(thread_id, user, "We agree in part; timing matters. " * 3)))
        else:
            out.append(("MESSAGE_REACTION_ADD", payloads.reaction(MEMBERS, message_id, user, rng.choice("👍👀🤔"))))
        if rng.random() < 0.1:
            out.append(out[-1])
    return out


async def send_all(fake: FakeDiscord, batch) -> None:
    for name, data in batch:
        await fake.dispatch(name, data)


async def bot_run(fake: FakeDiscord, events: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as folder:
        database = Database(f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}")
        await database.upgrade()
        clock, zone = SystemClock(), ZoneInfo("Europe/London")
        adapter = DiscordAdapter(
            bot_token="bench", member_channels=[MEMBERS], zone=zone, clock=clock, guild_ready_timeout=0.05
        )
        runtime = Counting(Listening(Store(database), clock, zone), [adapter], clock, sync_interval=None)
        await runtime.start()
        await runtime.listening.team.publish_all(
            [PolicyCard(title="Bench", position="A position.", evidence="best-bet", values=["Fairness"], question="?")]
        )
        await runtime.sync()
        card = fake.sent_to(MEMBERS)[-1]
        batch = stream(card["thread"]["id"], card["id"], events, random.Random(5))
        runtime.expected = len(batch)
        started = time.perf_counter()
        await send_all(fake, batch)
        await asyncio.wait_for(runtime.done.wait(), timeout=600)
        elapsed = time.perf_counter() - started
        await runtime.stop()
        await database.dispose()
        return elapsed, len(batch)


async def bare_run(fake: FakeDiscord, events: int, thread_id: str, message_id: str) -> tuple[float, int]:
    client = discord.Client(intents=intents(), guild_ready_timeout=0.05)
    seen = {"n": 0}
    done, ready = asyncio.Event(), asyncio.Event()
    batch = stream(thread_id, message_id, events, random.Random(5))

    async def count(*_args) -> None:
        seen["n"] += 1
        if seen["n"] >= len(batch):
            done.set()

    client.on_message = count
    client.on_raw_reaction_add = count

    @client.event
    async def on_ready() -> None:
        ready.set()

    task = asyncio.create_task(client.start("bench"))
    await asyncio.wait_for(ready.wait(), timeout=30)
    started = time.perf_counter()
    await send_all(fake, batch)
    await asyncio.wait_for(done.wait(), timeout=600)
    elapsed = time.perf_counter() - started
    await client.close()
    await asyncio.gather(task, return_exceptions=True)
    return elapsed, len(batch)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=2000)
    args = parser.parse_args()
    fake = FakeDiscord()
    await fake.start()
    discord.http.Route.BASE = fake.rest_url
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    bot_elapsed, n = await bot_run(fake, args.events)
    card = fake.sent_to(MEMBERS)[-1]
    bare_elapsed, _ = await bare_run(fake, args.events, card["thread"]["id"], card["id"])
    await fake.stop()
    bot_rate, bare_rate = n / bot_elapsed, n / bare_elapsed
    print(f"\n{'path':<40} {'events':>7} {'per s':>8}")
    print(f"{'bot (gateway → adapter → core → commit)':<40} {n:>7} {bot_rate:>8.0f}")
    print(f"{'bare discord.py client (gateway only)':<40} {n:>7} {bare_rate:>8.0f}")
    print(f"{'bot / bare':<40} {'':>7} {bot_rate / bare_rate:>8.2f}")


if __name__ == "__main__":
    asyncio.run(main())
