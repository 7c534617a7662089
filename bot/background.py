"""A job the runtime owes after acknowledging events, run in one task at a time."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


class OneAtATime:
    """Runs `job` when asked, never twice at once: asking during a run makes one more run after
    it, so nothing asked for is missed. `pause` waits first, letting a burst of requests end."""

    def __init__(
        self, job: Callable[[], Awaitable[object]], name: str, *, pause: float = 0.0, sleep=asyncio.sleep
    ) -> None:
        self.job, self.name, self.pause, self.sleep = job, name, pause, sleep
        self._task: asyncio.Task | None = None
        self._again = False
        self._pausing = False

    def request(self, *, at_once: bool = False) -> None:
        """`at_once`: no pause first (work left from before, not a burst going on)."""
        if self._task is not None and not self._task.done():
            self._again = True
            return
        self._task = asyncio.create_task(self._run(pause=0.0 if at_once else self.pause))

    async def _run(self, pause: float) -> None:
        while True:
            self._again = False
            if pause:
                self._pausing = True
                try:
                    await self.sleep(pause)
                finally:
                    self._pausing = False
            pause = self.pause
            try:
                await self.job()
            except Exception as err:  # noqa: BLE001 - the periodic catch-up asks again
                log.warning("%s failed (%s); will try again", self.name, type(err).__name__)
            if not self._again:
                return

    async def wait(self) -> None:
        """Until no run is going (shutdown, tests)."""
        while self._task is not None and not self._task.done():
            await self._task

    async def stop(self) -> None:
        """No more runs: one still pausing is cancelled, one going is waited for (a job that
        stops early, leaving its work waiting in the database, makes this quick)."""
        self._again = False
        if self._task is not None and not self._task.done():
            if self._pausing:
                self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
