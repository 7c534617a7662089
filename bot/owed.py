"""Sending the private answers the core owes members after their event was acknowledged.

The answer (a vote's "Thanks, …") is written in the event's own transaction (`Outcome.owed`);
here it is claimed, sent through the adapter and deleted. One that fails is tried again with
growing waits; one whose sender died is taken over by any instance after `STALE`; one older
than `EXPIRES` (Slack's response URLs last 30 minutes) is dropped, since it can no longer arrive.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta

from bot.clock import Clock
from bot.platform import Adapter
from bot.ports import Store

log = logging.getLogger(__name__)
STALE = timedelta(minutes=2)
EXPIRES = timedelta(minutes=30)


class OwedSender:
    def __init__(self, store: Store, clock: Clock, adapters: Sequence[Adapter]) -> None:
        self.store, self.clock, self.adapters = store, clock, list(adapters)

    async def send_due(self) -> int:
        """Send what is due on every platform; the number sent."""
        sent = 0
        for adapter in self.adapters:
            now = self.clock.now()
            async with self.store.unit() as unit:
                due = await unit.owed.claim_due(adapter.platform, now, now - STALE)
            for message in due:
                if now - message.created_at > EXPIRES:
                    log.warning(
                        "%s: dropped a confirmation that could not be sent within %s", adapter.platform, EXPIRES
                    )
                    done = True
                else:
                    try:
                        done = await adapter.send_owed(message.destination, message.text)
                    except Exception as err:  # noqa: BLE001 - any failure: try again later
                        log.warning("%s: a confirmation could not be sent (%s)", adapter.platform, type(err).__name__)
                        done = False
                async with self.store.unit() as unit:
                    if done:
                        await unit.owed.sent(message.id)
                        sent += 1
                    else:
                        await unit.owed.later(message.id, timedelta(seconds=2 ** min(message.attempts, 8)), now)
        return sent
