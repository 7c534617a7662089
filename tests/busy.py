"""A database busy with another write: what makes an event miss its platform's deadline."""

import asyncio
from contextlib import asynccontextmanager

from storage import Store


@asynccontextmanager
async def another_write(store: Store):
    """Hold a write transaction open (a slow write elsewhere) until the block ends."""
    held, release = asyncio.Event(), asyncio.Event()

    async def hold() -> None:
        async with store.unit():
            held.set()
            await release.wait()

    task = asyncio.create_task(hold())
    await held.wait()
    try:
        yield
    finally:
        release.set()
        await task
