"""Waiting on the bot without sleeping: for a recorded event, or for the gateway to be back."""

from __future__ import annotations

import asyncio
import logging


async def recorded(bot, message_id: str):
    """The first recorded event about `message_id` (events before it, from junk, are passed over)."""

    async def find():
        while True:
            event, outcome = await bot.runtime.recorded.get()
            if getattr(event, "message_id", None) == message_id:
                return event, outcome

    return await asyncio.wait_for(find(), timeout=10)


async def until(condition, timeout: float = 10) -> None:
    """Wait for something the fake or the adapter shows (a reconnect) to become true."""

    async def wait():
        while not condition():
            await asyncio.sleep(0.005)

    await asyncio.wait_for(wait(), timeout=timeout)


class NoSleep:
    """An injected `sleep` for the reconnect backoff: notes each delay and the health meanwhile."""

    def __init__(self, adapter=None) -> None:
        self.adapter = adapter
        self.delays: list[float] = []
        self.health: list[tuple[bool, str]] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)
        if self.adapter is not None:
            self.health.append(self.adapter.health())
        await asyncio.sleep(0)


class Everything(logging.Handler):
    """Every log record at every level, from every logger, formatted."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        self.lines.append(f"{record.name} {record.levelname} {text}")

    def __enter__(self):
        root = logging.getLogger()
        self._level = root.level
        root.addHandler(self)
        root.setLevel(logging.DEBUG)
        return self

    def __exit__(self, *exc) -> None:
        root = logging.getLogger()
        root.removeHandler(self)
        root.setLevel(self._level)

    def leaks(self, *secrets: str) -> list[str]:
        """Lines from the Discord adapter or discord.py that carry any of `secrets`. (Other layers
        are not this test's business: aiosqlite's DEBUG lines quote SQL parameters.)"""
        return [
            line
            for line in self.lines
            if line.startswith(("adapters.discord", "discord")) and any(s in line for s in secrets)
        ]
