"""The contract every platform adapter implements.

An adapter is handed the core's dispatch function at start; it turns platform
events into `bot.events` and calls it, and it carries out what the core asks
(post a card, update its tally, answer in its thread, post to staff, send an owed confirmation).
It never subclasses or reaches into the core.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Sequence

from bot.domain import ChannelRef, Post, PostedMessage, Tally, Topic
from bot.events import InboundEvent, Outcome
from bot.summary.documents import markdown
from bot.summary.heard import WhatWeHeard

Dispatch = Callable[[InboundEvent], Awaitable[Outcome]]


class Adapter(ABC):
    """A chat platform, as the core sees it."""

    platform: str

    @abstractmethod
    def channels(self) -> Sequence[ChannelRef]:
        """The member and staff channels this adapter serves."""

    async def setup(self) -> None:  # noqa: B027 - optional
        """Learn who we are on the platform (e.g. the workspace id) before `channels()` is asked."""

    @abstractmethod
    async def start(self, dispatch: Dispatch) -> None:
        """Connect and begin delivering events to `dispatch`. Returns once running."""

    @abstractmethod
    async def stop(self) -> None:
        """Disconnect; safe to call twice."""

    def health(self) -> tuple[bool, str]:
        """Whether the adapter can hear its platform now, and a few words why ("connected",
        "gateway reconnecting (attempt 3)"): `/healthz` answers 503 while any adapter is down."""
        return True, "running"

    async def send_owed(self, destination: str, text: str) -> bool:
        """Send a private answer the core kept for after the ack (`InboundEvent.reply_to` names
        `destination`). True once sent, or once it never can be (gone for good); False to try
        again later. Only adapters that set `reply_to` are asked."""
        return True

    def serve_health(self, source) -> bool:
        """An adapter that runs an HTTP server of its own (Slack in HTTP mode) serves `/healthz`
        there, from `source` (every adapter's state), and says True; the runtime serves it otherwise."""
        return False

    async def wait_closed(self) -> None:
        """Return when the adapter ends by itself (the console's `quit`).
        Platform adapters run until stopped, which is what the default does."""
        await asyncio.Event().wait()

    @abstractmethod
    async def post_topic(self, channel: ChannelRef, topic: Topic, tally: Tally | None) -> PostedMessage:
        """Post a card or poll with its buttons and open a thread for comment.
        `tally` is None while results are hidden. Raise `bot.errors.DeliveryError`."""

    async def find_post(self, channel: ChannelRef, topic: Topic) -> PostedMessage | None:
        """The topic's message in the channel, if one is there already. Asked only
        after a process stopped between posting and recording the post, so the
        topic is not posted twice; platforms that can search their history should."""
        return None

    async def restore(self, post: Post, topic: Topic, tally: Tally | None) -> None:  # noqa: B027 - optional
        """At start, the open topics this adapter posted before, so it can pick
        them up again (the console shows them; platforms keep their own)."""

    @abstractmethod
    async def update_post(self, post: Post, topic: Topic, tally: Tally | None) -> None:
        """Show the current tally (or, once closed, the final result) on a post."""

    @abstractmethod
    async def reply_in_thread(self, post: Post, text: str) -> None:
        """Say something in a post's thread (e.g. the final result at close)."""

    @abstractmethod
    async def post_to_staff(self, text: str) -> None:
        """Post to the staff channel."""

    async def post_summary(self, heard: WhatWeHeard, charts: dict[str, bytes]) -> None:
        """Post "what we heard" to the staff channel, charts (PNG by topic ref) beside it.
        Platforms render it their own way; plain text is the default."""
        await self.post_to_staff(markdown(heard, heard.period.start.tzinfo))
