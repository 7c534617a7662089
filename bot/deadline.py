"""Answering a platform in time: Slack and Discord both want an answer within three seconds.

`Deadline.within` gives work until the deadline and cancels it after: for what a member sent,
which is either recorded before the answer or not at all (and they are told so). `Deadline.run`
lets slow work finish in the background, its result handed to `late` (or an apology, if it
fails): for commands that only read. `drain` waits for such work at shutdown.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot.events import Outcome

log = logging.getLogger(__name__)

LATE = object()  # the answer will come after the deadline
SORRY = Outcome(reply="Sorry, that did not go through. Please try again.")
# What a member is told when what they sent could not be recorded in time: plainly, so they send it again.
NOT_RECORDED = "Sorry, the bot is busy and that was not recorded. Please try again in a moment."


class NotRecorded(Exception):
    """An event could not be recorded within the platform's answer time; it must not be acknowledged."""


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._pending: set[asyncio.Task] = set()

    async def run(
        self, work: Awaitable[Outcome | None], late: Callable[[Outcome], Awaitable[None]] | None = None
    ) -> Outcome | None | object:
        """`work`'s result if it is done in time (its exception, if it failed in time), else LATE."""
        task = asyncio.ensure_future(work)
        done, _ = await asyncio.wait({task}, timeout=self.seconds)
        if task in done:
            return task.result()
        self.spawn(self._finish(task, late))
        return LATE

    async def within(self, work: Awaitable[Outcome | None]) -> Outcome | None | object:
        """`work`'s result if it is done in time, else LATE, with the work cancelled (its transaction
        rolls back), so that what the member is told ("not recorded") is true."""
        task = asyncio.ensure_future(work)
        done, _ = await asyncio.wait({task}, timeout=self.seconds)
        if task in done:
            return task.result()
        task.cancel()
        self.spawn(asyncio.gather(task, return_exceptions=True))  # the rollback, without waiting for it
        return LATE

    async def _finish(self, task: asyncio.Future, late) -> None:
        try:
            outcome = await task
        except Exception:
            log.exception("work that outlasted its deadline failed")
            outcome = SORRY
        if late is not None and outcome is not None:
            await late(outcome)

    def spawn(self, work: Awaitable) -> asyncio.Task:
        """Work that goes on after the answer; `drain` waits for it."""
        task = asyncio.ensure_future(work)
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)
        return task

    async def drain(self) -> None:
        while self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)
