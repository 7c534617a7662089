"""Keeping the gateway connected: restart it with capped backoff, and say whether we can hear.

discord.py resumes by itself when Discord asks it to reconnect or a socket drops in a way it can
resume. Anything that ends `Client.connect` (the gateway unreachable, a clean close, a frame it
cannot read) is restarted here, after a delay that doubles up to a cap. A wrong or revoked token,
or intents the bot may not use, cannot be fixed by waiting: those end the run with a clear error.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import discord

from adapters.discord.safety import describe
from bot.errors import StartupError

log = logging.getLogger(__name__)

TOKEN_REJECTED = "Discord rejected DISCORD_BOT_TOKEN"
# Close codes waiting will not fix (discord.com/developers/docs/topics/opcodes-and-status-codes).
FATAL_CLOSES = {
    4004: f"{TOKEN_REJECTED}: the gateway closed with 4004 (authentication failed); "
    "reset the token in the Developer Portal",
    4010: "Discord closed the gateway with 4010 (invalid shard)",
    4011: "Discord closed the gateway with 4011 (sharding required)",
    4012: "Discord closed the gateway with 4012 (invalid API version)",
    4013: "Discord closed the gateway with 4013 (invalid intents)",
    4014: "Discord closed the gateway with 4014 (disallowed intents): switch on the Message Content intent "
    "for the bot in the Developer Portal",
}


class GatewayFailed(StartupError):
    """The gateway cannot be used, and trying again will not help (the command line says so and
    exits 1)."""


def rejected_token(err: discord.LoginFailure) -> GatewayFailed:
    return GatewayFailed(f"{TOKEN_REJECTED}: {err}")


@dataclass(frozen=True)
class Backoff:
    """The delay before reconnect attempt n (1, 2, …): base, doubling, never more than cap."""

    base: float = 1.0
    cap: float = 120.0

    def delay(self, attempt: int) -> float:
        return min(self.cap, self.base * 2 ** max(0, attempt - 1))


Sleep = Callable[[float], Awaitable[None]]


class Gateway:
    """Runs `client.connect` until stopped, restarting it when it ends; tracks health."""

    def __init__(self, client: discord.Client, token: str, *, backoff: Backoff, sleep: Sleep = asyncio.sleep):
        self.client = client
        self.token = token
        self.backoff = backoff
        self.sleep = sleep
        self.attempt = 0
        self._health = (False, "not connected yet")
        self._stopping = False
        self._heard_since_restart = False

    # -- health -------------------------------------------------------------------------

    def health(self) -> tuple[bool, str]:
        return self._health

    def up(self) -> None:
        """READY or RESUMED: we hear the gateway again."""
        self._heard_since_restart = True
        self.attempt = 0
        self._health = (True, "connected")

    def down(self) -> None:
        """The socket dropped; discord.py is reconnecting (or we are)."""
        if not self._stopping:
            self._health = (False, "gateway reconnecting")

    # -- running ------------------------------------------------------------------------

    async def run(self) -> None:
        """The gateway task. Raises `GatewayFailed` when waiting cannot help."""
        first = True
        while not self._stopping:
            self._heard_since_restart = False
            try:
                if not first:
                    await self._reopen()
                    await self.client.login(self.token)
                first = False
                await self.client.connect(reconnect=False)
                reason = "the gateway closed the connection"
            except asyncio.CancelledError:
                raise
            except discord.LoginFailure as err:
                self._fail(rejected_token(err))
            except discord.ConnectionClosed as err:
                if err.code in FATAL_CLOSES:
                    self._fail(GatewayFailed(FATAL_CLOSES[err.code]))
                reason = f"the gateway closed with {err.code}"
            except Exception as err:  # noqa: BLE001 - whatever ended it, we connect again
                reason = describe(err)
            if self._stopping:
                break
            if not self.client.is_closed():
                await self.client.close()
            if self._heard_since_restart:
                self.attempt = 0
            self.attempt += 1
            delay = self.backoff.delay(self.attempt)
            self._health = (False, f"gateway reconnecting (attempt {self.attempt})")
            log.warning("discord: gateway lost (%s); reconnecting in %.1fs (attempt %d)", reason, delay, self.attempt)
            await self.sleep(delay)
        self._health = (False, "stopped")

    async def _reopen(self) -> None:
        """Make a closed client usable again, as `Client.clear` promises. Two things it misses:
        `close()` dropped the client's loop (which `login` restores only on a never-opened client),
        and closed the HTTP connector that discord.py would hand the next session: make a new one."""
        self.client.clear()
        await self.client._async_setup_hook()  # the loop, and a fresh `wait_until_ready` event
        http = self.client.http
        if getattr(http.connector, "closed", False):
            http.connector = discord.utils.MISSING

    def _fail(self, err: GatewayFailed):
        self._health = (False, str(err))
        log.error("discord: %s", err)
        raise err from None

    def stopping(self) -> None:
        self._stopping = True
        self._health = (False, "stopped")
