"""Private answers owed after an ack, kept until they are sent (see `OwedMessageRow`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OwedMessageRow


@dataclass(frozen=True, slots=True)
class OwedMessage:
    id: int
    platform: str
    destination: str
    text: str
    created_at: datetime
    attempts: int


class OwedMessages:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, platform: str, destination: str, text: str, now: datetime) -> None:
        self.s.add(OwedMessageRow(platform=platform, destination=destination, text=text, created_at=now, due_at=now))
        await self.s.flush()

    async def claim_due(
        self, platform: str, now: datetime, stale_before: datetime, most: int = 50
    ) -> list[OwedMessage]:
        """Messages due now and not being sent (or claimed by an instance that died before
        `stale_before`), each claimed for this caller alone."""
        query = (
            select(OwedMessageRow)
            .where(
                OwedMessageRow.platform == platform,
                OwedMessageRow.due_at <= now,
                or_(OwedMessageRow.claimed_at.is_(None), OwedMessageRow.claimed_at < stale_before),
            )
            .order_by(OwedMessageRow.id)
            .limit(most)
        )
        claimed = []
        for row in (await self.s.execute(query)).scalars().all():
            taken = await self.s.execute(
                update(OwedMessageRow)
                .where(
                    OwedMessageRow.id == row.id,
                    or_(OwedMessageRow.claimed_at.is_(None), OwedMessageRow.claimed_at < stale_before),
                )
                .values(claimed_at=now)
            )
            if taken.rowcount == 1:
                claimed.append(
                    OwedMessage(row.id, row.platform, row.destination, row.text, row.created_at, row.attempts)
                )
        return claimed

    async def sent(self, message_id: int) -> None:
        await self.s.execute(delete(OwedMessageRow).where(OwedMessageRow.id == message_id))

    async def later(self, message_id: int, after: timedelta, now: datetime) -> None:
        await self.s.execute(
            update(OwedMessageRow)
            .where(OwedMessageRow.id == message_id)
            .values(claimed_at=None, due_at=now + after, attempts=OwedMessageRow.attempts + 1)
        )
