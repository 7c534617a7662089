"""Answering a platform in time: Slack and Discord both want an answer within three seconds.

`Deadline.answer` is the step every adapter's answer to a member takes, written once: what a
member sent is recorded before the answer or not at all, and they are told which
(`UNRECORDED`); a command that only reads may answer late, through the adapter's `late`; work
that fails is answered `SORRY`. Each adapter says only its platform's budget and how it sends a
late answer. Underneath, `within` gives work until the deadline and cancels it after (an Events
API event, which is answered by its HTTP status, uses it alone), `run` lets slow work finish in
the background, and `drain` waits for what is left at shutdown.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.events import Outcome

log = logging.getLogger(__name__)

LATE = object()  # the answer will come after the deadline
SORRY = Outcome(reply="Sorry, that did not go through. Please try again.")
# What a member is told when what they sent could not be recorded in time: plainly, so they send it again.
NOT_RECORDED = "Sorry, the bot is busy and that was not recorded. Please try again in a moment."
UNRECORDED = Outcome(reply=NOT_RECORDED)


def undone(outcome: object) -> bool:
    """Nothing the member sent was kept (`UNRECORDED` or `SORRY`): they have to send it again."""
    return outcome is UNRECORDED or outcome is SORRY


def describe(err: BaseException) -> str:
    """A failure in a few words, safe to log: its type and where it was raised, never its
    message (which may quote what a member wrote)."""
    frames = traceback.extract_tb(err.__traceback__)
    if not frames:
        return type(err).__name__
    last = frames[-1]
    return f"{type(err).__name__} at {'/'.join(Path(last.filename).parts[-2:])}:{last.lineno} {last.name}"


class NotRecorded(Exception):
    """An event could not be recorded within the platform's answer time; it must not be acknowledged."""


class Deadline:
    """One platform's answer time (`seconds`) and the work that goes on after its answers."""

    def __init__(self, seconds: float, platform: str = "") -> None:
        self.seconds = seconds
        self.platform = platform  # for the log
        self._pending: set[asyncio.Task] = set()

    async def answer(
        self,
        work: Awaitable[Outcome | None],
        *,
        records: bool,
        late: Callable[[Outcome], Awaitable[None]] | None = None,
        what: str = "an event",
    ) -> Outcome | None | object:
        """What to tell the member, within the deadline. Work that `records` what they sent is
        done in time or cancelled, and then `UNRECORDED` (true: its transaction rolled back);
        other work (a command that only reads, or that staff can repeat) that outlasts the
        deadline returns LATE and finishes in the background, its answer handed to `late`.
        Work that fails in time is logged (`describe`) and answered `SORRY`."""
        try:
            if records:
                outcome = await self.within(work)
                return UNRECORDED if outcome is LATE else outcome
            return await self.run(work, late)
        except Exception as err:  # noqa: BLE001 - any failure: the member is told, nothing is kept
            log.error("%s: %s failed (%s)", self.platform or "platform", what, describe(err))
            return SORRY

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
        except Exception as err:  # noqa: BLE001 - the member is told, after all
            log.error("%s: work that outlasted its deadline failed (%s)", self.platform or "platform", describe(err))
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
        """Wait for the work that goes on after the answers (at shutdown, and in tests)."""
        while self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)
