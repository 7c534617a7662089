"""A real bolt AsyncApp, in HTTP mode on port 0, talking to a fake Slack."""

from __future__ import annotations

import json

import aiohttp
import pytest

from adapters.slack.adapter import SlackAdapter
from bot.listening import Listening
from bot.runtime import Runtime
from storage import Database, Store
from tests.conftest import EXAMPLES, LONDON
from tests.slack import payloads
from tests.slack.fake_slack import FakeSlack

SECRET = "test-signing-secret"
MEMBERS, MORE, STAFF_CHANNEL = "C0MEMBERS", "C0MORE", "C0STAFF"
STAFF = "USTAFF"


class Slack:
    """The bot as Slack sees it: signed HTTP requests in, Web API calls out."""

    def __init__(self, fake: FakeSlack, adapter: SlackAdapter, runtime: Runtime, store: Store) -> None:
        self.fake, self.adapter, self.runtime, self.store = fake, adapter, runtime, store
        self.http = aiohttp.ClientSession()
        self.url = f"http://127.0.0.1:{adapter.bound_port}/slack/events"

    async def send(self, body: bytes, content_type: str, **signing) -> tuple[int, str]:
        headers = payloads.signed_headers(body, signing.pop("secret", SECRET), content_type=content_type, **signing)
        async with self.http.post(self.url, data=body, headers=headers) as response:
            answer = response.status, await response.text()
        await self.adapter.deadline.drain()  # the adapter's work after the ack
        await self.runtime.settle()  # what the request caused is posted a moment later
        return answer

    async def event(self, event: dict, event_id: str | None = None, **signing) -> tuple[int, str]:
        body = json.dumps(payloads.envelope(event, event_id)).encode()
        return await self.send(body, "application/json", **signing)

    async def click(
        self, user: str, message: dict, topic_id: int, option: int, channel: str = MEMBERS, action_ts: str | None = None
    ) -> tuple[int, str]:
        payload = payloads.block_actions(
            user,
            channel,
            message["ts"],
            f"vote:{topic_id}:{option}",
            self.fake.response_url(f"click-{user}"),
            action_ts,
        )
        return await self.send(payloads.interactivity(payload), "application/x-www-form-urlencoded")

    async def command(self, command: str, text: str, user: str = "UAMIRA", channel: str = MEMBERS) -> tuple[int, str]:
        fields = payloads.slash_command(command, text, user, channel, self.fake.response_url(f"cmd-{user}"))
        return await self.send(payloads.form(fields), "application/x-www-form-urlencoded")

    async def submit(self, payload: dict) -> tuple[int, str]:
        return await self.send(payloads.interactivity(payload), "application/x-www-form-urlencoded")

    def post(self, topic_id: int, channel: str = MEMBERS) -> dict:
        """The message the bot posted for a topic in a channel."""
        for message in self.fake.posts_in(channel):
            if (message.get("metadata") or {}).get("event_payload", {}).get("topic_id") == topic_id:
                return message
        raise AssertionError(f"topic {topic_id} was not posted in {channel}")

    async def close(self) -> None:
        await self.http.close()


async def start_slack(
    fake, url, clock, runtime_options=None, **adapter_options
) -> tuple[SlackAdapter, Runtime, Database]:
    database = Database(url)
    store = Store(database)
    adapter = SlackAdapter(
        bot_token="xoxb-test-token",
        signing_secret=SECRET,
        member_channels=[MEMBERS, MORE],
        staff_channel=STAFF_CHANNEL,
        staff_users=[STAFF],
        api_url=fake.api_url,
        host="127.0.0.1",
        port=0,
        zone=LONDON,
        clock=clock,
        **adapter_options,
    )
    options = {"sync_interval": None, "tally_interval": 0, **(runtime_options or {})}
    runtime = Runtime(Listening(store, clock, LONDON, EXAMPLES), [adapter], clock, **options)
    await runtime.start()
    return adapter, runtime, database


@pytest.fixture
async def slack(fake_slack, sqlite_url, clock):
    adapter, runtime, database = await start_slack(fake_slack, sqlite_url, clock)
    harness = Slack(fake_slack, adapter, runtime, Store(database))
    yield harness
    await harness.close()
    await runtime.stop()
    await database.dispose()
