"""Posts: a topic's message in each channel, claimed before it is posted (so each channel gets
it once however many instances try), found again by its thread or its message."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.members import ChannelRef, ChannelRole
from bot.domain.posts import Post, PostLocator
from storage import statements
from storage.known import Learned
from storage.models import ChannelRow, PostRow, ReplyRow, TopicRow
from storage.repositories import _insert


def _post(row: PostRow, channel: ChannelRow) -> Post:
    return Post(
        id=row.id,
        topic_id=row.topic_id,
        channel=ChannelRef(
            channel.platform, channel.workspace_id, channel.channel_id, ChannelRole(channel.role), channel.name
        ),
        state=row.state,
        message_id=row.message_id,
        thread_id=row.thread_id,
    )


class Posts:
    def __init__(self, session: AsyncSession, learned: Learned) -> None:
        self.s = session
        self.learned = learned

    async def claim(self, topic_id: int, channel_id: int, now: datetime) -> int | None:
        """Reserve the right to post a topic in a channel; None if already claimed."""
        insert = _insert(self.s)(PostRow).values(
            topic_id=topic_id, channel_id=channel_id, state="claimed", claimed_at=now
        )
        result = await self.s.execute(
            insert.on_conflict_do_nothing(index_elements=["topic_id", "channel_id"]).returning(PostRow.id)
        )
        return result.scalar_one_or_none()

    async def reclaim_stale(
        self, channel_ids: Sequence[int], older_than: datetime, now: datetime
    ) -> list[tuple[int, int, int]]:
        """Take over claims left unfinished (a crash mid-post): (post, topic, channel)."""
        if not channel_ids:
            return []
        query = select(PostRow.id, PostRow.topic_id, PostRow.channel_id).where(
            PostRow.channel_id.in_(channel_ids), PostRow.state == "claimed", PostRow.claimed_at < older_than
        )
        taken = []
        for post_id, topic_id, channel_id in (await self.s.execute(query)).all():
            won = await self.s.execute(
                update(PostRow)
                .where(PostRow.id == post_id, PostRow.state == "claimed", PostRow.claimed_at < older_than)
                .values(claimed_at=now)
            )
            if won.rowcount == 1:
                taken.append((post_id, topic_id, channel_id))
        return taken

    async def mark_posted(self, post_id: int, message_id: str, thread_id: str, now: datetime) -> None:
        await self.s.execute(
            update(PostRow)
            .where(PostRow.id == post_id)
            .values(state="posted", message_id=message_id, thread_id=thread_id, posted_at=now, error=None)
        )

    async def mark_failed(self, post_id: int, error: str) -> None:
        await self.s.execute(update(PostRow).where(PostRow.id == post_id).values(state="failed", error=error))

    async def retry_failed(self, channel_ids: Sequence[int]) -> int:
        """Give posts that failed for good another chance (someone may have fixed the
        channel since): they are taken over, looking for the message first."""
        if not channel_ids:
            return 0
        long_ago = datetime(2000, 1, 1, tzinfo=timezone.utc)
        result = await self.s.execute(
            update(PostRow)
            .where(PostRow.channel_id.in_(channel_ids), PostRow.state == "failed")
            .values(state="claimed", claimed_at=long_ago)
        )
        return result.rowcount

    async def retry_later(self, post_id: int) -> None:
        """A post failed in a way that may pass, and may even have reached the platform:
        date the claim back so the next round takes it over, looking for the message first."""
        long_ago = datetime(2000, 1, 1, tzinfo=timezone.utc)
        await self.s.execute(
            update(PostRow).where(PostRow.id == post_id, PostRow.state == "claimed").values(claimed_at=long_ago)
        )

    async def claim_finalise(self, platforms: Sequence[str], now: datetime) -> list[Post]:
        """Posts of closed topics whose final result is not shown yet, claimed for showing."""
        query = (
            select(PostRow.id)
            .join(TopicRow, TopicRow.id == PostRow.topic_id)
            .join(ChannelRow, ChannelRow.id == PostRow.channel_id)
            .where(
                TopicRow.status == "closed",
                PostRow.state == "posted",
                PostRow.finalised_at.is_(None),
                ChannelRow.platform.in_(platforms),
            )
        )
        claimed = []
        for post_id in (await self.s.execute(query)).scalars().all():
            won = await self.s.execute(
                update(PostRow).where(PostRow.id == post_id, PostRow.finalised_at.is_(None)).values(finalised_at=now)
            )
            if won.rowcount == 1:
                claimed.append(post_id)
        if not claimed:
            return []
        rows = await self.s.execute(
            select(PostRow, ChannelRow)
            .join(ChannelRow, ChannelRow.id == PostRow.channel_id)
            .where(PostRow.id.in_(claimed))
        )
        return [_post(*r) for r in rows.all()]

    async def at(self, where: PostLocator) -> Post | None:
        """The post an event names, by its thread or by its message. A posted post is remembered
        (storage/known.py): once posted, it stays where it is."""
        known_as = (where.platform, where.workspace_id, where.channel_id, where.thread_id, where.message_id)
        known = self.learned.known.posts.get(known_as)
        if known is not None:
            return known
        by_thread, in_channel = where.thread_id is not None, where.channel_id is not None
        params = {"platform": where.platform, "workspace_id": where.workspace_id, "channel_id": where.channel_id}
        params |= {"thread_id": where.thread_id, "message_id": where.message_id}
        found = (await statements.run(self.s, statements.post_at(by_thread, in_channel), params)).first()
        if found is None:
            return None
        channel = ChannelRef(found.platform, found.workspace_id, found.channel_id, ChannelRole(found.role), found.name)
        post = Post(found.id, found.topic_id, channel, found.state, found.message_id, found.thread_id)
        self.learned.later(lambda known: known.posts.__setitem__(known_as, post))
        return post

    async def of_topic(self, topic_id: int) -> list[Post]:
        query = (
            select(PostRow, ChannelRow)
            .join(ChannelRow, PostRow.channel_id == ChannelRow.id)
            .where(PostRow.topic_id == topic_id)
            .order_by(PostRow.id)
        )
        return [_post(*r) for r in (await self.s.execute(query)).all()]

    async def open_in(self, channel_ids: Sequence[int]) -> list[Post]:
        """Posts of open topics in these channels, oldest first."""
        query = (
            select(PostRow, ChannelRow)
            .join(ChannelRow, ChannelRow.id == PostRow.channel_id)
            .join(TopicRow, TopicRow.id == PostRow.topic_id)
            .where(PostRow.channel_id.in_(channel_ids), PostRow.state == "posted", TopicRow.status == "open")
            .order_by(PostRow.topic_id)
        )
        return [_post(*r) for r in (await self.s.execute(query)).all()]

    async def missing(self, channel_ids: Sequence[int]) -> list[tuple[int, int]]:
        """(topic, channel) pairs where an open topic has no post yet."""
        if not channel_ids:
            return []
        query = (
            select(TopicRow.id, ChannelRow.id)
            .join(ChannelRow, ChannelRow.id.in_(channel_ids))
            .outerjoin(PostRow, (PostRow.topic_id == TopicRow.id) & (PostRow.channel_id == ChannelRow.id))
            .where(TopicRow.status == "open", PostRow.id.is_(None))
            .order_by(TopicRow.id, ChannelRow.id)
        )
        return [(t, c) for t, c in (await self.s.execute(query)).all()]

    async def of_reply(self, where: PostLocator, message_id: str) -> Post | None:
        """The post a known reply is in, found by its channel and message id alone (a deletion
        that does not say which thread the message was in)."""
        query = (
            select(PostRow, ChannelRow)
            .join(ReplyRow, PostRow.id == ReplyRow.post_id)
            .join(ChannelRow, ChannelRow.id == PostRow.channel_id)
            .where(
                ReplyRow.message_id == message_id,
                ChannelRow.platform == where.platform,
                ChannelRow.workspace_id == where.workspace_id,
                ChannelRow.channel_id == where.channel_id,
            )
            .limit(1)
        )
        found = (await self.s.execute(query)).first()
        return _post(*found) if found else None
