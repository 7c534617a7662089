"""A fake Slack on 127.0.0.1: the Web API under /api/{method}, response_url
webhooks under /respond/, and a Socket Mode websocket at /socket. It records
every call and answers as Slack documents."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import defaultdict
from typing import Any

from aiohttp import WSMsgType, web

TEAM = "T0TEST"
BOT_USER = "UBOT"
BOT_ID = "BBOT"
JSON_FIELDS = {"blocks", "metadata", "view", "attachments"}


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.responses: list[tuple[str, dict]] = []  # response_url posts
        self.uploads: list[dict] = []  # files shared by files.completeUploadExternal
        self.uploaded: dict[str, bytes] = {}  # file id -> bytes sent to its upload URL
        self.channels: dict[str, list[dict]] = defaultdict(list)
        self.channel_errors: dict[str, str] = {}  # channel -> Slack error code
        self.rate_limited: dict[str, int] = defaultdict(int)  # method -> how many 429s to give
        self.server_errors: dict[str, int] = defaultdict(int)  # method -> how many 500s to give
        self.lost_answers: dict[str, int] = defaultdict(int)  # method -> do it, then answer 500 (answer lost)
        self.bots: set[str] = {BOT_USER}
        self.groups: dict[str, list[str]] = {}
        self.sockets: list[web.WebSocketResponse] = []
        self.refused_tokens: set[str] = set()  # tokens Slack answers with invalid_auth (revoked, mistyped)
        self.respond_errors = 0  # how many 500s the response URLs give before they work
        self.expired: set[str] = set()  # response URL tokens past their 30 minutes (404 expired_url)
        self.respond_tries: list[str] = []  # every post to a response URL, by token, answered or not
        self.channel_names = {"C0MEMBERS": "members", "C0MORE": "more-members"}
        self._socket_open = asyncio.Event()
        self.acks: dict[str, dict] = {}
        self._ack_waiters: dict[str, asyncio.Future] = {}
        self._ts = itertools.count(1)
        self._epoch = int(time.time())  # message timestamps follow on from now, as Slack's do
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle --------------------------------------------------------------

    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/respond/{token}", self._respond)
        app.router.add_get("/socket", self._socket)
        app.router.add_post("/upload/{file_id}", self._upload)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self.api_url

    async def stop(self) -> None:
        for ws in self.sockets:
            await ws.close()
        if self._runner:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, token: str = "r1") -> str:
        return f"http://127.0.0.1:{self.port}/respond/{token}"

    # -- what happened ------------------------------------------------------------

    def calls_to(self, method: str) -> list[dict]:
        return [params for name, params in self.calls if name == method]

    def posts_in(self, channel: str) -> list[dict]:
        return [m for m in self.channels[channel] if not m.get("thread_ts")]

    def thread(self, channel: str, ts: str) -> list[dict]:
        return [m for m in self.channels[channel] if m.get("thread_ts") == ts]

    # -- the Web API ----------------------------------------------------------------

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.can_read_body:
            params.update(await request.post())
        for key in JSON_FIELDS & params.keys():
            if isinstance(params[key], str):
                params[key] = json.loads(params[key])
        return params

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        self.calls.append((method, params))
        if request.headers.get("Authorization", "").removeprefix("Bearer ") in self.refused_tokens:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        if self.rate_limited[method] > 0:
            self.rate_limited[method] -= 1
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "7"})
        if self.server_errors[method] > 0:
            self.server_errors[method] -= 1
            return web.json_response({"ok": False, "error": "internal_error"}, status=500)
        if self.lost_answers[method] > 0:
            self.lost_answers[method] -= 1
            getattr(self, "_" + method.replace(".", "_"))(params)
            return web.json_response({"ok": False, "error": "internal_error"}, status=500)
        channel = params.get("channel")
        if channel in self.channel_errors and method.startswith(("chat.", "conversations.")):
            return web.json_response({"ok": False, "error": self.channel_errors[channel]})
        answer = getattr(self, "_" + method.replace(".", "_"), None)
        return web.json_response(answer(params) if answer else {"ok": True})

    def _auth_test(self, params):
        return {
            "ok": True,
            "url": "https://test.slack.com/",
            "team": "Test Trust Association",
            "user": "listening",
            "team_id": TEAM,
            "user_id": BOT_USER,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _chat_postMessage(self, params):
        n = next(self._ts)
        ts = f"{self._epoch + n}.{n:06d}"
        message = {
            "type": "message",
            "user": BOT_USER,
            "bot_id": BOT_ID,
            "ts": ts,
            "text": params.get("text", ""),
            "blocks": params.get("blocks", []),
            "metadata": params.get("metadata"),
        }
        if params.get("thread_ts"):
            message["thread_ts"] = params["thread_ts"]
        self.channels[params["channel"]].append(message)
        return {"ok": True, "channel": params["channel"], "ts": ts, "message": message}

    def _chat_update(self, params):
        for message in self.channels[params["channel"]]:
            if message["ts"] == params["ts"]:
                message.update(text=params.get("text", ""), blocks=params.get("blocks", []))
                return {"ok": True, "channel": params["channel"], "ts": params["ts"]}
        return {"ok": False, "error": "message_not_found"}

    def _chat_postEphemeral(self, params):
        return {"ok": True, "message_ts": f"{self._epoch + next(self._ts)}.000000"}

    def _conversations_history(self, params):
        """Newest first, `oldest` respected, `limit` per page with a cursor, as Slack pages it."""
        oldest = float(params.get("oldest", 0))
        found = [m for m in reversed(self.channels[params["channel"]]) if float(m["ts"]) >= oldest]
        start = int(params.get("cursor") or 0)
        limit = int(params.get("limit", 100))
        page, rest = found[start : start + limit], found[start + limit :]
        return {
            "ok": True,
            "messages": page,
            "has_more": bool(rest),
            "response_metadata": {"next_cursor": str(start + limit) if rest else ""},
        }

    def _users_info(self, params):
        user = params["user"]
        return {"ok": True, "user": {"id": user, "team_id": TEAM, "is_bot": user in self.bots, "is_app_user": False}}

    def _usergroups_users_list(self, params):
        return {"ok": True, "users": self.groups.get(params.get("usergroup"), [])}

    def _views_open(self, params):
        return {"ok": True, "view": {"id": f"V{next(self._ts):04d}", **params.get("view", {})}}

    def _files_getUploadURLExternal(self, params):
        file_id = f"F{next(self._ts):06d}"
        return {"ok": True, "upload_url": f"http://127.0.0.1:{self.port}/upload/{file_id}", "file_id": file_id}

    def _files_completeUploadExternal(self, params):
        files = params["files"] if isinstance(params["files"], list) else json.loads(params["files"])
        self.uploads.extend({"channel": params.get("channel_id"), **f} for f in files)
        return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}

    def _conversations_info(self, params):
        name = self.channel_names.get(params.get("channel"))
        if name is None:
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "channel": {"id": params["channel"], "name": name, "is_channel": True}}

    def _apps_connections_open(self, params):
        return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}

    async def _upload(self, request: web.Request) -> web.Response:
        self.uploaded[request.match_info["file_id"]] = await request.read()
        return web.Response(text="OK - uploaded")

    async def _respond(self, request: web.Request) -> web.Response:
        self.respond_tries.append(request.match_info["token"])
        if request.match_info["token"] in self.expired:
            return web.Response(status=404, text="expired_url")
        if self.respond_errors > 0:
            self.respond_errors -= 1
            return web.Response(status=500, text="internal_error")
        self.responses.append((request.match_info["token"], await request.json()))
        return web.Response(text="ok")

    # -- Socket Mode ------------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets.append(ws)
        self._socket_open.set()
        await ws.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0APP"}})
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                data = json.loads(message.data)
                if "envelope_id" in data:
                    self.acks[data["envelope_id"]] = data
                    waiter = self._ack_waiters.pop(data["envelope_id"], None)
                    if waiter and not waiter.done():
                        waiter.set_result(data)
        return ws

    async def connected(self) -> None:
        await asyncio.wait_for(self._socket_open.wait(), timeout=10)

    async def send_envelope(self, kind: str, payload: dict, envelope_id: str, retry_attempt: int = 0) -> dict:
        """Send an envelope on the socket and return the app's ack."""
        await self.connected()
        waiter = asyncio.get_running_loop().create_future()
        self._ack_waiters[envelope_id] = waiter
        await self.sockets[-1].send_json(
            {
                "envelope_id": envelope_id,
                "type": kind,
                "payload": payload,
                "accepts_response_payload": kind != "events_api",
                "retry_attempt": retry_attempt,
                "retry_reason": "timeout" if retry_attempt else "",
            }
        )
        return await asyncio.wait_for(waiter, timeout=10)
