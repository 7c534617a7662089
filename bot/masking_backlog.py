"""Masking the replies and ideas recorded since the last run, after their events were acknowledged.

An event is acknowledged once its text is recorded; its masked copy, which summaries quote, is
made here soon after. What is left when the bot stops (or crashes) is still unmasked in the
database and is picked up on the next run; a summary masks anything still waiting itself.
"""

from __future__ import annotations

import asyncio
import logging

from bot.ports import Store
from bot.privacy import mask_many

log = logging.getLogger(__name__)

BATCH = 32


class MaskingBacklog:
    """Masks what is waiting, a batch at a time, off the event loop."""

    def __init__(self, store: Store, batch: int = BATCH) -> None:
        self.store = store
        self.batch = batch
        self.stopping = False  # set at shutdown: the batch going on is the last

    async def mask_some(self) -> int:
        """Mask one batch; returns how many texts it stored (0: nothing was waiting)."""
        async with self.store.reading() as unit:
            waiting = await unit.unmasked.some(self.batch)
        if not waiting:
            return 0
        copies = await asyncio.to_thread(mask_many, [item.text for item in waiting])
        async with self.store.unit() as unit:
            return await unit.unmasked.fill(list(zip(waiting, copies, strict=True)))

    async def catch_up(self) -> int:
        """Mask everything waiting; returns how many texts were stored."""
        total = 0
        while not self.stopping and (stored := await self.mask_some()):
            total += stored
        return total
