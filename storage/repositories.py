"""Queries behind the core's repositories: topics, channels, reactions, replies, ideas,
scheduled runs and seen events (members and posts have modules of their own). Everything
returns domain objects or plain values, never ORM rows, so the core does not depend on the schema."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.members import ChannelRef
from bot.domain.topics import PolicyCard, QuickPoll, SlugTaken, Topic, TopicStatus
from storage import statements
from storage.known import Learned
from storage.models import (
    ChannelRow,
    IdeaRow,
    ReactionRow,
    ReplyRow,
    ScheduledRunRow,
    SeenEventRow,
    TopicRow,
)


def _insert(session: AsyncSession):
    return postgresql.insert if session.bind.dialect.name == "postgresql" else sqlite.insert


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
    def __init__(self, session: AsyncSession, learned: Learned) -> None:
        self.s = session
        self.learned = learned

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
        row = (await statements.run(self.s, statements.topic_state(hold), {"topic_id": topic_id})).first()
        if row is None:
            return None
        known = self.learned.known.topics.get(topic_id)
        if known is not None and known.content.slug == row.slug:  # content is read and validated once
            content = known.content
        else:
            kind, raw = (
                await self.s.execute(select(TopicRow.kind, TopicRow.content).where(TopicRow.id == topic_id))
            ).one()
            content = (PolicyCard if kind == "card" else QuickPoll).model_validate(raw)
        topic = Topic(topic_id, content, TopicStatus(row.status), row.published_at, row.closed_at)
        self.learned.later(lambda known: known.topics.__setitem__(topic_id, topic))
        return topic

    async def recalled(self, topic_id: int) -> Topic | None:
        """The topic as this process last read it, else as it is now. Its content never changes;
        its status may have, so whatever acts on it checks that in the same statement (`Votes.cast`)."""
        known = self.learned.known.topics.get(topic_id)
        return known if known is not None else await self.get(topic_id)

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


class Reactions:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, post_id: int, member_id: int, emoji: str, now: datetime) -> None:
        params = {"post_id": post_id, "member_id": member_id, "emoji": emoji, "now": now}
        await statements.run(self.s, statements.add_reaction(self.s.bind.dialect.name), params)

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

    async def post(self, post_id: int, member_id: int | None, message_id: str, text: str, now: datetime) -> bool:
        """Record a new reply, its masked copy to follow; False if this message was already known
        (posted, edited or deleted)."""
        params = {"post_id": post_id, "member_id": member_id, "message_id": message_id, "text": text, "now": now}
        result = await statements.run(self.s, statements.post_reply(self.s.bind.dialect.name), params)
        return result.scalar_one_or_none() is not None

    async def edit(self, post_id: int, member_id: int | None, message_id: str, text: str, now: datetime) -> None:
        """Keep the latest text (its masked copy, of the old text, goes: the new one follows).
        An edit of a reply never seen (it was missed) records it; an edit of a deleted reply
        changes nothing."""
        if not await self.post(post_id, member_id, message_id, text, now):
            await self.s.execute(
                update(ReplyRow)
                .where(
                    ReplyRow.post_id == post_id,
                    ReplyRow.message_id == message_id,
                    ReplyRow.deleted_at.is_(None),
                    ReplyRow.member_id == member_id,  # platforms let only the author edit
                )
                .values(text=text, masked_text=None, edited_at=now)
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

    async def add(self, member_id: int, text: str, event_key: str, now: datetime) -> int:
        """Record an idea, its masked copy to follow."""
        row = IdeaRow(member_id=member_id, text=text, submitted_at=now, event_key=event_key)
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
        statement = statements.first_sight(self.s.bind.dialect.name)
        result = await statements.run(self.s, statement, {"platform": platform, "event_id": event_id, "now": now})
        return result.scalar_one_or_none() is not None
