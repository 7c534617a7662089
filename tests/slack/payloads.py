"""Slack payloads, shaped as Slack's documentation shows them
(api.slack.com/apis/events-api, /reference/interaction-payloads, /interactivity/slash-commands)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from urllib.parse import urlencode

from tests.slack.fake_slack import BOT_USER, TEAM

APP = "A0APP"


def envelope(event: dict, event_id: str | None = None) -> dict:
    """An Events API `event_callback` wrapper."""
    return {
        "token": "verification-token",
        "team_id": TEAM,
        "context_team_id": TEAM,
        "api_app_id": APP,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": TEAM,
                "user_id": BOT_USER,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": "4-eyJldCI6Im1lc3NhZ2UifQ",
    }


def thread_reply(channel: str, thread_ts: str, ts: str, user: str, text: str, *, broadcast: bool = False) -> dict:
    event = {
        "type": "message",
        "channel": channel,
        "user": user,
        "text": text,
        "ts": ts,
        "thread_ts": thread_ts,
        "parent_user_id": BOT_USER,
        "event_ts": ts,
        "channel_type": "channel",
        "client_msg_id": str(uuid.uuid4()),
        "team": TEAM,
        "blocks": [{"type": "rich_text", "block_id": "b1", "elements": []}],
    }
    if broadcast:
        event["subtype"] = "thread_broadcast"
        event["root"] = {"ts": thread_ts, "user": BOT_USER, "text": "card", "thread_ts": thread_ts}
    return event


def top_level(channel: str, ts: str, user: str, text: str) -> dict:
    return {
        "type": "message",
        "channel": channel,
        "user": user,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        "channel_type": "channel",
        "team": TEAM,
    }


def bot_reply(channel: str, thread_ts: str, ts: str, bot_id: str, text: str) -> dict:
    return {
        "type": "message",
        "subtype": "bot_message",
        "channel": channel,
        "bot_id": bot_id,
        "text": text,
        "ts": ts,
        "thread_ts": thread_ts,
        "event_ts": ts,
        "channel_type": "channel",
    }


def message_changed(channel: str, thread_ts: str, ts: str, user: str, old: str, new: str, edit_ts: str) -> dict:
    return {
        "type": "message",
        "subtype": "message_changed",
        "hidden": True,
        "channel": channel,
        "ts": edit_ts,
        "event_ts": edit_ts,
        "channel_type": "channel",
        "message": {
            "type": "message",
            "user": user,
            "text": new,
            "ts": ts,
            "thread_ts": thread_ts,
            "edited": {"user": user, "ts": edit_ts},
            "team": TEAM,
        },
        "previous_message": {"type": "message", "user": user, "text": old, "ts": ts, "thread_ts": thread_ts},
    }


def message_deleted(channel: str, thread_ts: str, ts: str, user: str, old: str, delete_ts: str) -> dict:
    return {
        "type": "message",
        "subtype": "message_deleted",
        "hidden": True,
        "channel": channel,
        "ts": delete_ts,
        "deleted_ts": ts,
        "event_ts": delete_ts,
        "channel_type": "channel",
        "previous_message": {"type": "message", "user": user, "text": old, "ts": ts, "thread_ts": thread_ts},
    }


def reaction(kind: str, user: str, channel: str, ts: str, name: str) -> dict:
    return {
        "type": kind,
        "user": user,
        "reaction": name,
        "item_user": BOT_USER,
        "item": {"type": "message", "channel": channel, "ts": ts},
        "event_ts": f"{time.time():.6f}",
    }


def block_actions(
    user: str, channel: str, message_ts: str, action_id: str, response_url: str, action_ts: str | None = None
) -> dict:
    return {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
        "api_app_id": APP,
        "token": "verification-token",
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel, "is_ephemeral": False},
        "trigger_id": f"{uuid.uuid4().int % 10**12}.{uuid.uuid4().hex[:12]}",
        "team": {"id": TEAM, "domain": "test"},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel, "name": "members"},
        "message": {"type": "message", "user": BOT_USER, "ts": message_ts, "bot_id": "BBOT", "text": "card"},
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": "topic-1",
                "text": {"type": "plain_text", "text": "Agree"},
                "value": action_id,
                "type": "button",
                "action_ts": action_ts or f"{time.time():.6f}",
            }
        ],
    }


def slash_command(command: str, text: str, user: str, channel: str, response_url: str) -> dict:
    return {
        "token": "verification-token",
        "team_id": TEAM,
        "team_domain": "test",
        "channel_id": channel,
        "channel_name": "members",
        "user_id": user,
        "user_name": user.lower(),
        "command": command,
        "text": text,
        "api_app_id": APP,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": f"{uuid.uuid4().int % 10**12}.{uuid.uuid4().hex[:12]}",
    }


def view_submission(user: str, callback_id: str, values: dict, private_metadata: str = "") -> dict:
    state = {}
    for block_id, value in values.items():
        if block_id == "evidence":
            state[block_id] = {"value": {"type": "static_select", "selected_option": {"value": value}}}
        else:
            state[block_id] = {"value": {"type": "plain_text_input", "value": value}}
    return {
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "test"},
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
        "api_app_id": APP,
        "token": "verification-token",
        "trigger_id": "123.456",
        "view": {
            "id": f"V{uuid.uuid4().hex[:8].upper()}",
            "team_id": TEAM,
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": private_metadata,
            "state": {"values": state},
            "hash": "1700000000.abc",
            "title": {"type": "plain_text", "text": "x"},
            "blocks": [],
        },
        "response_urls": [],
        "is_enterprise_install": False,
    }


# -- signing, as Slack does it --------------------------------------------------------


def signed_headers(
    body: bytes,
    secret: str,
    timestamp: int | None = None,
    content_type: str = "application/json",
    retry_num: int | None = None,
) -> dict[str, str]:
    timestamp = int(time.time()) if timestamp is None else timestamp
    base = f"v0:{timestamp}:".encode() + body
    signature = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": str(timestamp),
        "X-Slack-Signature": signature,
    }
    if retry_num is not None:
        headers["X-Slack-Retry-Num"] = str(retry_num)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
    return headers


def form(fields: dict) -> bytes:
    return urlencode(fields).encode()


def interactivity(payload: dict) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()
