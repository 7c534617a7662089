"""The Discord side of bench/hardening.py: the translators' fuzzing cases, and a payload
discord.py's parser rejects followed by a good message, through a live fake gateway."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bot.clock import SystemClock
from storage import Database, Store
from tests.discord import payloads
from tests.discord.conftest import Discord, start_discord
from tests.discord.test_discord_fuzz import TRANSLATORS, bases
from tests.discord.test_discord_robustness import parser_breakers
from tests.discord.test_discord_threads import published

CASES = {f"discord {kind}": (found[0], TRANSLATORS[kind]) for kind, found in bases().items()}


async def malformed_then_good() -> str:
    import discord
    import yarl

    from tests.discord.fake_discord import FakeDiscord

    fake = FakeDiscord()
    await fake.start()
    base, gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = (
        fake.rest_url,
        yarl.URL(fake.gateway_url),
    )
    try:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'discord.db'}"
            async with Database(url) as fresh:
                await fresh.upgrade()
            adapter, runtime, database = await start_discord(fake, url, SystemClock())
            bot = Discord(fake, adapter, runtime, Store(database))
            try:
                _, message, thread = await published(bot)
                broken = parser_breakers(thread, message)
                for event, data in broken:
                    await fake.dispatch(event, data)
                good = payloads.message(thread, "1001", "Top-ups have not moved")
                event, _ = await bot.send("MESSAGE_CREATE", good)
                while getattr(event, "message_id", None) != good["id"]:
                    event, _ = await runtime.next_recorded()
                heard = event.text == "Top-ups have not moved"
                return (
                    f"{len(broken)} payloads the parser rejects, then a good reply: "
                    f"{'recorded' if heard else 'NOT recorded'}; health {adapter.health()}"
                )
            finally:
                await runtime.stop()
                await database.dispose()
    finally:
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = base, gateway
        await fake.stop()
