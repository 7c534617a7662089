"""Answering a member privately through a Slack response URL: the one way every answer after the ack goes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import aiohttp
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack import blocks

log = logging.getLogger("adapters.slack.adapter")
ATTEMPTS = 4  # for an answer not kept in the database: tried 1, 2 and 4 seconds apart


async def respond(
    url: str | None,
    text: str,
    *,
    attempts: int = 1,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> bool:
    """Post `text` to a response URL (valid 30 minutes), escaped, seen only by the member
    (ephemeral, never replacing the message they clicked), up to `attempts` times. True once it
    is there or can never arrive (no URL, or Slack refuses it: expired or unknown); False while
    it is worth trying again (Slack unreachable, 5xx, 429), for an owed answer kept to send later."""
    if not url:
        log.warning("slack: an answer had no response URL to go to")
        return True
    for attempt in range(attempts):
        if attempt:
            await sleep(2 ** (attempt - 1))
        try:
            answer = await AsyncWebhookClient(url).send(
                text=blocks.escape(text), response_type="ephemeral", replace_original=False
            )
        except (aiohttp.ClientError, asyncio.TimeoutError) as err:
            log.warning("slack: an answer could not be sent (%s)", type(err).__name__)
            continue
        if answer.status_code == 429 or answer.status_code >= 500:
            continue
        if answer.status_code >= 400:  # expired or unknown: it can never arrive
            log.warning("slack: an answer's response URL was refused (%s)", answer.status_code)
        return True
    if attempts > 1:
        log.warning("slack: gave up sending an answer after %d attempts", attempts)
    return False
