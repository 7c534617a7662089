"""`listening-bot run` with Slack configured: the Slack adapter, not the console."""

import asyncio
import os
import signal

import aiohttp

from tests.bot_process import free_port, start, until_listening


async def test_run_serves_slack_in_http_mode_until_terminated(fake_slack, tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
        "SLACK_BOT_TOKEN": "xoxb-run-test-secret",
        "SLACK_SIGNING_SECRET": "run-test-signing-secret",
        "SLACK_API_URL": fake_slack.api_url,
        "SLACK_MEMBER_CHANNELS": "C0MEMBERS",
        "PORT": str(port),
        "LOG_LEVEL": "INFO",
    }
    process = await start(env, tmp_path)
    try:
        async with aiohttp.ClientSession() as http:
            assert "slack" in (await until_listening(http, port))["adapters"]
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(process.communicate(), timeout=20)
    log = err.decode()
    assert process.returncode == 0, log
    assert "slack: HTTP mode listening" in log and "console" not in log.lower()
    assert "xoxb-run-test-secret" not in log and "run-test-signing-secret" not in log
    assert fake_slack.calls_to("auth.test")


async def test_run_with_a_refused_app_token_stops_with_a_clear_message_and_exit_1(fake_slack, tmp_path):
    fake_slack.refused_tokens.add("xapp-revoked-token")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
        "SLACK_BOT_TOKEN": "xoxb-run-test-secret",
        "SLACK_APP_TOKEN": "xapp-revoked-token",
        "SLACK_API_URL": fake_slack.api_url,
        "SLACK_MEMBER_CHANNELS": "C0MEMBERS",
        "PORT": str(free_port()),
    }
    process = await start(env, tmp_path)
    _, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 1
    assert "Slack rejected SLACK_APP_TOKEN (invalid_auth)" in err.decode()
    assert "xapp-revoked-token" not in err.decode()  # the message names the setting, never the secret
    assert not fake_slack.sockets
