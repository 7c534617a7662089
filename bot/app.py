"""Wiring: settings → database → core → adapters. The one place that knows them all."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from bot.clock import Clock, SystemClock
from bot.listening import Listening
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
    async with Database(settings.database_url) as database:
        if upgrade:
            await database.upgrade()
        store = Store(database)
        yield App(settings, database, store, Listening(store, clock, settings.zone, settings.cards_dir), clock)


def choose_adapters(settings: Settings, clock: Clock):
    """The platforms configured in the settings; the console when there are none."""
    from adapters.console import ConsoleAdapter  # the composition root may know the adapters

    return [ConsoleAdapter(settings.zone, clock=clock)]
