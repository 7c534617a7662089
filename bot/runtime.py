"""The running bot: the core, its adapters, and the loop that keeps them in step."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from bot.background import OneAtATime
from bot.clock import Clock
from bot.delivery import Broadcaster, TallyUpdates
from bot.events import InboundEvent, Outcome
from bot.health import HealthServer, report
from bot.listening import Listening
from bot.masking_backlog import MaskingBacklog
from bot.owed import OwedSender
from bot.platform import Adapter

log = logging.getLogger(__name__)

MASKING_PAUSE = 0.25  # seconds


class Runtime:
    """Starts adapters with the core's dispatch, posts what needs posting, and
    every `sync_interval` seconds picks up work done elsewhere (a card published
    or closed from the command line, a closing time passed)."""

    def __init__(
        self,
        listening: Listening,
        adapters: Sequence[Adapter],
        clock: Clock,
        *,
        sync_interval: float | None = 5.0,
        tally_interval: float = 1.0,
        sleep=asyncio.sleep,
        summary_at: str | None = None,
        alarms: bool = True,
        health_port: int | None = None,
        health_host: str = "0.0.0.0",
    ) -> None:
        """`alarms=False`: no alarm clock runs (tests move their clock and call `schedule.catch_up`).
        `health_port`: where `/healthz` is served when no adapter serves it itself (None: nowhere)."""
        self.listening = listening
        self.adapters = list(adapters)
        self.broadcaster = Broadcaster(listening.store, clock, self.adapters)
        self.tallies = TallyUpdates(self.broadcaster.refresh, tally_interval, sleep)
        self.sync_interval = sync_interval
        self._sync_task: asyncio.Task | None = None
        self._follow_ups: asyncio.Queue = asyncio.Queue()
        self.schedule = None
        if summary_at:
            from bot.schedule import Schedule

            self.schedule = Schedule(
                listening.store, clock, listening.zone, self.adapters, self.broadcaster, summary_at, ring=alarms
            )
        self._worker: asyncio.Task | None = None
        self._started: list[Adapter] = []
        self.health_port, self.health_host = health_port, health_host
        self.health_server = None
        self.owed = OwedSender(listening.store, clock, self.adapters)
        self._owed = OneAtATime(self.owed.send_due, "sending owed confirmations")
        self.masking = MaskingBacklog(listening.store)
        # A burst of replies is acknowledged first and masked when it has passed.
        self._masking = OneAtATime(self.masking.catch_up, "masking new replies", pause=MASKING_PAUSE, sleep=sleep)

    def health(self) -> tuple[bool, dict]:
        """Every adapter's state: (all up, {platform: {"ok": …, "state": …}})."""
        return report(self.adapters)

    async def dispatch(self, event: InboundEvent) -> Outcome:
        """What adapters call with each event. It returns once the event is recorded;
        posting what it caused (a published card, a final result) happens after, so
        the platform gets its answer at once."""
        outcome = await self.listening.handle(event)
        if outcome.owed:
            self._owed.request()
        if outcome.unmasked:
            self._masking.request()
        for topic_id in outcome.changed_topics:
            self.tallies.touch(topic_id)
        if outcome.published or outcome.closed:
            self._follow_ups.put_nowait(outcome)
            if self._worker is None or self._worker.done():
                self._worker = asyncio.create_task(self._follow_up())
        return outcome

    async def _follow_up(self) -> None:
        while not self._follow_ups.empty():
            outcome = self._follow_ups.get_nowait()
            try:
                if outcome.published:
                    await self.broadcaster.deliver()
                if outcome.closed:
                    await self.broadcaster.finalise()
                if self.schedule is not None:
                    await self.schedule.rebuild()  # alarms for its publishing and closing times
            except Exception:  # the periodic catch-up will try again
                log.exception("posting after an event failed")
            finally:
                self._follow_ups.task_done()

    async def settle(self) -> None:
        """Wait until what events caused has been posted and answered (shutdown, tests)."""
        await self._follow_ups.join()
        await self._owed.wait()

    async def masked(self) -> None:
        """Until the masking backlog has caught up with what was recorded (tests, shutdown)."""
        await self._masking.wait()

    async def start(self) -> None:
        for adapter in self.adapters:
            await adapter.setup()
        await self.broadcaster.register_channels()
        for adapter in self.adapters:
            await adapter.start(self.dispatch)
            self._started.append(adapter)
            log.info("%s adapter started", adapter.platform)
        served = [adapter.serve_health(self.health) for adapter in self.adapters]
        if not any(served) and self.health_port is not None:
            self.health_server = HealthServer(self.health, self.health_host, self.health_port)
            await self.health_server.start()
        await self.broadcaster.restore()
        await self.sync()
        self._masking.request(at_once=True)  # what an earlier run recorded but did not mask
        if self.schedule is not None:
            await self.schedule.start()
        if self.sync_interval:
            self._sync_task = asyncio.create_task(self._sync_forever())

    async def sync(self) -> None:
        """One round of catching up; also what the periodic loop runs."""
        await self.broadcaster.open_due()
        await self.broadcaster.close_due()
        await self.broadcaster.retry_failed()
        await self.broadcaster.deliver()
        await self.broadcaster.restore()  # posts another process made
        await self.broadcaster.finalise()
        if self.schedule is not None:
            await self.schedule.rebuild()  # alarms for cards published elsewhere

    async def _sync_forever(self) -> None:
        while True:
            await asyncio.sleep(self.sync_interval)
            try:
                await self.sync()
                await self.owed.send_due()  # confirmations that failed, or whose sender died
                self._masking.request(at_once=True)  # texts another process recorded
                if self.schedule is not None:
                    await self.schedule.catch_up()  # takes over a summary whose poster died mid-post
            except Exception:
                log.exception("catching up failed; will try again")

    async def serve(self) -> None:
        """Run until an adapter ends by itself (the console's `quit`) or we are cancelled."""
        await self.start()
        try:
            waits = [asyncio.create_task(a.wait_closed()) for a in self.adapters]
            done, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()
            for task in done:
                task.result()  # an adapter that failed makes the run fail, not end quietly
        finally:
            await self.stop()

    async def stop(self) -> None:
        if self.schedule is not None:
            await self.schedule.stop()
        if self._sync_task:
            self._sync_task.cancel()
            await asyncio.gather(self._sync_task, return_exceptions=True)
            self._sync_task = None
        await self.settle()
        self.masking.stopping = True  # what it has not masked waits in the database for the next run
        await self._masking.stop()
        await self.tallies.drain()
        for adapter in reversed(self._started):
            try:
                await adapter.stop()
            except Exception:
                log.exception("%s adapter did not stop cleanly", adapter.platform)
        self._started.clear()
        if self.health_server is not None:
            await self.health_server.stop()
            self.health_server = None
