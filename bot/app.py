"""Wiring: settings → database → core → adapters. The one place that knows them all."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from bot.clock import Clock, SystemClock
from bot.listening import Listening
from bot.privacy import warm
from bot.settings import Settings
from storage import Database, Store


@dataclass
class App:
    settings: Settings
    database: Database
    store: Store
    listening: Listening
    clock: Clock


@asynccontextmanager
async def open_app(settings: Settings, clock: Clock | None = None, *, upgrade: bool = True) -> AsyncIterator[App]:
    """The core on its database, with the schema brought up to date first."""
    clock = clock or SystemClock()
    # Load the masking model (about 1.5 s) now, not inside the first reply's answer budget.
    loading = asyncio.create_task(asyncio.to_thread(warm))
    async with Database(settings.database_url) as database:
        if upgrade:
            await database.upgrade()
        store = Store(database)
        await loading
        yield App(settings, database, store, Listening(store, clock, settings.zone, settings.cards_dir), clock)


def choose_adapters(settings: Settings, clock: Clock) -> list:
    """The platforms configured in the settings; the console when there are none.

    The composition root is the one place in `bot/` that knows the adapters; it
    imports them only when they are configured.
    """
    adapters = []
    if settings.slack_enabled:
        from adapters.slack.adapter import SlackAdapter

        adapters.append(
            SlackAdapter(
                bot_token=settings.slack_bot_token.get_secret_value(),
                app_token=settings.slack_app_token.get_secret_value() if settings.slack_app_token else None,
                signing_secret=(
                    settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
                ),
                member_channels=settings.slack_member_channels,
                staff_channel=settings.slack_staff_channel,
                staff_users=settings.slack_staff_users,
                staff_group=settings.slack_staff_group,
                api_url=settings.slack_api_url,
                port=settings.port,
                zone=settings.zone,
                clock=clock,
            )
        )
    if settings.discord_enabled:
        from adapters.discord.adapter import DiscordAdapter

        adapters.append(
            DiscordAdapter(
                bot_token=settings.discord_bot_token.get_secret_value(),
                member_channels=settings.discord_member_channels,
                staff_channel=settings.discord_staff_channel,
                staff_role=settings.discord_staff_role,
                zone=settings.zone,
                clock=clock,
            )
        )
    if not adapters:
        from adapters.console import ConsoleAdapter

        adapters.append(ConsoleAdapter(settings.zone, clock=clock))
    return adapters
