"""A real discord.py client connected to a fake Discord gateway and REST API on 127.0.0.1."""

from __future__ import annotations

import asyncio

import pytest

from adapters.discord.adapter import DiscordAdapter
from bot.listening import Listening
from bot.runtime import Runtime
from storage import Database, Store
from tests.conftest import EXAMPLES, LONDON
from tests.discord.fake_discord import MEMBERS, MORE, STAFF_CHANNEL, STAFF_ROLE, TOKEN, FakeDiscord


class ObservedRuntime(Runtime):
    """The real runtime; it also lets a test wait for an event to be recorded."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.recorded: asyncio.Queue = asyncio.Queue()

    async def dispatch(self, event):
        outcome = await super().dispatch(event)
        self.recorded.put_nowait((event, outcome))
        return outcome

    async def next_recorded(self):
        return await asyncio.wait_for(self.recorded.get(), timeout=10)


class Discord:
    def __init__(self, fake: FakeDiscord, adapter: DiscordAdapter, runtime: ObservedRuntime, store: Store) -> None:
        self.fake, self.adapter, self.runtime, self.store = fake, adapter, runtime, store

    async def send(self, event: str, data: dict, *, seq: int | None = None):
        """A gateway event the bot should record; returns (event, outcome)."""
        await self.fake.dispatch(event, data, seq=seq)
        return await self.runtime.next_recorded()

    async def interact(self, payload: dict) -> dict:
        """An interaction; returns the bot's callback, after what it caused is posted."""
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        answer = await self.fake.callback(payload["id"])
        await self.adapter.deadline.drain()
        await self.runtime.settle()
        return answer

    def card(self, topic_id: int, channel: str = MEMBERS) -> dict:
        for found in self.fake.sent_to(channel):
            for row in found.get("components", []):
                if any(c.get("custom_id", "").startswith(f"vote:{topic_id}:") for c in row.get("components", [])):
                    return found
        for found in self.fake.sent_to(channel):  # a closed card has no buttons: find it by its footer
            if any(f"-{topic_id:04d} " in (e.get("footer") or {}).get("text", "") for e in found.get("embeds", [])):
                return found
        raise AssertionError(f"topic {topic_id} is not posted in {channel}")


async def start_discord(fake, url, clock, runtime_options=None, **options):
    database = Database(url)
    options = {"bot_token": TOKEN, **options}
    adapter = DiscordAdapter(
        member_channels=[MEMBERS, MORE],
        staff_channel=STAFF_CHANNEL,
        staff_role=STAFF_ROLE,
        zone=LONDON,
        clock=clock,
        guild_ready_timeout=0.05,
        **options,
    )
    options = {"sync_interval": None, "tally_interval": 0, **(runtime_options or {})}
    runtime = ObservedRuntime(Listening(Store(database), clock, LONDON, EXAMPLES), [adapter], clock, **options)
    await runtime.start()
    return adapter, runtime, database


@pytest.fixture
async def discord_bot(fake_discord, sqlite_url, clock):
    adapter, runtime, database = await start_discord(fake_discord, sqlite_url, clock)
    yield Discord(fake_discord, adapter, runtime, Store(database))
    await runtime.stop()
    await database.dispose()
