"""Slack's HTTP endpoint: the request is verified on its raw bytes before anything parses it.

Unsigned, stale or odd requests get 401 and are never logged; a body that is signed but
malformed (not UTF-8, an unknown charset, broken JSON or form data) gets 400; one larger than
any Slack payload gets 413. Only then does bolt see it. Nothing here answers 500.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs

from aiohttp import web
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

log = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024  # Slack's payloads are a few kilobytes; a modal with every field full, tens
STALE = 60 * 5  # seconds: Slack's own advice for refusing replayed requests
_CHARSETS = {"utf-8", "utf8", "us-ascii", "ascii"}


def signature_ok(raw: bytes, timestamp: str | None, signature: str | None, secret: str, now: float) -> bool:
    """Slack's v0 signature over `v0:<timestamp>:<raw body>`, and a timestamp within five minutes."""
    if not secret or not timestamp or not signature:
        return False
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        return False
    if abs(now - int(timestamp)) > STALE:
        return False
    if not (signature.isascii() and signature.startswith("v0=") and len(signature) == 67):
        return False
    expected = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + raw, hashlib.sha256).hexdigest()
    return hmac.compare_digest("v0=" + expected, signature)


def _text(request: web.Request, raw: bytes) -> str | None:
    """The body as text, if it is UTF-8 (or says another charset we can trust to be)."""
    charset = (request.charset or "utf-8").lower()
    if charset not in _CHARSETS:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


# Where bolt and the listeners look before any translator's typed model does: each, if present,
# of the type Slack documents. Strings have Slack's own bounds (a trigger id is some 50 characters).
_SHAPE: dict[str, tuple[type | tuple[type, ...], int | None]] = {
    "type": (str, 64),
    "token": (str, 255),
    "team_id": (str, 64),
    "event_id": (str, 64),
    "trigger_id": (str, 140),
    "command": (str, 64),
    "text": (str, 40_000),
    "user_id": (str, 64),
    "channel_id": (str, 64),
    "response_url": (str, 2000),
    "event": (dict, None),
    "view": (dict, None),
    "user": (dict, None),
    "team": (dict, None),
    "channel": (dict, None),
    "container": (dict, None),
    "message": (dict, None),
    "actions": (list, None),
    "authorizations": (list, None),
    "enterprise": ((dict, type(None)), None),
}
_INNER: dict[str, dict[str, type]] = {
    "event": {"type": str, "subtype": str, "user": str, "bot_id": str, "channel": str},
    "view": {"id": str, "callback_id": str, "private_metadata": str, "state": dict},
    "user": {"id": str},
    "team": {"id": str},
}


def _shaped(body: dict) -> bool:
    for key, (kind, longest) in _SHAPE.items():
        if key not in body:
            continue
        value = body[key]
        if not isinstance(value, kind) or (longest is not None and len(value) > longest):
            return False
        for inner, inner_kind in _INNER.get(key, {}).items():
            if inner in value and not isinstance(value[inner], inner_kind):
                return False
    actions = body.get("actions", [])
    authorizations = body.get("authorizations", [])
    return all(isinstance(a, dict) and isinstance(a.get("action_id", ""), str) for a in actions) and all(
        isinstance(a, dict) for a in authorizations
    )


def _well_formed(content_type: str, text: str) -> bool:
    """What bolt will parse, parsed first: a JSON object, or form fields (with `payload` a JSON
    object), each field where bolt looks of the type Slack sends."""
    try:
        if content_type == "application/json":
            body = json.loads(text)
            return isinstance(body, dict) and _shaped(body)
        fields = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text), max_num_fields=200)
        if any(len(values) > 1 for values in fields.values()):
            return False  # a field twice: which one would bolt read?
        if "payload" in fields:
            body = json.loads(fields["payload"][0])
            return isinstance(body, dict) and _shaped(body)
        return _shaped({k: v[0] for k, v in fields.items()})
    except (ValueError, RecursionError):  # broken JSON or query string; JSON nested past Python's limit
        return False


def events_handler(
    app: AsyncApp, secret: str, now: Callable[[], float]
) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handle(request: web.Request) -> web.Response:
        if (request.content_length or 0) > MAX_BODY:
            return web.Response(status=413, text="too large")
        try:
            raw = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return web.Response(status=413, text="too large")
        headers = request.headers
        if not signature_ok(
            raw, headers.get("X-Slack-Request-Timestamp"), headers.get("X-Slack-Signature"), secret, now()
        ):
            return web.Response(status=401, text="invalid request")
        text = _text(request, raw)
        if text is None or not _well_formed(request.content_type, text):
            log.info("slack: refused a signed request: its body is not well formed")
            return web.Response(status=400, text="malformed body")
        try:
            bolt_request = AsyncBoltRequest(
                body=text,
                query=request.query_string,
                headers={k.lower(): list(headers.getall(k)) for k in set(headers)},
            )
            # Listeners' failures come back as a 503 from the adapter's error handler; what
            # escapes is bolt itself failing to read a field of an unexpected shape.
            response = await app.async_dispatch(bolt_request)
        except Exception as err:  # noqa: BLE001 - any such failure is the payload's, not ours
            log.info("slack: refused a signed request bolt could not read (%s)", type(err).__name__)
            return web.Response(status=400, text="malformed body")
        return web.Response(
            status=response.status,
            body=response.body.encode() if isinstance(response.body, str) else response.body,
            headers={k: v[0] for k, v in response.headers.items() if k.lower() not in ("content-length", "set-cookie")},
        )

    return handle


def web_app(
    app: AsyncApp, secret: str, now: Callable[[], float], health: Callable[[web.Request], Awaitable[web.Response]]
) -> web.Application:
    server = web.Application(client_max_size=MAX_BODY)
    server.router.add_post("/slack/events", events_handler(app, secret, now))
    server.router.add_get("/healthz", health)
    return server
