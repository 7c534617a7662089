"""A reply as recorded, as an adapter that names replies by their stable number reads it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.posts import PostLocator
from bot.domain.topics import reply_ref


@dataclass(frozen=True, slots=True)
class StoredReply:
    """A reply as recorded, with where it was posted and who wrote it (their platform's own
    id for them; None if that is no longer known)."""

    id: int
    topic_id: int
    platform: str
    workspace_id: str
    channel_id: str
    thread_id: str | None
    message_id: str
    author: str | None
    text: str | None
    posted_at: datetime
    edited: bool
    deleted: bool

    @property
    def ref(self) -> str:
        return reply_ref(self.id)

    def locator(self) -> PostLocator:
        """The post's thread, as a reply event names it."""
        return PostLocator(self.platform, self.workspace_id, self.channel_id, thread_id=self.thread_id)
