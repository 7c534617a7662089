"""A fake Discord on 127.0.0.1: the REST API under /api/v10 and a gateway websocket,
with payloads shaped as Discord documents them (discord.com/developers/docs)."""

from __future__ import annotations

import asyncio
import itertools
import json
from datetime import datetime, timezone
from typing import Any

from aiohttp import WSMsgType, web

GUILD = "900000000000000001"
APP = "900000000000000002"
BOT = "900000000000000003"
MEMBERS = "900000000000000010"
MORE = "900000000000000011"
STAFF_CHANNEL = "900000000000000012"
STAFF_ROLE = "900000000000000020"
TOKEN = "discord-test-token"
JSON = "application/json"  # exactly: discord.py will not read `application/json; charset=utf-8`


def now() -> str:
    return datetime.now(timezone.utc).isoformat()


def user(user_id: str, name: str, *, bot: bool = False) -> dict:
    return {
        "id": user_id,
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


def member(user_id: str, name: str, *, roles=(), bot: bool = False) -> dict:
    return {
        "user": user(user_id, name, bot=bot),
        "roles": list(roles),
        "joined_at": now(),
        "deaf": False,
        "mute": False,
        "flags": 0,
        "nick": None,
        "avatar": None,
        "premium_since": None,
        "pending": False,
        "permissions": "2147483647",
    }


def text_channel(channel_id: str, name: str) -> dict:
    return {
        "id": channel_id,
        "type": 0,
        "name": name,
        "position": 0,
        "guild_id": GUILD,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "rate_limit_per_user": 0,
        "last_message_id": None,
        "flags": 0,
    }


class FakeDiscord:
    def __init__(self) -> None:
        self.requests: list[tuple[str, str, Any]] = []  # (method, path, json body)
        self.messages: dict[str, dict] = {}  # id -> message
        self.threads: dict[str, dict] = {}  # id -> thread channel
        self.callbacks: dict[str, dict] = {}  # interaction id -> callback body
        self._callback_waiters: dict[str, asyncio.Future] = {}
        self.followups: list[dict] = []
        self.files: dict[str, dict[str, bytes]] = {}  # message id -> attached files by name
        self.commands: dict[str, list] = {}
        self.forbidden_channels: set[str] = set()
        self.missing_channels: set[str] = set()
        self.channels = {
            c: text_channel(c, n)
            for c, n in ((MEMBERS, "members"), (MORE, "more-members"), (STAFF_CHANNEL, "policy-team"))
        }
        self.sockets: list[web.WebSocketResponse] = []
        self.identified = asyncio.Event()
        self.identifies = 0  # IDENTIFY (op 2) received: a fresh session each time
        self.resumes = 0  # RESUME (op 6) received
        self.refuse_gateway = 0  # answer the next n gateway connections with 503, as during an outage
        self.token: str | None = None  # set it, and only that token is accepted (REST: 401, gateway: 4004)
        self._ids = itertools.count(1)
        self._seq = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port = 0

    def snowflake(self) -> str:
        return str(950000000000000000 + next(self._ids))

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{path:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        for ws in self.sockets:
            await ws.close()
        if self._runner:
            await self._runner.cleanup()

    @property
    def rest_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # -- what happened -----------------------------------------------------------------

    def sent_to(self, channel_id: str) -> list[dict]:
        return [m for m in self.messages.values() if m["channel_id"] == channel_id]

    def edits(self, message_id: str) -> list[dict]:
        return [
            body
            for method, path, body in self.requests
            if method == "PATCH" and path == f"channels/{self._channel_of(message_id)}/messages/{message_id}"
        ]

    def _channel_of(self, message_id: str) -> str:
        return self.messages[message_id]["channel_id"]

    # -- REST --------------------------------------------------------------------------

    def _json(self, data, status: int = 200) -> web.Response:
        return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": JSON})

    async def _rest(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        body = None
        if request.can_read_body:
            if request.content_type == "multipart/form-data":
                form = await request.post()
                body = json.loads(form.get("payload_json", "{}"))
                files = {k: v for k, v in form.items() if k.startswith("files[")}
                if files:
                    body["_files"] = {v.filename: v.file.read() for v in files.values()}
            else:
                body = await request.json()
        self.requests.append((request.method, path, body))
        parts = path.split("/")
        bot_call = parts[0] not in ("interactions", "webhooks")  # those authenticate by the interaction token
        if bot_call and self.token is not None and request.headers.get("Authorization") != f"Bot {self.token}":
            return self._json({"message": "401: Unauthorized", "code": 0}, status=401)
        if path == "users/@me":
            return self._json(user(BOT, "listening", bot=True))
        if path == "oauth2/applications/@me":
            return self._json(
                {
                    "id": APP,
                    "name": "Member Listening",
                    "icon": None,
                    "description": "",
                    "bot_public": False,
                    "bot_require_code_grant": False,
                    "verify_key": "00",
                    "flags": 0,
                    "owner": user("1", "owner"),
                    "team": None,
                    "rpc_origins": [],
                    "summary": "",
                    "bot": user(BOT, "listening", bot=True),
                }
            )
        if parts[0] == "applications" and request.method == "PUT":  # command sync
            self.commands[path] = body
            return self._json([{**c, "id": self.snowflake(), "application_id": APP, "version": "1"} for c in body])
        if parts[0] == "channels":
            return await self._channels(request.method, parts[1:], body, request)
        if parts[0] == "interactions":  # interactions/{id}/{token}/callback
            self.callbacks[parts[1]] = body
            waiter = self._callback_waiters.pop(parts[1], None)
            if waiter and not waiter.done():
                waiter.set_result(body)
            return self._json(
                {
                    "interaction": {
                        "id": parts[1],
                        "type": 3,
                        "response_message_ephemeral": bool((body.get("data") or {}).get("flags", 0) & 64),
                    }
                }
            )
        if parts[0] == "webhooks":  # follow-ups after a deferral
            if request.method == "POST":
                self.followups.append(body)
                return self._json(self._message(self.snowflake(), MEMBERS, body))
            return self._json(self._message(self.snowflake(), MEMBERS, body or {}))
        return self._json({"message": "404: Not Found", "code": 0}, status=404)

    async def _channels(self, method: str, parts: list[str], body, request) -> web.Response:
        channel_id = parts[0]
        if channel_id in self.missing_channels:
            return self._json({"message": "Unknown Channel", "code": 10003}, status=404)
        if channel_id in self.forbidden_channels and method != "GET":
            return self._json({"message": "Missing Permissions", "code": 50013}, status=403)
        if len(parts) == 1 and method == "GET":
            channel = self.channels.get(channel_id) or self.threads.get(channel_id)
            return self._json(channel) if channel else self._json({"message": "Unknown Channel", "code": 10003}, 404)
        if parts[1:] == ["messages"] and method == "POST":
            attached = body.pop("_files", {})
            message = self._message(self.snowflake(), channel_id, body)
            if attached:
                self.files[message["id"]] = attached
            self.messages[message["id"]] = message
            return self._json(message)
        if parts[1:] == ["messages"] and method == "GET":
            found = [m for m in self.messages.values() if m["channel_id"] == channel_id]
            return self._json(
                sorted(found, key=lambda m: int(m["id"]), reverse=True)[: int(request.query.get("limit", 50))]
            )
        if len(parts) == 3 and parts[1] == "messages" and method == "PATCH":
            message = self.messages[parts[2]]
            message.update({k: v for k, v in body.items() if k in ("content", "embeds", "components")})
            message["edited_timestamp"] = now()
            return self._json(message)
        if len(parts) == 4 and parts[3] == "threads" and method == "POST":
            thread = self.thread(parts[2], channel_id, body.get("name", "thread"))
            self.messages[parts[2]]["thread"] = thread
            return self._json(thread)
        return self._json({"message": "404: Not Found", "code": 0}, status=404)

    def thread(self, thread_id: str, parent_id: str, name: str) -> dict:
        thread = {
            "id": thread_id,
            "guild_id": GUILD,
            "parent_id": parent_id,
            "owner_id": BOT,
            "name": name,
            "type": 11,
            "last_message_id": None,
            "message_count": 0,
            "member_count": 1,
            "rate_limit_per_user": 0,
            "flags": 0,
            "total_message_sent": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 10080,
                "archive_timestamp": now(),
                "locked": False,
            },
        }
        self.threads[thread_id] = thread
        return thread

    def _message(self, message_id: str, channel_id: str, body: dict | None, author: dict | None = None) -> dict:
        body = body or {}
        return {
            "id": message_id,
            "channel_id": channel_id,
            "guild_id": GUILD,
            "author": author or user(BOT, "listening", bot=True),
            "content": body.get("content", ""),
            "timestamp": now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": body.get("embeds", []),
            "components": body.get("components", []),
            "pinned": False,
            "type": 0,
            "flags": 0,
            "allowed_mentions": body.get("allowed_mentions"),
        }

    async def callback(self, interaction_id: str) -> dict:
        """The bot's answer to an interaction, once it comes."""
        if interaction_id in self.callbacks:
            return self.callbacks[interaction_id]
        waiter = asyncio.get_running_loop().create_future()
        self._callback_waiters[interaction_id] = waiter
        return await asyncio.wait_for(waiter, timeout=10)

    # -- gateway -------------------------------------------------------------------------

    async def drop(self, code: int = 4000) -> None:
        """Close the bot's gateway socket from Discord's side (4000: unknown error, resumable)."""
        await self.sockets[-1].close(code=code)

    async def send_raw(self, text: str) -> None:
        """A gateway text frame as is: it need not be JSON."""
        await self.sockets[-1].send_str(text)

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        if self.refuse_gateway > 0:
            self.refuse_gateway -= 1
            return web.Response(status=503, text="gateway unavailable")
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets.append(ws)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 45000}, "s": None, "t": None})
        async for frame in ws:
            if frame.type != WSMsgType.TEXT:
                continue
            data = json.loads(frame.data)
            if data["op"] == 1:
                await ws.send_json({"op": 11, "d": None, "s": None, "t": None})
            elif data["op"] == 2:
                self.identify = data["d"]
                self.identifies += 1
                if self.token is not None and data["d"].get("token") != self.token:
                    await ws.close(code=4004, message=b"Authentication failed.")
                    break
                await self._ready(ws)
                self.identified.set()
            elif data["op"] == 6:  # RESUME
                self.resumes += 1
                if self.token is not None and data["d"].get("token") != self.token:
                    await ws.close(code=4004, message=b"Authentication failed.")
                    break
                await ws.send_json({"op": 0, "t": "RESUMED", "s": next(self._seq), "d": {}})
        return ws

    async def _ready(self, ws) -> None:
        ready = {
            "v": 10,
            "user": user(BOT, "listening", bot=True),
            "guilds": [{"id": GUILD, "unavailable": True}],
            "session_id": "session-1",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": APP, "flags": 0},
            "private_channels": [],
            "relationships": [],
        }
        await self.dispatch("READY", ready, ws)
        roles = [
            {
                "id": GUILD,
                "name": "@everyone",
                "permissions": "2147483647",
                "position": 0,
                "color": 0,
                "hoist": False,
                "managed": False,
                "mentionable": False,
                "flags": 0,
            },
            {
                "id": STAFF_ROLE,
                "name": "Policy team",
                "permissions": "0",
                "position": 1,
                "color": 0,
                "hoist": False,
                "managed": False,
                "mentionable": True,
                "flags": 0,
            },
        ]
        guild = {
            "id": GUILD,
            "name": "Association of School Trusts",
            "icon": None,
            "owner_id": "1",
            "roles": roles,
            "channels": list(self.channels.values()),
            "threads": list(self.threads.values()),
            "members": [member(BOT, "listening", bot=True)],
            "member_count": 1,
            "large": False,
            "features": [],
            "emojis": [],
            "stickers": [],
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "system_channel_flags": 0,
            "premium_tier": 0,
            "preferred_locale": "en-GB",
            "nsfw_level": 0,
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "joined_at": now(),
            "unavailable": False,
            "afk_timeout": 300,
            "application_id": None,
            "premium_progress_bar_enabled": False,
        }
        await self.dispatch("GUILD_CREATE", guild, ws)

    async def dispatch(self, event: str, data: dict, ws=None, *, seq: int | None = None) -> None:
        """A dispatch with the session's next sequence number, or `seq` (an event sent again)."""
        number = next(self._seq) if seq is None else seq
        await (ws or self.sockets[-1]).send_json({"op": 0, "t": event, "s": number, "d": data})
