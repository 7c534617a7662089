"""Votes: each member's current choice, and the history of every change that led to it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.topics import Cast, Tally, Topic
from storage import statements
from storage.models import TopicRow, VoteChangeRow, VoteRow


def closed_by(now: datetime):
    """Topics whose result is final at `now`: closed, or past their closing time though
    no sync has marked them closed yet (no vote can land on them any more)."""
    return or_(TopicRow.status == "closed", TopicRow.closes_at <= now)


class Votes:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def current(self, topic_id: int, member_id: int) -> list[int]:
        params = {"topic_id": topic_id, "member_id": member_id}
        return sorted((await statements.run(self.s, statements.current_votes(), params)).scalars())

    async def cast(
        self, topic: Topic, member_id: int, option: int, slot: int, post_id: int | None, now: datetime
    ) -> Cast | None:
        """Record the member's choice in a slot, if the topic still takes votes (None if not: closed,
        not yet open, or not the topic named). A change, not a repeat of the same choice, is also
        kept in the vote's history."""
        params = {"topic_id": topic.id, "slug": topic.content.slug, "member_id": member_id, "post_id": post_id}
        params |= {"option": option, "slot": slot, "now": now}
        written = (await statements.run(self.s, statements.cast(self.s.bind.dialect.name), params)).first()
        if written is None:
            return None
        if written.previous_option != option:
            await self._keep(topic.id, member_id, slot, option, now)
        return Cast(written.previous_option, written.changed_at)

    async def _keep(self, topic_id: int, member_id: int, slot: int, option: int | None, now: datetime) -> None:
        params = {"topic_id": topic_id, "member_id": member_id, "slot": slot, "option": option, "now": now}
        await statements.run(self.s, statements.keep_change(self.s.bind.dialect.name), params)

    async def withdraw(self, topic_id: int, member_id: int, slot: int, now: datetime) -> None:
        gone = await self.s.execute(
            delete(VoteRow)
            .where(VoteRow.topic_id == topic_id, VoteRow.member_id == member_id, VoteRow.slot == slot)
            .returning(VoteRow.id)
        )
        if gone.scalar_one_or_none() is not None:
            await self._keep(topic_id, member_id, slot, None, now)

    async def tally(self, topic: Topic) -> Tally:
        counts = [0] * len(topic.options)
        rows = (await statements.run(self.s, statements.tally(), {"topic_id": topic.id})).all()
        for option, count, _ in rows:
            if option < len(counts):
                counts[option] = count
        return Tally(tuple(counts), rows[0][2] if rows else 0)

    # -- a member's right to erasure ------------------------------------------

    async def ended_with_votes(self, member_id: int, now: datetime) -> list[tuple[int, datetime]]:
        """(topic, when it ended) for each closed topic the member holds a vote on. A topic
        closed by time but not yet marked closed ended at its closing time.

        Holds every topic they voted on until the transaction ends (as a vote does), so none
        closes between being read as open here and losing the vote: a final result never changes."""
        voted_on = select(VoteRow.topic_id).where(VoteRow.member_id == member_id)
        await self.s.execute(select(TopicRow.id).where(TopicRow.id.in_(voted_on)).with_for_update(read=True))
        ended = func.coalesce(TopicRow.closed_at, TopicRow.closes_at)
        query = (
            select(TopicRow.id, ended)
            .join(VoteRow, VoteRow.topic_id == TopicRow.id)
            .where(VoteRow.member_id == member_id, closed_by(now))
            .distinct()
        )
        return [(topic_id, at) for topic_id, at in (await self.s.execute(query)).all()]

    async def hand_over(self, topic_id: int, member_id: int, anonymous_id: int, ended: datetime) -> int:
        """Move the member's votes on one closed topic to an anonymous voter of its own, as if
        cast when the topic ended: the result keeps the votes (one voter, as before), but
        not the moments they were cast or changed, nor how the member changed their mind.
        Their history on the topic becomes one entry per vote, at that moment. Returns the votes kept."""
        mine = (VoteRow.topic_id == topic_id, VoteRow.member_id == member_id)
        slots = (await self.s.execute(select(VoteRow.slot, VoteRow.option).where(*mine).order_by(VoteRow.slot))).all()
        await self.s.execute(
            delete(VoteChangeRow).where(VoteChangeRow.topic_id == topic_id, VoteChangeRow.member_id == member_id)
        )
        await self.s.execute(
            update(VoteRow)
            .where(*mine)
            .values(member_id=anonymous_id, cast_at=ended, changed_at=ended, changes=0)
            .execution_options(synchronize_session=False)
        )
        for slot, option in slots:
            await self._keep(topic_id, anonymous_id, slot, option, ended)
        return len(slots)

    async def remove_all(self, member_id: int) -> tuple[int, list[int]]:
        """Delete every vote the member still holds, and all their history: (votes removed,
        the topics whose tallies changed)."""
        gone = await self.s.execute(delete(VoteRow).where(VoteRow.member_id == member_id).returning(VoteRow.topic_id))
        topics = list(gone.scalars())
        await self.s.execute(delete(VoteChangeRow).where(VoteChangeRow.member_id == member_id))
        return len(topics), sorted(set(topics))
