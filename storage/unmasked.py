"""Replies and ideas whose text has no masked copy yet, and filling them in."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import IdeaRow, ReplyRow

_TABLES = {"reply": ReplyRow, "idea": IdeaRow}


@dataclass(frozen=True, slots=True)
class UnmaskedText:
    """One text to mask: which row, and the text as it was read (an edit since changes it)."""

    kind: str  # reply or idea
    row_id: int
    text: str


class Unmasked:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def some(self, limit: int) -> list[UnmaskedText]:
        """Up to `limit` of each kind, oldest first."""
        found: list[UnmaskedText] = []
        for kind, row in _TABLES.items():
            query = (
                select(row.id, row.text)
                .where(row.masked_text.is_(None), row.text.is_not(None))
                .order_by(row.id)
                .limit(limit)
            )
            found += [UnmaskedText(kind, row_id, text) for row_id, text in (await self.s.execute(query)).all()]
        return found

    async def fill(self, masked: list[tuple[UnmaskedText, str]]) -> int:
        """Store each masked copy, unless its text was edited or erased meanwhile (the new text
        is then still unmasked, and the next run masks it). Returns how many were stored."""
        stored = 0
        for item, copy in masked:
            row = _TABLES[item.kind]
            result = await self.s.execute(
                update(row)
                .where(row.id == item.row_id, row.text == item.text, row.masked_text.is_(None))
                .values(masked_text=copy)
            )
            stored += result.rowcount
        return stored
