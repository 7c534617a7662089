"""Read-outs of what has been recorded: for the export, for a member's own data,
and for quick counts. Members appear only as their pseudonym."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.topics import idea_ref, reply_ref, topic_ref
from storage.members import ANONYMOUS
from storage.models import ChannelRow, IdeaRow, MemberRow, PostRow, ReactionRow, ReplyRow, TopicRow, VoteRow


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True)
class Dataset:
    """One exported table: its columns, the query, and how a row becomes a record."""

    name: str
    columns: tuple[str, ...]
    query: Select
    record: Callable[[object], dict]


def _topic_record(row) -> dict:
    t: TopicRow = row.TopicRow
    c = t.content
    return {
        "ref": topic_ref(t.kind, t.id),
        "slug": t.slug,
        "title": t.title,
        "question": c.get("question"),
        "position": c.get("position"),
        "evidence": c.get("evidence"),
        "values": "; ".join(c.get("values", [])) or None,
        "tags": "; ".join(c.get("tags", [])) or None,
        "link": c.get("link"),
        "choice": c.get("choice", "single"),
        "options": " | ".join(_options(c)),
        "anonymous": c.get("anonymous", True),
        "results": c.get("results", "live"),
        "status": t.status,
        "opens_at": _iso(t.opens_at),
        "closes_at": _iso(t.closes_at),
        "published_at": _iso(t.published_at),
        "closed_at": _iso(t.closed_at),
    }


def _options(content: dict) -> list[str]:
    return content.get("scale") or content.get("answers") or [str(i) for i in range(1, 6)]


def _vote_record(row) -> dict:
    options = _options(row.content)
    return {
        "topic": topic_ref(row.kind, row.topic_id),
        "member": row.pseudonym,
        "platform": row.platform,
        "option": row.option + 1,
        "option_label": options[row.option] if row.option < len(options) else None,
        "cast_at": _iso(row.cast_at),
        "changed_at": _iso(row.changed_at),
        "changes": row.changes,
    }


def _reply_record(row) -> dict:
    return {
        "ref": reply_ref(row.id),
        "topic": topic_ref(row.kind, row.topic_id),
        "member": row.pseudonym,
        "platform": row.platform,
        "text": row.text,
        "masked_text": row.masked_text,
        "edited": row.edited_at is not None,
        "deleted": row.deleted_at is not None,
        "posted_at": _iso(row.posted_at),
        "edited_at": _iso(row.edited_at),
        "deleted_at": _iso(row.deleted_at),
    }


def _reaction_record(row) -> dict:
    return {
        "topic": topic_ref(row.kind, row.topic_id),
        "member": row.pseudonym,
        "platform": row.platform,
        "emoji": row.emoji,
        "added_at": _iso(row.added_at),
    }


def _idea_record(row) -> dict:
    return {
        "ref": idea_ref(row.id),
        "member": row.pseudonym,
        "platform": row.platform,
        "text": row.text,
        "masked_text": row.masked_text,
        "submitted_at": _iso(row.submitted_at),
    }


def datasets(member_id: int | None = None) -> list[Dataset]:
    """Every table of the export, for everyone or for one member."""
    votes = (
        select(
            VoteRow.topic_id,
            VoteRow.option,
            VoteRow.cast_at,
            VoteRow.changed_at,
            VoteRow.changes,
            TopicRow.kind,
            TopicRow.content,
            MemberRow.pseudonym,
            MemberRow.platform,
        )
        .join(TopicRow, TopicRow.id == VoteRow.topic_id)
        .join(MemberRow, MemberRow.id == VoteRow.member_id)
        # Not in the order cast: a kept vote of an erased member must not sit where its time was.
        .order_by(VoteRow.topic_id, MemberRow.pseudonym, VoteRow.slot)
    )
    replies = (
        select(
            ReplyRow.id,
            PostRow.topic_id,
            TopicRow.kind,
            ReplyRow.text,
            ReplyRow.masked_text,
            ReplyRow.posted_at,
            ReplyRow.edited_at,
            ReplyRow.deleted_at,
            MemberRow.pseudonym,
            ChannelRow.platform,
        )
        .join(PostRow, PostRow.id == ReplyRow.post_id)
        .join(ChannelRow, ChannelRow.id == PostRow.channel_id)
        .join(TopicRow, TopicRow.id == PostRow.topic_id)
        .join(MemberRow, MemberRow.id == ReplyRow.member_id)  # a deletion of a message never seen is no reply
        .order_by(ReplyRow.id)
    )
    reactions = (
        select(
            PostRow.topic_id,
            TopicRow.kind,
            ReactionRow.emoji,
            ReactionRow.added_at,
            MemberRow.pseudonym,
            ChannelRow.platform,
        )
        .join(PostRow, PostRow.id == ReactionRow.post_id)
        .join(ChannelRow, ChannelRow.id == PostRow.channel_id)
        .join(TopicRow, TopicRow.id == PostRow.topic_id)
        .join(MemberRow, MemberRow.id == ReactionRow.member_id)
        .order_by(ReactionRow.id)
    )
    ideas = (
        select(
            IdeaRow.id, IdeaRow.text, IdeaRow.masked_text, IdeaRow.submitted_at, MemberRow.pseudonym, MemberRow.platform
        )
        .join(MemberRow, MemberRow.id == IdeaRow.member_id)
        .order_by(IdeaRow.id)
    )
    if member_id is not None:
        votes = votes.where(VoteRow.member_id == member_id)
        replies = replies.where(ReplyRow.member_id == member_id)
        reactions = reactions.where(ReactionRow.member_id == member_id)
        ideas = ideas.where(IdeaRow.member_id == member_id)
    tables = [
        Dataset("votes", _VOTE_COLUMNS, votes, _vote_record),
        Dataset("replies", _REPLY_COLUMNS, replies, _reply_record),
        Dataset("reactions", _REACTION_COLUMNS, reactions, _reaction_record),
        Dataset("ideas", _IDEA_COLUMNS, ideas, _idea_record),
    ]
    if member_id is None:
        cards = select(TopicRow).where(TopicRow.kind == "card").order_by(TopicRow.id)
        polls = select(TopicRow).where(TopicRow.kind == "poll").order_by(TopicRow.id)
        tables[:0] = [
            Dataset("cards", _TOPIC_COLUMNS, cards, _topic_record),
            Dataset("polls", _TOPIC_COLUMNS, polls, _topic_record),
        ]
    return tables


_TOPIC_COLUMNS = (
    "ref",
    "slug",
    "title",
    "question",
    "position",
    "evidence",
    "values",
    "tags",
    "link",
    "choice",
    "options",
    "anonymous",
    "results",
    "status",
    "opens_at",
    "closes_at",
    "published_at",
    "closed_at",
)
_VOTE_COLUMNS = ("topic", "member", "platform", "option", "option_label", "cast_at", "changed_at", "changes")
_REPLY_COLUMNS = (
    "ref",
    "topic",
    "member",
    "platform",
    "text",
    "masked_text",
    "edited",
    "deleted",
    "posted_at",
    "edited_at",
    "deleted_at",
)
_REACTION_COLUMNS = ("topic", "member", "platform", "emoji", "added_at")
_IDEA_COLUMNS = ("ref", "member", "platform", "text", "masked_text", "submitted_at")


async def count_rows(session: AsyncSession, dataset: Dataset) -> int:
    return (
        await session.execute(select(func.count()).select_from(dataset.query.order_by(None).subquery()))
    ).scalar_one()


async def records(session: AsyncSession, dataset: Dataset, batch: int = 2000) -> AsyncIterator[dict]:
    """Stream a table's records without loading it all at once."""
    result = await session.stream(dataset.query.execution_options(yield_per=batch))
    async for row in result:
        yield dataset.record(row)


async def member_data(session: AsyncSession, member_id: int) -> dict:
    """Everything recorded from one member, for them to see or take away."""
    pseudonym = (await session.execute(select(MemberRow.pseudonym).where(MemberRow.id == member_id))).scalar_one()
    data: dict = {"member": pseudonym}
    for dataset in datasets(member_id):
        data[dataset.name] = [r async for r in records(session, dataset)]
    return data


async def counts(session: AsyncSession) -> dict[str, int]:
    async def n(query) -> int:
        return (await session.execute(query)).scalar_one()

    return {
        "cards and polls": await n(select(func.count()).select_from(TopicRow)),
        "open": await n(select(func.count()).select_from(TopicRow).where(TopicRow.status == "open")),
        "participants": await n(
            select(func.count())
            .select_from(MemberRow)
            .where(MemberRow.is_bot.is_(False), MemberRow.user_id.not_like(ANONYMOUS + "%"))
        ),
        "votes": await n(select(func.count()).select_from(VoteRow)),
        "replies": await n(select(func.count()).select_from(ReplyRow).where(ReplyRow.deleted_at.is_(None))),
        "deleted replies": await n(
            select(func.count())
            .select_from(ReplyRow)
            .where(ReplyRow.deleted_at.is_not(None), ReplyRow.member_id.is_not(None))
        ),
        "reactions": await n(select(func.count()).select_from(ReactionRow)),
        "ideas": await n(select(func.count()).select_from(IdeaRow)),
    }
