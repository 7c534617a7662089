"""Getting topics onto every platform, and keeping their tallies current.

Posting is claimed in the database first (one row per topic and channel), so a
topic reaches each channel once however many processes try.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta

from bot import plaintext
from bot.clock import Clock
from bot.domain import ChannelRef, ChannelRole, Post, Topic
from bot.errors import DeliveryError
from bot.platform import Adapter
from bot.ports import Store

log = logging.getLogger(__name__)

# Posting takes seconds; a claim this old was left by a process that stopped mid-post.
CLAIM_TIMEOUT = timedelta(minutes=2)
# How often posts that failed for good (a missing channel, no permission) are tried again.
FAILED_RETRY = timedelta(minutes=15)


class Broadcaster:
    def __init__(
        self, store: Store, clock: Clock, adapters: Sequence[Adapter], claim_timeout: timedelta = CLAIM_TIMEOUT
    ) -> None:
        self.store = store
        self.clock = clock
        self.adapters = {a.platform: a for a in adapters}
        self.claim_timeout = claim_timeout
        self._member_channels: dict[int, ChannelRef] = {}
        self._known: set[int] = set()  # posts this process has posted or handed to its adapter
        self._failures_retried = None

    async def register_channels(self) -> None:
        async with self.store.unit() as unit:
            for adapter in self.adapters.values():
                for channel in adapter.channels():
                    channel_id = await unit.channels.register(channel)
                    if channel.role is ChannelRole.MEMBER:
                        self._member_channels[channel_id] = channel

    async def restore(self) -> None:
        """Hand each adapter the posts of open topics it has not seen from this
        process: its earlier ones at start, and those another process made."""
        now = self.clock.now()
        async with self.store.unit() as unit:
            posts = [p for p in await unit.posts.open_in(list(self._member_channels)) if p.id not in self._known]
            shown = []
            for post in posts:
                topic = await unit.topics.get(post.topic_id)
                tally = await unit.votes.tally(topic)
                shown.append((post, topic, tally if topic.results_visible(now) else None))
        for post, topic, tally in shown:
            self._known.add(post.id)
            await self._safely(self.adapters[post.channel.platform].restore(post, topic, tally), post)

    async def retry_failed(self) -> None:
        """At start and now and then: channels that refused a post may have been fixed."""
        now = self.clock.now()
        if self._failures_retried is not None and now - self._failures_retried < FAILED_RETRY:
            return
        self._failures_retried = now
        async with self.store.unit() as unit:
            count = await unit.posts.retry_failed(list(self._member_channels))
        if count:
            log.info("trying %d earlier failed posts again", count)

    async def deliver(self) -> int:
        """Post every open topic to every member channel that lacks it. Returns posts made.

        A claim left behind by a process that stopped mid-post is taken over once
        it is `claim_timeout` old; the adapter first looks for the message that
        process may already have posted, so it is not posted twice."""
        now = self.clock.now()
        channels = list(self._member_channels)
        async with self.store.unit() as unit:
            missing = await unit.posts.missing(channels)
            stale = await unit.posts.reclaim_stale(channels, now - self.claim_timeout, now)
        posted = 0
        for topic_id, channel_id in missing:
            async with self.store.unit() as unit:
                post_id = await unit.posts.claim(topic_id, channel_id, self.clock.now())
            if post_id is not None:  # None: another process has it
                posted += await self._post(post_id, topic_id, channel_id, look_first=False)
        for post_id, topic_id, channel_id in stale:
            posted += await self._post(post_id, topic_id, channel_id, look_first=True)
        return posted

    async def _post(self, post_id: int, topic_id: int, channel_id: int, *, look_first: bool) -> int:
        channel = self._member_channels[channel_id]
        now = self.clock.now()
        async with self.store.unit() as unit:
            topic = await unit.topics.get(topic_id)
            tally = await unit.votes.tally(topic)
        adapter = self.adapters[channel.platform]
        try:
            message = await adapter.find_post(channel, topic) if look_first else None
            if message is None:
                message = await adapter.post_topic(channel, topic, tally if topic.results_visible(now) else None)
        except DeliveryError as err:
            async with self.store.unit() as unit:
                if err.permanent:
                    await unit.posts.mark_failed(post_id, str(err))
                else:
                    await unit.posts.retry_later(post_id)
            log.warning("could not post %s to %s %s: %s", topic.ref, channel.platform, channel.channel_id, err)
            return 0
        except Exception:
            async with self.store.unit() as unit:
                await unit.posts.retry_later(post_id)
            log.exception("posting %s to %s %s failed", topic.ref, channel.platform, channel.channel_id)
            return 0
        # A cancellation or crash before this point leaves the claim, to be taken over later.
        async with self.store.unit() as unit:
            await unit.posts.mark_posted(post_id, message.message_id, message.thread_id, self.clock.now())
        self._known.add(post_id)
        log.info("posted %s to %s %s", topic.ref, channel.platform, channel.channel_id)
        return 1

    async def _posts(self, topic_id: int) -> tuple[Topic, object, list[Post]]:
        async with self.store.reading() as unit:
            topic = await unit.topics.get(topic_id)
            tally = await unit.votes.tally(topic)
            posts = [p for p in await unit.posts.of_topic(topic_id) if p.state == "posted"]
        return topic, tally, [p for p in posts if p.channel.platform in self.adapters]

    async def refresh(self, topic_id: int) -> None:
        """Show a topic's current tally on each of its posts. Raises RefreshIncomplete
        if a post could not be updated for a reason that may pass (a rate limit), so
        the caller tries again later and the tally shown ends exact."""
        topic, tally, posts = await self._posts(topic_id)
        shown = tally if topic.results_visible(self.clock.now()) else None
        missed = 0
        for post in posts:
            try:
                await self.adapters[post.channel.platform].update_post(post, topic, shown)
            except DeliveryError as err:
                log.warning(
                    "could not update the tally in %s %s: %s", post.channel.platform, post.channel.channel_id, err
                )
                missed += not err.permanent
            except Exception:
                log.exception("updating the tally in %s %s failed", post.channel.platform, post.channel.channel_id)
                missed += 1
        if missed:
            raise RefreshIncomplete(f"{missed} posts of topic {topic_id} still show an old tally")

    async def finalise(self) -> int:
        """Show the final result on posts of closed topics, once per post."""
        async with self.store.unit() as unit:
            claimed = await unit.posts.claim_finalise(list(self.adapters), self.clock.now())
        for post in claimed:
            topic, tally, _ = await self._posts(post.topic_id)
            adapter = self.adapters[post.channel.platform]
            await self._safely(adapter.update_post(post, topic, tally), post)
            await self._safely(adapter.reply_in_thread(post, plaintext.final_result(topic, tally)), post)
        return len(claimed)

    async def open_due(self) -> list[int]:
        """Open topics scheduled for now or earlier (they are then delivered like any other)."""
        async with self.store.unit() as unit:
            opened = await unit.topics.open_due(self.clock.now())
        for topic_id in opened:
            log.info("opened topic %s at its publishing time", topic_id)
        return opened

    async def close_due(self) -> list[int]:
        """Close topics whose closing time has passed."""
        now = self.clock.now()
        closed = []
        async with self.store.unit() as unit:
            for topic in await unit.topics.due_to_close(now):
                if await unit.topics.close(topic.id, topic.content.closes_at or now):
                    closed.append(topic.id)
                    log.info("closed %s at its closing time", topic.ref)
        return closed

    async def _safely(self, call: Awaitable, post: Post) -> None:
        try:
            await call
        except Exception as err:  # one channel's trouble must not stop the others
            log.warning("could not update the post in %s %s: %s", post.channel.platform, post.channel.channel_id, err)


class RefreshIncomplete(Exception):
    """Some posts still show an old tally; worth trying again."""


class TallyUpdates:
    """Coalesces tally refreshes: at most one per topic per `interval` seconds, and
    always one after the last change, so the final tally shown is exact."""

    def __init__(self, refresh: Callable[[int], Awaitable[None]], interval: float = 1.0, sleep=asyncio.sleep) -> None:
        self._refresh = refresh
        self._interval = interval
        self._sleep = sleep
        self._dirty: set[int] = set()
        self._running: dict[int, asyncio.Task] = {}

    def touch(self, topic_id: int) -> None:
        self._dirty.add(topic_id)
        if topic_id not in self._running:
            self._running[topic_id] = asyncio.create_task(self._run(topic_id))

    async def _run(self, topic_id: int) -> None:
        try:
            while topic_id in self._dirty:
                self._dirty.discard(topic_id)
                try:
                    await self._refresh(topic_id)
                except RefreshIncomplete:
                    self._dirty.add(topic_id)  # again after the pause
                except Exception:
                    log.exception("tally refresh failed")
                await self._sleep(self._interval)
        finally:
            self._running.pop(topic_id, None)

    async def drain(self) -> None:
        """Wait for pending refreshes (on shutdown, and in tests)."""
        while self._running:
            await asyncio.gather(*self._running.values(), return_exceptions=True)
