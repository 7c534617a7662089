"""What Slack's error codes mean for the administrator, and whether trying again can help."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

# Errors that trying again will not fix; each says what the administrator should do.
PERMANENT = {
    "channel_not_found": "no such channel: check SLACK_MEMBER_CHANNELS / SLACK_STAFF_CHANNEL (use channel ids)",
    "not_in_channel": "the bot is not in that channel: invite it with /invite @bot-name",
    "is_archived": "the channel is archived",
    "invalid_auth": "Slack rejected SLACK_BOT_TOKEN",
    "not_authed": "SLACK_BOT_TOKEN is missing",
    "account_inactive": "the bot token belongs to a deactivated app or user",
    "missing_scope": "the app lacks a scope: reinstall it from adapters/slack/manifest.yml",
    "restricted_action": "a workspace admin has restricted posting in that channel",
    "msg_too_long": "the message is too long for Slack",
}


def explain(err: SlackApiError) -> tuple[str, bool]:
    code = err.response.get("error", "unknown_error") if err.response else "unknown_error"
    return f"{code}: {PERMANENT.get(code, 'Slack refused the request')}", code in PERMANENT
