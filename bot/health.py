"""`/healthz`: whether every adapter can hear its platform, for a platform's health check.

It answers 200 with each adapter's state while all are up and 503 while any is down (a Discord
gateway reconnecting, a Socket Mode connection lost), so a process manager can restart a bot
that has gone deaf. Served by the Slack adapter's own server in HTTP mode, else by this one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from bot.platform import Adapter

Report = Callable[[], tuple[bool, dict]]


def report(adapters: Sequence[Adapter]) -> tuple[bool, dict]:
    states = {}
    for adapter in adapters:
        try:
            up, state = adapter.health()
        except Exception as err:  # noqa: BLE001 - a health check that fails says "down", never crashes
            up, state = False, f"health check failed ({type(err).__name__})"
        states[adapter.platform] = {"ok": up, "state": state}
    return all(s["ok"] for s in states.values()), states


def handler(source: Report):
    async def healthz(_request: web.Request) -> web.Response:
        ok, adapters = source()
        return web.json_response({"ok": ok, "adapters": adapters}, status=200 if ok else 503)

    return healthz


class Server:
    """An aiohttp application listening on a host and port (0: any free port), no access log:
    the health server here, and Slack's HTTP mode."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._runner: web.AppRunner | None = None

    @property
    def running(self) -> bool:
        return self._runner is not None

    async def start(self, app: web.Application) -> None:
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()

    @property
    def bound_port(self) -> int | None:
        if self._runner is None or not self._runner.addresses:
            return None
        return self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


class HealthServer(Server):
    def __init__(self, source: Report, host: str, port: int) -> None:
        super().__init__(host, port)
        self.source = source

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/healthz", handler(self.source))
        await super().start(app)
