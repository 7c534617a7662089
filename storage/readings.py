"""The read-only queries of storage/activity.py and storage/exports.py, bound to a unit's
transaction, so the core asks a unit for figures and never handles a database session."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.topics import Topic
from storage import activity, exports


class Activity:
    """What happened in a period: the queries behind "what we heard"."""

    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def headline_counts(self, start: datetime, end: datetime) -> dict[str, dict[str, int]]:
        return await activity.headline_counts(self.s, start, end)

    async def active_topics(self, start: datetime, end: datetime) -> list[Topic]:
        return await activity.active_topics(self.s, start, end)

    async def tallies_at(self, topics: list[Topic], moment: datetime) -> dict[int, tuple[tuple[int, ...], int]]:
        return await activity.tallies_at(self.s, topics, moment)

    async def repliers_choices(
        self, topic_ids: list[int], start: datetime, end: datetime, moment: datetime
    ) -> dict[tuple[int, int], tuple[int, ...]]:
        return await activity.repliers_choices(self.s, topic_ids, start, end, moment)

    async def replies_of(
        self, topic_ids: list[int], start: datetime, end: datetime
    ) -> dict[int, list[tuple[int, str, int, str]]]:
        return await activity.replies_of(self.s, topic_ids, start, end)

    async def ideas(self, start: datetime, end: datetime) -> list[tuple[int, str]]:
        return await activity.ideas(self.s, start, end)

    async def channel_activity(self, start: datetime, end: datetime) -> list[tuple[str, str, int]]:
        return await activity.channel_activity(self.s, start, end)


class Readouts:
    """What has been recorded, for the export, a member's own data and quick counts."""

    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def member_data(self, member_id: int) -> dict:
        return await exports.member_data(self.s, member_id)

    async def counts(self) -> dict[str, int]:
        return await exports.counts(self.s)

    async def count_rows(self, dataset: exports.Dataset) -> int:
        return await exports.count_rows(self.s, dataset)

    def records(self, dataset: exports.Dataset, batch: int = 2000) -> AsyncIterator[dict]:
        return exports.records(self.s, dataset, batch)
