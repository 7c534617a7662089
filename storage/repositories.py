"""Queries behind the core's repositories. Everything returns domain objects
or plain values, never ORM rows, so the core does not depend on the schema."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timezone

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.members import ChannelRef, ChannelRole, MemberRef
from bot.domain.posts import Post, PostLocator
from bot.domain.topics import PolicyCard, QuickPoll, SlugTaken, Topic, TopicStatus
from storage.models import (
    ChannelRow,
    IdeaRow,
    MemberRow,
    PostRow,
    ReactionRow,
    ReplyRow,
    ScheduledRunRow,
    SeenEventRow,
    TopicRow,
)

# The user id of an anonymous voter, one kept vote (or choose-any ballot) of an erased member.
ANONYMOUS = "anonymous:"
_PSEUDONYM_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _insert(session: AsyncSession):
    return postgresql.insert if session.bind.dialect.name == "postgresql" else sqlite.insert


def _shuffle(items: list) -> None:
    secrets.SystemRandom().shuffle(items)


def new_pseudonym() -> str:
    return "m-" + "".join(secrets.choice(_PSEUDONYM_ALPHABET) for _ in range(10))


def _topic(row: TopicRow) -> Topic:
    model = PolicyCard if row.kind == "card" else QuickPoll
    return Topic(
        id=row.id,
        content=model.model_validate(row.content),
        status=TopicStatus(row.status),
        published_at=row.published_at,
        closed_at=row.closed_at,
    )


class Topics:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, content: PolicyCard | QuickPoll, now: datetime) -> Topic:
        row = TopicRow(
            kind=content.kind,
            slug=content.slug,
            title=content.title,
            content=content.model_dump(mode="json", exclude_none=True),
            option_count=len(content.options),
            multiple=content.multiple,
            status=(
                TopicStatus.SCHEDULED if content.publish_at and content.publish_at > now else TopicStatus.OPEN
            ).value,
            opens_at=content.opens_at,
            closes_at=content.closes_at,
            published_at=content.publish_at if content.publish_at and content.publish_at > now else now,
        )
        self.s.add(row)
        try:
            await self.s.flush()
        except IntegrityError:  # the unique slug: another process published it a moment ago
            raise SlugTaken(content.slug) from None
        return _topic(row)

    async def get(self, topic_id: int, *, hold: bool = False) -> Topic | None:
        """`hold`: keep the topic from being closed until this transaction ends, so a
        vote checked as "open" cannot land after a concurrent close (PostgreSQL
        FOR SHARE; SQLite already serialises writers)."""
        query = select(TopicRow).where(TopicRow.id == topic_id)
        if hold:
            query = query.with_for_update(read=True)
        row = (await self.s.execute(query)).scalar_one_or_none()
        return _topic(row) if row else None

    async def by_slug(self, slug: str) -> Topic | None:
        row = (await self.s.execute(select(TopicRow).where(TopicRow.slug == slug))).scalar_one_or_none()
        return _topic(row) if row else None

    async def list(self, status: TopicStatus | None = None) -> list[Topic]:
        query = select(TopicRow).order_by(TopicRow.id)
        if status is not None:
            query = query.where(TopicRow.status == status.value)
        return [_topic(r) for r in (await self.s.execute(query)).scalars()]

    async def close(self, topic_id: int, now: datetime) -> bool:
        """Close an open topic. False if it was already closed (someone else won)."""
        result = await self.s.execute(
            update(TopicRow)
            .where(TopicRow.id == topic_id, TopicRow.status == TopicStatus.OPEN.value)
            .values(status=TopicStatus.CLOSED.value, closed_at=now)
        )
        return result.rowcount == 1

    async def open_due(self, now: datetime) -> list[int]:
        """Open the scheduled topics whose time has come; each is opened by one caller only."""
        due = select(TopicRow.id).where(TopicRow.status == "scheduled", TopicRow.published_at <= now)
        opened = []
        for topic_id in (await self.s.execute(due)).scalars().all():
            won = await self.s.execute(
                update(TopicRow).where(TopicRow.id == topic_id, TopicRow.status == "scheduled").values(status="open")
            )
            if won.rowcount == 1:
                opened.append(topic_id)
        return opened

    async def due_to_close(self, now: datetime) -> list[Topic]:
        query = select(TopicRow).where(TopicRow.status == "open", TopicRow.closes_at <= now)
        return [_topic(r) for r in (await self.s.execute(query)).scalars()]


class Members:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def ensure(self, member: MemberRef, now: datetime) -> int:
        """The member's id, registering them on first sight; their role follows the platform."""
        key = (
            MemberRow.platform == member.platform,
            MemberRow.workspace_id == member.workspace_id,
            MemberRow.user_id == member.user_id,
        )
        found = (await self.s.execute(select(MemberRow.id, MemberRow.role).where(*key))).first()
        if found is not None:
            if found.role != member.role.value:
                await self.s.execute(update(MemberRow).where(MemberRow.id == found.id).values(role=member.role.value))
            return found.id
        insert = _insert(self.s)(MemberRow).values(
            platform=member.platform,
            workspace_id=member.workspace_id,
            user_id=member.user_id,
            pseudonym=new_pseudonym(),
            role=member.role.value,
            is_bot=member.is_bot,
            first_seen_at=now,
        )
        inserted = await self.s.execute(
            insert.on_conflict_do_nothing(index_elements=["platform", "workspace_id", "user_id"]).returning(
                MemberRow.id
            )
        )
        member_id = inserted.scalar_one_or_none()
        if member_id is None:  # another transaction registered them a moment ago
            member_id = (await self.s.execute(select(MemberRow.id).where(*key))).scalar_one()
        return member_id

    async def find(self, member: MemberRef) -> int | None:
        query = select(MemberRow.id).where(
            MemberRow.platform == member.platform,
            MemberRow.workspace_id == member.workspace_id,
            MemberRow.user_id == member.user_id,
        )
        return (await self.s.execute(query)).scalar_one_or_none()

    async def by_pseudonym(self, pseudonym: str) -> int | None:
        query = select(MemberRow.id).where(MemberRow.pseudonym == pseudonym.strip())
        return (await self.s.execute(query)).scalar_one_or_none()

    async def erase(self, member_id: int, now: datetime) -> tuple[dict[str, int], list[int]]:
        """Forget a person, keeping closed results true.

        Their replies (deleted ones too), ideas and reactions are deleted, and so are their
        votes on topics still open, with their history (the person may vote again, as a new
        member). Each closed topic's votes stay counted, moved to an anonymous voter of that
        topic alone and dated to its end (see `Votes.hand_over`), so no two kept votes share
        a voter and none keeps its time. Last the member goes: the platform identity is
        forgotten, and the same person writing again is a new member, with a new pseudonym.

        Returns ({what: how many}, the topics whose tallies changed)."""
        from storage.votes import Votes  # votes.py builds on this module

        votes = Votes(self.s)
        platform = (await self.s.execute(select(MemberRow.platform).where(MemberRow.id == member_id))).scalar_one()
        ended = await votes.ended_with_votes(member_id, now)
        _shuffle(ended)  # the anonymous voters' ids say nothing of the topics' order
        kept = 0
        for topic_id, at in ended:
            kept += await votes.hand_over(topic_id, member_id, await self._anonymous(platform, at), at)
        removed, changed = await votes.remove_all(member_id)
        reactions = await self.s.execute(delete(ReactionRow).where(ReactionRow.member_id == member_id))
        replies = await self.s.execute(
            delete(ReplyRow).where(ReplyRow.member_id == member_id).returning(ReplyRow.post_id)
        )
        replied_on = list(replies.scalars())  # a post per reply deleted
        ideas = await self.s.execute(delete(IdeaRow).where(IdeaRow.member_id == member_id))
        await self.s.execute(delete(MemberRow).where(MemberRow.id == member_id))
        if replied_on:  # threads that lost replies: their posts show the topics afresh
            posts = select(PostRow.topic_id).where(PostRow.id.in_(set(replied_on)))
            changed = sorted(set(changed) | set((await self.s.execute(posts)).scalars()))
        erased = {
            "replies": len(replied_on),
            "ideas": ideas.rowcount,
            "reactions": reactions.rowcount,
            "votes removed": removed,
            "votes kept anonymously": kept,
        }
        return erased, changed

    async def _anonymous(self, platform: str, at: datetime) -> int:
        """A voter standing for one erased member on one topic: no platform identity (a random
        id no platform will ever send), a pseudonym like anyone's, first seen when the topic ended."""
        row = MemberRow(
            platform=platform,
            workspace_id="",
            user_id=ANONYMOUS + secrets.token_hex(16),
            pseudonym=new_pseudonym(),
            role="member",
            is_bot=False,
            first_seen_at=at,
        )
        self.s.add(row)
        await self.s.flush()
        return row.id

    async def pseudonym(self, member_id: int) -> str:
        return (await self.s.execute(select(MemberRow.pseudonym).where(MemberRow.id == member_id))).scalar_one()


class Channels:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def register(self, channel: ChannelRef) -> int:
        insert = _insert(self.s)(ChannelRow).values(
            platform=channel.platform,
            workspace_id=channel.workspace_id,
            channel_id=channel.channel_id,
            role=channel.role.value,
            name=channel.name,
        )
        await self.s.execute(
            insert.on_conflict_do_update(
                index_elements=["platform", "workspace_id", "channel_id"],
                set_={"role": channel.role.value, "name": channel.name},
            )
        )
        return await self.id_of(channel)

    async def id_of(self, channel: ChannelRef) -> int:
        query = select(ChannelRow.id).where(
            ChannelRow.platform == channel.platform,
            ChannelRow.workspace_id == channel.workspace_id,
            ChannelRow.channel_id == channel.channel_id,
        )
        return (await self.s.execute(query)).scalar_one()


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
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

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
        """The post an event names, by its thread or by its message."""
        query = (
            select(PostRow, ChannelRow)
            .join(ChannelRow, PostRow.channel_id == ChannelRow.id)
            .where(
                ChannelRow.platform == where.platform,
                ChannelRow.workspace_id == where.workspace_id,
                PostRow.state == "posted",
            )
        )
        if where.channel_id is not None:
            query = query.where(ChannelRow.channel_id == where.channel_id)
        if where.thread_id is not None:
            query = query.where(PostRow.thread_id == where.thread_id)
        else:
            query = query.where(PostRow.message_id == where.message_id)
        found = (await self.s.execute(query.limit(1))).first()
        return _post(*found) if found else None

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


class Reactions:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, post_id: int, member_id: int, emoji: str, now: datetime) -> None:
        insert = _insert(self.s)(ReactionRow).values(post_id=post_id, member_id=member_id, emoji=emoji, added_at=now)
        await self.s.execute(insert.on_conflict_do_nothing(index_elements=["post_id", "member_id", "emoji"]))

    async def remove(self, post_id: int, member_id: int, emoji: str) -> None:
        await self.s.execute(
            delete(ReactionRow).where(
                ReactionRow.post_id == post_id, ReactionRow.member_id == member_id, ReactionRow.emoji == emoji
            )
        )

    async def clear(self, post_id: int, emoji: str | None = None) -> None:
        query = delete(ReactionRow).where(ReactionRow.post_id == post_id)
        if emoji is not None:
            query = query.where(ReactionRow.emoji == emoji)
        await self.s.execute(query)


class Replies:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def post_of(self, where: PostLocator, message_id: str) -> Post | None:
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

    async def post(
        self, post_id: int, member_id: int | None, message_id: str, text: str, masked: str, now: datetime
    ) -> bool:
        """Record a new reply; False if this message was already known (posted, edited or deleted)."""
        insert = _insert(self.s)(ReplyRow).values(
            post_id=post_id, member_id=member_id, message_id=message_id, text=text, masked_text=masked, posted_at=now
        )
        result = await self.s.execute(
            insert.on_conflict_do_nothing(index_elements=["post_id", "message_id"]).returning(ReplyRow.id)
        )
        return result.scalar_one_or_none() is not None

    async def edit(
        self, post_id: int, member_id: int | None, message_id: str, text: str, masked: str, now: datetime
    ) -> None:
        """Keep the latest text (and its masked copy). An edit of a reply never seen (it was
        missed) records it; an edit of a deleted reply changes nothing."""
        if not await self.post(post_id, member_id, message_id, text, masked, now):
            await self.s.execute(
                update(ReplyRow)
                .where(
                    ReplyRow.post_id == post_id,
                    ReplyRow.message_id == message_id,
                    ReplyRow.deleted_at.is_(None),
                    ReplyRow.member_id == member_id,  # platforms let only the author edit
                )
                .values(text=text, masked_text=masked, edited_at=now)
            )
        else:
            await self.s.execute(
                update(ReplyRow)
                .where(ReplyRow.post_id == post_id, ReplyRow.message_id == message_id)
                .values(edited_at=now)
            )

    async def delete(self, post_id: int, member_id: int | None, message_id: str, now: datetime) -> None:
        """Drop the text and keep a tombstone, so a late redelivery cannot bring the reply back."""
        insert = _insert(self.s)(ReplyRow).values(
            post_id=post_id, member_id=member_id, message_id=message_id, text=None, posted_at=now, deleted_at=now
        )
        await self.s.execute(
            insert.on_conflict_do_update(
                index_elements=["post_id", "message_id"], set_={"text": None, "masked_text": None, "deleted_at": now}
            )
        )


class Ideas:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, member_id: int, text: str, masked: str, event_key: str, now: datetime) -> int:
        row = IdeaRow(member_id=member_id, text=text, masked_text=masked, submitted_at=now, event_key=event_key)
        self.s.add(row)
        await self.s.flush()
        return row.id

    async def by_event(self, event_key: str) -> int | None:
        return (await self.s.execute(select(IdeaRow.id).where(IdeaRow.event_key == event_key))).scalar_one_or_none()


class ScheduledRuns:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def claim(self, key: str, now: datetime) -> bool:
        """True for the one caller that gets to do this run."""
        insert = _insert(self.s)(ScheduledRunRow).values(key=key, claimed_at=now)
        result = await self.s.execute(
            insert.on_conflict_do_nothing(index_elements=["key"]).returning(ScheduledRunRow.key)
        )
        return result.scalar_one_or_none() is not None

    async def claimed_at(self, key: str) -> datetime | None:
        query = select(ScheduledRunRow.claimed_at).where(ScheduledRunRow.key == key)
        return (await self.s.execute(query)).scalar_one_or_none()

    async def release(self, key: str) -> None:
        await self.s.execute(delete(ScheduledRunRow).where(ScheduledRunRow.key == key))

    async def take_over(self, key: str, stale_before: datetime, now: datetime) -> bool:
        """Claim a run whose claim is older than `stale_before` (its owner died mid-run): True for
        the one caller whose update finds it still stale."""
        result = await self.s.execute(
            update(ScheduledRunRow)
            .where(ScheduledRunRow.key == key, ScheduledRunRow.claimed_at < stale_before)
            .values(claimed_at=now)
        )
        return result.rowcount == 1


class SeenEvents:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def forget_before(self, moment: datetime) -> int:
        """Drop event ids older than any platform redelivers (Slack: hours; Discord: a resume)."""
        result = await self.s.execute(delete(SeenEventRow).where(SeenEventRow.seen_at < moment))
        return result.rowcount

    async def first_sight(self, platform: str, event_id: str, now: datetime) -> bool:
        """Record an inbound event; False if it was seen before.

        Runs in the same transaction as the event's effect, so the two commit together.
        """
        insert = _insert(self.s)(SeenEventRow).values(platform=platform, event_id=event_id, seen_at=now)
        result = await self.s.execute(
            insert.on_conflict_do_nothing(index_elements=["platform", "event_id"]).returning(SeenEventRow.event_id)
        )
        return result.scalar_one_or_none() is not None
