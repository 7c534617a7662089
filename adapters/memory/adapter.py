"""A platform that lives in memory: it records what the core asks of it and lets
a test (or the demo) act as members, with the same events a real platform sends."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.clock import Clock, SystemClock
from bot.domain import ChannelRef, ChannelRole, MemberRef, Post, PostedMessage, Role, Tally, Topic
from bot.errors import DeliveryError
from bot.events import (
    CommandInvoked,
    IdeaSubmitted,
    Outcome,
    PostLocator,
    ReactionAdded,
    ReactionRemoved,
    ReplyDeleted,
    ReplyEdited,
    ReplyPosted,
    VoteCast,
)
from bot.platform import Adapter, Dispatch


@dataclass
class Message:
    channel: ChannelRef
    message_id: str
    topic: Topic
    tally: Tally | None
    thread: list[str] = field(default_factory=list)


class MemoryAdapter(Adapter):
    def __init__(
        self,
        platform: str = "memory",
        workspace_id: str = "W1",
        member_channels: Sequence[str] = ("C-members",),
        staff_channel: str | None = "C-staff",
        clock: Clock | None = None,
        messages: dict | None = None,
    ) -> None:
        """`messages`: pass one dict to several adapters to have them share one platform,
        as two bot instances share one Slack workspace."""
        self.platform = platform
        self.workspace_id = workspace_id
        self._channels = [ChannelRef(platform, workspace_id, c, ChannelRole.MEMBER, c) for c in member_channels]
        if staff_channel:
            self._channels.append(ChannelRef(platform, workspace_id, staff_channel, ChannelRole.STAFF, staff_channel))
        self.clock = clock or SystemClock()
        self.messages: dict[str, Message] = {} if messages is None else messages
        self.staff_posts: list[str] = []
        self.broken_channels: dict[str, bool] = {}  # channel id -> permanent?
        self._dispatch: Dispatch | None = None
        self._ids = itertools.count(1)
        self._closed = asyncio.Event()

    # -- the contract -------------------------------------------------------

    def channels(self) -> Sequence[ChannelRef]:
        return self._channels

    async def start(self, dispatch: Dispatch) -> None:
        self._dispatch = dispatch

    async def stop(self) -> None:
        self._closed.set()

    async def wait_closed(self) -> None:
        await self._closed.wait()

    async def post_topic(self, channel: ChannelRef, topic: Topic, tally: Tally | None) -> PostedMessage:
        if channel.channel_id in self.broken_channels:
            raise DeliveryError("channel_not_found", permanent=self.broken_channels[channel.channel_id])
        message_id = f"{channel.channel_id}-{uuid.uuid4().hex[:10]}"
        self.messages[message_id] = Message(channel, message_id, topic, tally)
        return PostedMessage(message_id=message_id, thread_id=message_id)

    async def find_post(self, channel: ChannelRef, topic: Topic) -> PostedMessage | None:
        for message in self.messages.values():
            if message.channel == channel and message.topic.id == topic.id:
                return PostedMessage(message.message_id, message.message_id)
        return None

    async def update_post(self, post: Post, topic: Topic, tally: Tally | None) -> None:
        message = self.messages[post.message_id]
        message.topic, message.tally = topic, tally

    async def reply_in_thread(self, post: Post, text: str) -> None:
        self.messages[post.message_id].thread.append(text)

    async def post_to_staff(self, text: str) -> None:
        self.staff_posts.append(text)

    # -- acting as members ----------------------------------------------------

    def member(self, user_id: str, *, staff: bool = False, bot: bool = False) -> MemberRef:
        return MemberRef(self.platform, self.workspace_id, user_id, Role.STAFF if staff else Role.MEMBER, bot)

    def posts_of(self, topic_id: int) -> list[Message]:
        return [m for m in self.messages.values() if m.topic.id == topic_id]

    def locator(self, message: Message, *, by_message: bool = False) -> PostLocator:
        """How a platform names the post: by its thread (replies) or its message (clicks, reactions)."""
        if by_message:
            return PostLocator(
                self.platform, self.workspace_id, message.channel.channel_id, message_id=message.message_id
            )
        return PostLocator(self.platform, self.workspace_id, message.channel.channel_id, thread_id=message.message_id)

    def _event_id(self, event_id: str | None) -> str:
        return event_id or f"ev-{next(self._ids)}-{uuid.uuid4().hex[:8]}"

    def _now(self) -> datetime:
        return self.clock.now()

    async def vote(self, user: str, topic_id: int, option: int, *, event_id: str | None = None, **who) -> Outcome:
        posts = self.posts_of(topic_id)
        return await self._dispatch(
            VoteCast(
                event_id=self._event_id(event_id),
                member=self.member(user, **who),
                at=self._now(),
                topic_id=topic_id,
                option=option,
                post=self.locator(posts[0], by_message=True) if posts else None,
            )
        )

    async def reply(
        self,
        user: str,
        message: Message,
        text: str,
        *,
        message_id: str | None = None,
        event_id: str | None = None,
        **who,
    ) -> str:
        message_id = message_id or f"r-{uuid.uuid4().hex[:10]}"
        await self._dispatch(
            ReplyPosted(
                event_id=self._event_id(event_id),
                member=self.member(user, **who),
                at=self._now(),
                post=self.locator(message),
                message_id=message_id,
                text=text,
            )
        )
        return message_id

    async def edit(
        self, user: str, message: Message, message_id: str, text: str, *, event_id: str | None = None
    ) -> None:
        await self._dispatch(
            ReplyEdited(
                event_id=self._event_id(event_id),
                member=self.member(user),
                at=self._now(),
                post=self.locator(message),
                message_id=message_id,
                text=text,
            )
        )

    async def delete(self, user: str, message: Message, message_id: str, *, event_id: str | None = None) -> None:
        await self._dispatch(
            ReplyDeleted(
                event_id=self._event_id(event_id),
                member=self.member(user),
                at=self._now(),
                post=self.locator(message),
                message_id=message_id,
            )
        )

    async def react(
        self, user: str, message: Message, emoji: str, *, remove: bool = False, event_id: str | None = None, **who
    ) -> None:
        kind = ReactionRemoved if remove else ReactionAdded
        await self._dispatch(
            kind(
                event_id=self._event_id(event_id),
                member=self.member(user, **who),
                at=self._now(),
                post=self.locator(message, by_message=True),
                emoji=emoji,
            )
        )

    async def idea(self, user: str, text: str, *, event_id: str | None = None) -> Outcome:
        return await self._dispatch(
            IdeaSubmitted(event_id=self._event_id(event_id), member=self.member(user), at=self._now(), text=text)
        )

    async def command(self, user: str, text: str, *, staff: bool = False, event_id: str | None = None) -> Outcome:
        return await self._dispatch(
            CommandInvoked(
                event_id=self._event_id(event_id), member=self.member(user, staff=staff), at=self._now(), text=text
            )
        )
