"""Reads of stored replies by their stable id, for an adapter that names replies by it.

The console calls a reply `r42`, the export `REPLY-0042`: both are the reply's row id,
which stays the same across restarts. The core finds a reply by the platform's message
id; these reads connect the two, and list what a post's thread holds.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.replies import StoredReply
from bot.domain.topics import MAX_ID
from storage.models import ChannelRow, MemberRow, PostRow, ReplyRow


def _query():
    return (
        select(ReplyRow, PostRow, ChannelRow, MemberRow.platform, MemberRow.workspace_id, MemberRow.user_id)
        .join(PostRow, ReplyRow.post_id == PostRow.id)
        .join(ChannelRow, PostRow.channel_id == ChannelRow.id)
        .outerjoin(MemberRow, ReplyRow.member_id == MemberRow.id)
    )


def _stored(reply: ReplyRow, post: PostRow, channel: ChannelRow, platform, workspace, user_id) -> StoredReply:
    same_place = (platform, workspace) == (channel.platform, channel.workspace_id)
    return StoredReply(
        id=reply.id,
        topic_id=post.topic_id,
        platform=channel.platform,
        workspace_id=channel.workspace_id,
        channel_id=channel.channel_id,
        thread_id=post.thread_id,
        message_id=reply.message_id,
        author=user_id if same_place else None,
        text=reply.text,
        posted_at=reply.posted_at,
        edited=reply.edited_at is not None,
        deleted=reply.deleted_at is not None,
    )


class Lookups:
    """Replies by their stable id or by their message, and what a post's thread holds."""

    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def reply(self, reply_id: int) -> StoredReply | None:
        """The reply `REPLY-0042` (id 42), deleted or not; None if there is none."""
        if not 1 <= reply_id <= MAX_ID:
            return None
        found = (await self.s.execute(_query().where(ReplyRow.id == reply_id))).first()
        return _stored(*found) if found else None

    async def reply_to(self, post_id: int, message_id: str) -> StoredReply | None:
        """The reply a platform message in a post's thread was recorded as."""
        query = _query().where(ReplyRow.post_id == post_id, ReplyRow.message_id == message_id)
        found = (await self.s.execute(query)).first()
        return _stored(*found) if found else None

    async def thread(self, post_id: int) -> list[StoredReply]:
        """The replies in a post's thread that are still there (not deleted), oldest first."""
        query = _query().where(ReplyRow.post_id == post_id, ReplyRow.deleted_at.is_(None))
        rows = (await self.s.execute(query.order_by(ReplyRow.posted_at, ReplyRow.id))).all()
        return [_stored(*row) for row in rows]
