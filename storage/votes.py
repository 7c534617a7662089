"""Votes: each member's current choice, and the history of every change that led to it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.topics import Tally, Topic
from storage.models import VoteChangeRow, VoteRow
from storage.repositories import _insert


class Votes:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def current(self, topic_id: int, member_id: int) -> list[int]:
        query = select(VoteRow.option).where(VoteRow.topic_id == topic_id, VoteRow.member_id == member_id)
        return sorted((await self.s.execute(query)).scalars())

    async def choose(
        self, topic_id: int, member_id: int, option: int, slot: int, post_id: int | None, now: datetime
    ) -> None:
        """Record the member's choice in a slot, replacing what the slot held; a change
        (not a repeat of the same choice) is also kept in the vote's history."""
        insert = _insert(self.s)(VoteRow).values(
            topic_id=topic_id,
            member_id=member_id,
            post_id=post_id,
            option=option,
            slot=slot,
            cast_at=now,
            changed_at=now,
            changes=0,
        )
        changed = await self.s.execute(
            insert.on_conflict_do_update(
                index_elements=["topic_id", "member_id", "slot"],
                set_={"option": option, "changed_at": now, "changes": VoteRow.changes + 1},
                where=VoteRow.option != option,
            ).returning(VoteRow.id)
        )
        if changed.scalar_one_or_none() is not None:
            await self._keep(topic_id, member_id, slot, option, now)

    async def _keep(self, topic_id: int, member_id: int, slot: int, option: int | None, now: datetime) -> None:
        await self.s.execute(
            _insert(self.s)(VoteChangeRow).values(
                topic_id=topic_id, member_id=member_id, slot=slot, option=option, at=now
            )
        )

    async def changed_at(self, topic_id: int, member_id: int, slot: int) -> datetime | None:
        query = select(VoteRow.changed_at).where(
            VoteRow.topic_id == topic_id, VoteRow.member_id == member_id, VoteRow.slot == slot
        )
        return (await self.s.execute(query)).scalar_one_or_none()

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
        query = select(VoteRow.option, func.count()).where(VoteRow.topic_id == topic.id).group_by(VoteRow.option)
        for option, count in (await self.s.execute(query)).all():
            if option < len(counts):
                counts[option] = count
        voters_query = select(func.count(func.distinct(VoteRow.member_id))).where(VoteRow.topic_id == topic.id)
        voters = (await self.s.execute(voters_query)).scalar_one()
        return Tally(tuple(counts), voters)
