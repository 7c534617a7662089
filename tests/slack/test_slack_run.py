"""`listening-bot run` with Slack configured: the Slack adapter, not the console."""

import asyncio
import os
import signal
import socket
import sys

import aiohttp


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=env,
        cwd=tmp_path,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(200):  # until it is listening (start-up takes a moment)
                try:
                    async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                        assert (await response.json())["platform"] == "slack"
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.05)
            else:
                raise AssertionError("the bot never answered /healthz")
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(process.communicate(), timeout=20)
    log = err.decode()
    assert process.returncode == 0, log
    assert "slack: HTTP mode listening" in log and "console" not in log.lower()
    assert "xoxb-run-test-secret" not in log and "run-test-signing-secret" not in log
    assert fake_slack.calls_to("auth.test")
