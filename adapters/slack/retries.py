"""Web API retries with an injectable clock, so tests never sleep."""

from __future__ import annotations

import asyncio
import random

from slack_sdk.http_retry.async_handler import AsyncRetryHandler

# Safe to send twice: a retry of these cannot post anything a second time.
IDEMPOTENT = ("chat.update", "conversations.history", "users.info", "usergroups.users.list", "auth.test")


def _method(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


class RateLimited(AsyncRetryHandler):
    """HTTP 429: Slack did nothing; wait `Retry-After` (plus a little jitter) and send again."""

    def __init__(self, max_retry_count: int = 3, sleep=asyncio.sleep, jitter=random.random) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.sleep, self.jitter = sleep, jitter

    async def _can_retry_async(self, *, state, request, response=None, error=None) -> bool:
        return response is not None and response.status_code == 429

    async def prepare_for_next_attempt_async(self, *, state, request, response=None, error=None) -> None:
        headers = {k.lower(): v for k, v in (response.headers if response else {}).items()}
        value = headers.get("retry-after", ["1"])
        value = value[0] if isinstance(value, list) else value
        try:
            wait = float(value)
        except ValueError:
            wait = 1.0
        state.next_attempt_requested = True
        await self.sleep(wait + self.jitter())
        state.increment_current_attempt()


class ServerError(AsyncRetryHandler):
    """HTTP 5xx on a method that is safe to repeat. Posting is not: the core
    looks for the message before posting again (see `SlackAdapter.find_post`)."""

    def __init__(self, max_retry_count: int = 2, sleep=asyncio.sleep) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.sleep = sleep

    async def _can_retry_async(self, *, state, request, response=None, error=None) -> bool:
        return response is not None and response.status_code >= 500 and _method(request.url) in IDEMPOTENT

    async def prepare_for_next_attempt_async(self, *, state, request, response=None, error=None) -> None:
        state.next_attempt_requested = True
        await self.sleep(0.5 * (state.current_attempt + 1))
        state.increment_current_attempt()
