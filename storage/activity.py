"""What happened in a period: the queries behind "what we heard". Bots never count;
deleted replies never appear."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import func, or_, select, tuple_, union
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.text import Unmasked
from bot.domain.topics import Topic
from storage.members import ANONYMOUS
from storage.models import (
    ChannelRow,
    IdeaRow,
    MemberRow,
    PostRow,
    ReactionRow,
    ReplyRow,
    TopicRow,
    VoteChangeRow,
    VoteRow,
)
from storage.repositories import _topic

PEOPLE = MemberRow.is_bot.is_(False)
# What a period's headline counts: not the kept votes of erased members, which are re-dated to
# their card's close (they were counted in the week they were cast) and belong to no one.
ACTIVE = PEOPLE & ~MemberRow.user_id.startswith(ANONYMOUS)


def _in_period(start: datetime, end: datetime):
    """Each measure: its rows of people (not bots) in the period, as (platform, member) pairs."""
    return {
        "votes": select(MemberRow.platform, VoteRow.member_id)
        .join(MemberRow, MemberRow.id == VoteRow.member_id)
        .where(ACTIVE, VoteRow.cast_at >= start, VoteRow.cast_at < end),
        "replies": select(MemberRow.platform, ReplyRow.member_id)
        .join(MemberRow, MemberRow.id == ReplyRow.member_id)
        .where(ACTIVE, ReplyRow.deleted_at.is_(None), ReplyRow.posted_at >= start, ReplyRow.posted_at < end),
        "reactions": select(MemberRow.platform, ReactionRow.member_id)
        .join(MemberRow, MemberRow.id == ReactionRow.member_id)
        .where(ACTIVE, ReactionRow.added_at >= start, ReactionRow.added_at < end),
        "ideas": select(MemberRow.platform, IdeaRow.member_id)
        .join(MemberRow, MemberRow.id == IdeaRow.member_id)
        .where(ACTIVE, IdeaRow.submitted_at >= start, IdeaRow.submitted_at < end),
    }


async def headline_counts(s: AsyncSession, start: datetime, end: datetime) -> dict[str, dict[str, int]]:
    """{measure: {platform: count}} for votes, replies, reactions, ideas and participants,
    counted by the database (a consultation can have a million votes)."""
    found: dict[str, dict[str, int]] = {}
    parts = _in_period(start, end)
    for name, rows in parts.items():
        sub = rows.subquery()
        query = select(sub.c.platform, func.count()).group_by(sub.c.platform)
        found[name] = {platform: n for platform, n in (await s.execute(query)).all()}
    everyone = union(*parts.values()).subquery()  # UNION: each (platform, member) once
    query = select(everyone.c.platform, func.count()).group_by(everyone.c.platform)
    found["participants"] = {platform: n for platform, n in (await s.execute(query)).all()}
    return found


async def active_topics(s: AsyncSession, start: datetime, end: datetime) -> list[Topic]:
    """Cards and polls open at some time in the period."""
    query = (
        select(TopicRow)
        .where(TopicRow.published_at < end, or_(TopicRow.closed_at.is_(None), TopicRow.closed_at >= start))
        .order_by(TopicRow.id)
    )
    return [_topic(row) for row in (await s.execute(query)).scalars()]


def _held_at(topic_ids: list[int], moment: datetime):
    """Each (topic, member, slot)'s entry in force at `moment`: the last change before it.
    Ids grow in the order changes are recorded, so the greatest id is the latest."""
    last = (
        select(func.max(VoteChangeRow.id).label("id"))
        .where(VoteChangeRow.topic_id.in_(topic_ids), VoteChangeRow.at < moment)
        .group_by(VoteChangeRow.topic_id, VoteChangeRow.member_id, VoteChangeRow.slot)
        .subquery()
    )
    return (
        select(VoteChangeRow.topic_id, VoteChangeRow.member_id, VoteChangeRow.option)
        .join(last, last.c.id == VoteChangeRow.id)
        .join(MemberRow, MemberRow.id == VoteChangeRow.member_id)
        .where(VoteChangeRow.option.is_not(None), PEOPLE)
    )


async def tallies_at(s: AsyncSession, topics: list[Topic], moment: datetime) -> dict[int, tuple[tuple[int, ...], int]]:
    """{topic id: (counts per option, voters)} just before `moment`, each member counted at
    the choice they held then (not their choice now). Two queries for every topic at once."""
    if not topics:
        return {}
    held = _held_at([t.id for t in topics], moment).subquery()
    counts = {t.id: [0] * len(t.options) for t in topics}
    by_option = select(held.c.topic_id, held.c.option, func.count()).group_by(held.c.topic_id, held.c.option)
    for topic_id, option, count in (await s.execute(by_option)).all():
        if option < len(counts[topic_id]):
            counts[topic_id][option] = count
    # One answer each: voters are the sum of the counts. Only choose-any needs a count of people.
    voters = {t.id: sum(counts[t.id]) for t in topics if not t.content.multiple}
    several = [t.id for t in topics if t.content.multiple]
    if several:
        people = (
            select(held.c.topic_id, func.count(func.distinct(held.c.member_id)))
            .where(held.c.topic_id.in_(several))
            .group_by(held.c.topic_id)
        )
        voters.update({topic_id: n for topic_id, n in (await s.execute(people)).all()})
    return {t.id: (tuple(counts[t.id]), voters.get(t.id, 0)) for t in topics}


async def repliers_choices(
    s: AsyncSession, topic_ids: list[int], start: datetime, end: datetime, moment: datetime
) -> dict[tuple[int, int], tuple[int, ...]]:
    """{(topic id, member id): the options they held just before `moment`}, for the members
    who replied to each topic in the period (only they are needed, to say how a theme voted)."""
    if not topic_ids:
        return {}
    repliers = (
        select(PostRow.topic_id, ReplyRow.member_id)
        .join(PostRow, PostRow.id == ReplyRow.post_id)
        .where(
            PostRow.topic_id.in_(topic_ids),
            ReplyRow.deleted_at.is_(None),
            ReplyRow.posted_at >= start,
            ReplyRow.posted_at < end,
        )
    )
    last = (
        select(func.max(VoteChangeRow.id).label("id"))
        .where(tuple_(VoteChangeRow.topic_id, VoteChangeRow.member_id).in_(repliers), VoteChangeRow.at < moment)
        .group_by(VoteChangeRow.topic_id, VoteChangeRow.member_id, VoteChangeRow.slot)
        .subquery()
    )
    query = (
        select(VoteChangeRow.topic_id, VoteChangeRow.member_id, VoteChangeRow.option)
        .join(last, last.c.id == VoteChangeRow.id)
        .where(VoteChangeRow.option.is_not(None))
        .order_by(VoteChangeRow.option)
    )
    found: dict[tuple[int, int], list[int]] = defaultdict(list)
    for topic_id, member_id, option in (await s.execute(query)).all():
        found[(topic_id, member_id)].append(option)
    return {key: tuple(options) for key, options in found.items()}


async def replies_of(
    s: AsyncSession, topic_ids: list[int], start: datetime, end: datetime
) -> dict[int, list[tuple[int, str, int, str]]]:
    """{topic id: [(reply id, masked text, member id, pseudonym)]} of the replies in the period,
    oldest first. Where the masking backlog has not reached a reply yet, its text comes as
    `Unmasked`, for the summary to mask before anything else sees it."""
    found: dict[int, list[tuple[int, str | Unmasked, int, str]]] = {t: [] for t in topic_ids}
    if not topic_ids:
        return found
    query = (
        select(
            PostRow.topic_id, ReplyRow.id, ReplyRow.masked_text, ReplyRow.text, ReplyRow.member_id, MemberRow.pseudonym
        )
        .join(PostRow, PostRow.id == ReplyRow.post_id)
        .join(MemberRow, MemberRow.id == ReplyRow.member_id)
        .where(
            PostRow.topic_id.in_(topic_ids),
            ReplyRow.deleted_at.is_(None),
            ReplyRow.posted_at >= start,
            ReplyRow.posted_at < end,
            PEOPLE,
        )
        .order_by(ReplyRow.posted_at, ReplyRow.id)
    )
    for topic_id, reply_id, masked, text, member_id, pseudonym in (await s.execute(query)).all():
        if (masked if masked is not None else text or "").strip():
            quoted = masked if masked is not None else Unmasked(text)
            found[topic_id].append((reply_id, quoted, member_id, pseudonym))
    return found


async def ideas(s: AsyncSession, start: datetime, end: datetime) -> list[tuple[int, str | Unmasked]]:
    """(idea id, masked text, or `Unmasked` text) of the ideas sent in the period."""
    query = (
        select(IdeaRow.id, IdeaRow.masked_text, IdeaRow.text)
        .join(MemberRow, MemberRow.id == IdeaRow.member_id)
        .where(IdeaRow.submitted_at >= start, IdeaRow.submitted_at < end, PEOPLE)
        .order_by(IdeaRow.id)
    )
    return [(i, m if m is not None else Unmasked(t or "")) for i, m, t in (await s.execute(query)).all()]


async def channel_activity(s: AsyncSession, start: datetime, end: datetime) -> list[tuple[str, str, int]]:
    """(platform, channel name or id, responses) for every member channel with a post, quietest first."""
    responses: dict[int, int] = defaultdict(int)
    for table, when, extra in (
        (ReplyRow, ReplyRow.posted_at, ReplyRow.deleted_at.is_(None)),
        (ReactionRow, ReactionRow.added_at, None),
        (VoteRow, VoteRow.cast_at, None),
    ):
        query = (
            select(PostRow.channel_id, func.count())
            .select_from(table)
            .join(PostRow, PostRow.id == table.post_id)
            .join(MemberRow, MemberRow.id == table.member_id)
            .where(ACTIVE, when >= start, when < end)
            .group_by(PostRow.channel_id)
        )
        if extra is not None:
            query = query.where(extra)
        for channel_id, count in (await s.execute(query)).all():
            responses[channel_id] += count
    channels = await s.execute(
        select(ChannelRow.id, ChannelRow.platform, ChannelRow.name, ChannelRow.channel_id)
        .where(ChannelRow.role == "member", ChannelRow.id.in_(select(PostRow.channel_id)))
        .order_by(ChannelRow.id)
    )
    rows = [(platform, name or cid, responses.get(rid, 0)) for rid, platform, name, cid in channels.all()]
    return sorted(rows, key=lambda r: (r[2], r[0], r[1]))


__all__ = [
    "active_topics",
    "channel_activity",
    "headline_counts",
    "ideas",
    "repliers_choices",
    "replies_of",
    "tallies_at",
]
