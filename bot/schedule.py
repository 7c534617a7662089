"""The bot's week: the Friday summary, and closing polls at their time.

APScheduler is the alarm clock; the database decides what is due. Every alarm
runs `catch_up`, which does whatever has fallen due and is not yet done, claiming
each run in the database first. So a restart rebuilds the schedule from the
database, a summary or close missed while the bot was down runs once on start-up,
and two instances on one database post each summary once.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger

from bot.clock import Clock
from bot.delivery import Broadcaster
from bot.platform import Adapter
from bot.ports import Store
from bot.summary.charts import bar_chart
from bot.summary.heard import compile_heard
from bot.summary.period import current_week

log = logging.getLogger(__name__)
STARTED = "schedule:first-started"
KEEP_EVENT_IDS = timedelta(days=30)  # far beyond any platform's redelivery
# Posting a summary takes seconds; a claim to post one this old was left by an instance that died.
POSTING_TIMEOUT = timedelta(minutes=10)


def weekly(spec: str, zone: ZoneInfo) -> CronTrigger:
    """`0 15 * * fri` (minute hour day month weekday), in the association's time zone."""
    try:
        return CronTrigger.from_crontab(spec, timezone=zone)
    except ValueError as err:
        raise ValueError(f"SUMMARY_SCHEDULE {spec!r} is not a cron line like '0 15 * * fri': {err}") from None


def last_fire(trigger: CronTrigger, now: datetime) -> datetime | None:
    """The most recent time the trigger fired at or before `now` (within a fortnight)."""
    moment, found = now - timedelta(days=15), None
    while True:
        moment = trigger.get_next_fire_time(found, moment)
        if moment is None or moment > now:
            return found
        found = moment
        moment = moment + timedelta(seconds=1)


class Schedule:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        zone: ZoneInfo,
        adapters: list[Adapter],
        broadcaster: Broadcaster,
        summary_at: str = "0 15 * * fri",
        ring: bool = True,
    ) -> None:
        """`ring=False`: no alarm clock at all; tests move their own clock and call `catch_up`."""
        self.store, self.clock, self.zone = store, clock, zone
        self.adapters = adapters
        self.broadcaster = broadcaster
        self.trigger = weekly(summary_at, zone)
        self.scheduler: AsyncIOScheduler | None = None
        self.ring = ring
        self._ringing: set[asyncio.Task] = set()

    # -- what is due ---------------------------------------------------------------------

    async def catch_up(self) -> None:
        """Do everything that has fallen due: closes, and the week's summary."""
        now = self.clock.now()
        async with self.store.unit() as unit:
            await unit.runs.claim(STARTED, now)  # the first start: summaries due before it are not "missed"
            started = await unit.runs.claimed_at(STARTED)
        if await self.broadcaster.open_due():
            await self.broadcaster.deliver()
        if await self.broadcaster.close_due():
            await self.broadcaster.finalise()
        async with self.store.unit() as unit:
            await unit.seen.forget_before(now - KEEP_EVENT_IDS)
        fired = last_fire(self.trigger, now)
        if fired is not None and fired >= started:
            await self.post_summary(fired)

    async def post_summary(self, fired: datetime) -> None:
        """The summary of the week `fired` falls in, up to that moment, once per staff channel.

        It is compiled before any channel is claimed: a failure there claims nothing, and the
        next alarm or start tries again. Each channel's post is claimed first (`…:posting`); it is
        marked done (the run's own key) once posted, and given back if posting fails. A claim
        whose owner died mid-post is taken over by the next catch-up, here or in another
        instance, once it is `POSTING_TIMEOUT` old: the summary is posted at least once.
        """
        week = current_week(fired, self.zone)
        targets = []
        for adapter in self.adapters:
            for channel in [c for c in adapter.channels() if c.role == "staff"] or [None]:
                where = channel.channel_id if channel else "default"
                targets.append((adapter, where, f"summary:{week.label}:{adapter.platform}:{where}"))
        async with self.store.unit() as unit:
            pending = [t for t in targets if await unit.runs.claimed_at(t[2]) is None]
        if not pending:
            return
        try:
            heard = await compile_heard(self.store, week, fired)
            charts = {item.topic.ref: bar_chart(item) for item in heard.topics}
        except Exception:
            log.exception("could not compile the summary of %s; will try again", week.label)
            return
        for adapter, where, key in pending:
            posting = f"{key}:posting"
            async with self.store.unit() as unit:
                now = self.clock.now()
                mine = await unit.runs.claim(posting, now) or await unit.runs.take_over(
                    posting, now - POSTING_TIMEOUT, now
                )
                if not mine or await unit.runs.claimed_at(key) is not None:
                    continue  # another instance is posting it, or has
            try:
                await adapter.post_summary(heard, charts)
            except Exception:
                log.exception("could not post the summary of %s to %s; will try again", week.label, adapter.platform)
                async with self.store.unit() as unit:
                    await unit.runs.release(posting)
                continue
            async with self.store.unit() as unit:
                await unit.runs.claim(key, self.clock.now())
                await unit.runs.release(posting)
            log.info("posted the summary of %s to %s %s", week.label, adapter.platform, where)

    # -- the alarm clock ---------------------------------------------------------------

    async def _alarm(self) -> None:
        """What every alarm runs; `stop` waits for any that is ringing."""
        task = asyncio.current_task()
        self._ringing.add(task)
        try:
            await self.catch_up()
        finally:
            self._ringing.discard(task)

    async def start(self) -> None:
        if self.ring:
            self.scheduler = AsyncIOScheduler(timezone=self.zone)
            self.scheduler.add_job(
                self._alarm,
                self.trigger,
                id="weekly-summary",
                coalesce=True,
                misfire_grace_time=None,
                replace_existing=True,
            )
            self.scheduler.start()
        await self.rebuild()
        await self.catch_up()

    async def alarms(self) -> dict[str, datetime]:
        """The alarms the database asks for: each scheduled topic's publishing time and
        each open one's closing time."""
        async with self.store.unit() as unit:
            topics = await unit.topics.list()
        wanted = {f"publish:{t.id}": t.published_at for t in topics if t.status.value == "scheduled"}
        wanted |= {
            f"close:{t.id}": t.content.closes_at for t in topics if t.status.value != "closed" and t.content.closes_at
        }
        return wanted

    async def rebuild(self) -> None:
        """Set the alarm clock to what the database asks for."""
        if self.scheduler is None:
            return
        wanted = await self.alarms()
        for job in self.scheduler.get_jobs():
            if job.id.startswith(("close:", "publish:")) and job.id not in wanted:
                job.remove()
        for job_id, when in wanted.items():
            self.scheduler.add_job(
                self._alarm, DateTrigger(when), id=job_id, replace_existing=True, misfire_grace_time=None
            )

    async def stop(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
            self.scheduler = None
        if self._ringing:
            await asyncio.gather(*self._ringing, return_exceptions=True)
