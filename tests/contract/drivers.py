"""Drivers: one way to act on, and look at, each platform the bot runs on.

A scenario speaks only this protocol: members vote, reply, edit, delete, react and send
ideas; staff publish and close; and it reads back what the platform shows (each posted
card, its tally, its thread, the staff channel) and what the export holds. Each driver
does this the way its platform does (typed lines for the console, signed HTTP requests
for Slack, gateway dispatches and interactions for Discord, platform events for the
memory platform), against the fakes and harnesses the adapters' own tests use.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import re
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from adapters.console import ConsoleAdapter
from adapters.memory import MemoryAdapter
from bot import plaintext
from bot.events import VoteCast
from bot.listening import Listening
from bot.runtime import Runtime
from storage import Database, Store
from storage.exports import datasets, records
from tests.conftest import EXAMPLES, LONDON

SUMMARY_AT = "0 15 * * fri"  # the default week: Friday 15:00, London
REF = re.compile(r"\b((?:CARD|POLL)-\d{4})\b")


@dataclass(frozen=True)
class Shown:
    """A card as one member channel shows it."""

    channel: str
    text: str  # everything readable on it
    choices: tuple[str, ...]  # what a member can pick: buttons, or the numbered choices of a text platform

    def tally(self) -> dict[str, int]:
        """Each choice's count as the card shows it (empty while results are hidden)."""
        counts = {}
        for line in self.text.splitlines():
            chat = re.search(r"\d+%\s+(.+?) \((\d+)\)\s*$", line)  # Slack and Discord: "50%  Agree (1)"
            text = re.search(r"^\s*\d+\. (.+?)\s+[█·]+\s+(\d+)\s+\(\d+%\)", line)  # plain text: "1. Agree ██ 1 (50%)"
            found = chat or text
            if found:
                counts[found.group(1).strip()] = int(found.group(2))
        return counts


@dataclass
class Topic:
    """A published card, as the staff member who published it was told it."""

    ref: str
    id: int
    answer: str


@dataclass
class Reply:
    member: str
    topic: Topic
    handle: Any  # the platform's own name for the message
    text: str
    sent: Any = None  # what the platform sent when it was posted, to send again


class Driver(Protocol):
    name: str
    buttons: bool  # cards carry buttons (and lose them at close)
    redelivers: bool  # the platform may send an event again (a retry, a replay after a resume)
    channel_names: tuple[str, ...]  # each member channel as the platform shows its name to people
    member_channels: int  # how many member channels a card is posted to
    recorded_emoji: str  # how the platform's 👍 is recorded
    store: Store

    # staff
    async def publish(self, slug: str) -> Topic: ...
    async def poll(self, spec: str) -> Topic: ...  # `"Question?" "A" "B" [--hidden] …`, as staff type it
    async def close(self, topic: Topic) -> str: ...
    async def weekly_summary(self) -> None: ...

    # members; each returns what the member is told, if anything. `channel`: which member
    # channel's post (0: the first) the member acts on
    async def vote(self, member: str, topic: Topic, choice: str, *, channel: int = 0) -> str: ...
    async def reply(self, member: str, topic: Topic, text: str, *, channel: int = 0) -> Reply: ...
    async def edit(self, reply: Reply, text: str) -> None: ...
    async def delete(self, reply: Reply) -> None: ...
    async def redeliver(self, reply: Reply) -> None: ...  # the reply's event, sent again by the platform
    async def react(self, member: str, topic: Topic, *, channel: int = 0) -> None: ...
    async def unreact(self, member: str, topic: Topic) -> None: ...
    async def idea(self, member: str, text: str) -> str: ...
    async def mine(self, member: str) -> str: ...
    async def erase(self, member: str) -> str: ...

    # what the platform shows
    async def cards(self, topic: Topic) -> list[Shown]: ...
    async def thread(self, topic: Topic, *, channel: int = 0) -> str: ...  # what the bot said there
    async def staff_channel(self) -> str: ...

    async def start(self) -> None: ...  # the bot running on the platform (its fake), on a fresh database
    async def stop(self) -> None: ...


async def export(store: Store) -> dict[str, list[dict]]:
    """Every table of the export (storage/exports.py), as records."""
    tables = {}
    async with store.unit() as unit:
        for dataset in datasets():
            tables[dataset.name] = [r async for r in records(unit.session, dataset)]
    return tables


def _runtime(store: Store, clock, adapters) -> Runtime:
    return Runtime(
        Listening(store, clock, LONDON, EXAMPLES),
        adapters,
        clock,
        sync_interval=None,
        tally_interval=0,
        summary_at=SUMMARY_AT,
        alarms=False,  # no alarm clock: the scenario moves the clock and the driver runs what is due
    )


NOT_TEXT = {"type", "action_id", "block_id", "custom_id", "url", "style", "id", "proxy_url"}


def _strings(value) -> list[str]:
    """Every readable string in a Block Kit or embed structure."""
    if isinstance(value, dict):
        return [s for k, v in value.items() if k not in NOT_TEXT for s in _strings(v)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return [value] if isinstance(value, str) else []


def _ref(answer: str) -> Topic:
    found = REF.search(answer)
    assert found, f"no card reference in the answer: {answer!r}"
    return Topic(found.group(1), int(found.group(1)[-4:]), answer)


async def _due(runtime: Runtime, clock) -> None:
    """The next Friday 15:00 (London) passes: what the alarm would run."""
    local = clock.now().astimezone(LONDON)
    friday = (local + timedelta(days=(4 - local.weekday()) % 7)).replace(hour=15, minute=0, second=0, microsecond=0)
    if friday <= local:
        friday += timedelta(days=7)
    clock.advance(seconds=(friday - local).total_seconds() + 60)
    await runtime.schedule.catch_up()
    await runtime.settle()


# -- memory -------------------------------------------------------------------------------


class MemoryDriver:
    """The reference platform: events straight into the core; what it was asked to show."""

    name = "memory"
    buttons = False
    member_channels = 2
    redelivers = True
    channel_names = ("C-members", "C-more")  # a memory channel is named by its id
    recorded_emoji = "👍"
    STAFF = "staff-member"

    def __init__(self, url: str, clock) -> None:
        self.url, self.clock = url, clock

    async def start(self) -> None:
        self.database = Database(self.url)
        self.store = Store(self.database)
        self.adapter = MemoryAdapter("memory", clock=self.clock, member_channels=("C-members", "C-more"))
        self.runtime = _runtime(self.store, self.clock, [self.adapter])
        await self.runtime.start()

    async def stop(self) -> None:
        await self.runtime.stop()
        await self.database.dispose()

    async def _command(self, member: str, text: str, *, staff: bool = False) -> str:
        outcome = await self.adapter.command(member, text, staff=staff)
        await self.runtime.settle()
        return outcome.reply or ""

    def _message(self, topic: Topic, channel: int = 0):
        return self.adapter.posts_of(topic.id)[channel]  # in the order of the member channels

    async def publish(self, slug):
        return _ref(await self._command(self.STAFF, f"publish {slug}", staff=True))

    async def poll(self, spec):
        return _ref(await self._command(self.STAFF, f"poll {spec}", staff=True))

    async def close(self, topic):
        return await self._command(self.STAFF, f"close {topic.ref}", staff=True)

    async def weekly_summary(self):
        await _due(self.runtime, self.clock)

    async def vote(self, member, topic, choice, *, channel=0):
        message = self._message(topic, channel)
        event = VoteCast(  # what MemoryAdapter.vote sends, on this channel's post
            event_id=uuid.uuid4().hex,
            member=self.adapter.member(member),
            at=self.clock.now(),
            topic_id=topic.id,
            option=message.topic.options.index(choice),
            post=self.adapter.locator(message, by_message=True),
        )
        outcome = await self.runtime.dispatch(event)
        await self.runtime.settle()
        return outcome.reply or ""

    async def reply(self, member, topic, text, *, channel=0):
        message, event_id = self._message(topic, channel), uuid.uuid4().hex
        message_id = await self.adapter.reply(member, message, text, event_id=event_id)
        return Reply(member, topic, (message, message_id), text, sent=event_id)

    async def edit(self, reply, text):
        message, message_id = reply.handle
        await self.adapter.edit(reply.member, message, message_id, text)

    async def delete(self, reply):
        message, message_id = reply.handle
        await self.adapter.delete(reply.member, message, message_id)

    async def redeliver(self, reply):
        message, message_id = reply.handle
        await self.adapter.reply(reply.member, message, reply.text, message_id=message_id, event_id=reply.sent)

    async def react(self, member, topic, *, channel=0):
        await self.adapter.react(member, self._message(topic, channel), "👍")

    async def unreact(self, member, topic):
        await self.adapter.react(member, self._message(topic), "👍", remove=True)

    async def idea(self, member, text):
        outcome = await self.adapter.idea(member, text)
        return outcome.reply or ""

    async def mine(self, member):
        return await self._command(member, "mine")

    async def erase(self, member):
        await self._command(member, "erase")
        return await self._command(member, "erase confirm")

    async def cards(self, topic):
        await self.runtime.tallies.drain()
        return [
            Shown(
                m.channel.channel_id,
                plaintext.describe(m.topic, m.tally, LONDON),
                tuple(m.topic.options) if m.topic.status.value != "closed" else (),
            )
            for m in self.adapter.posts_of(topic.id)
        ]

    async def thread(self, topic, *, channel=0):
        return "\n".join(self._message(topic, channel).thread)

    async def staff_channel(self):
        return "\n".join(self.adapter.staff_posts)


# -- console ------------------------------------------------------------------------------


class ConsoleDriver:
    """A person at the console typing lines (tests/test_console.py's Terminal); `as NAME`
    for each member, `staff` for the policy team."""

    name = "console"
    buttons = False
    member_channels = 1  # #members only
    redelivers = False  # a typed line is read once
    channel_names = ("#members",)
    recorded_emoji = "👍"

    def __init__(self, url: str, clock) -> None:
        self.url, self.clock = url, clock

    async def start(self) -> None:
        from tests.test_console import Terminal

        self.terminal = Terminal()
        self.database = Database(self.url)
        self.store = Store(self.database)
        console = ConsoleAdapter(LONDON, read_line=self.terminal.read_line, out=self.terminal.screen, clock=self.clock)
        self.runtime = _runtime(self.store, self.clock, [console])
        self.serving = asyncio.create_task(self.runtime.serve())
        await self.terminal.until_prompt()

    async def stop(self) -> None:
        self.terminal.close()
        await asyncio.wait_for(self.serving, 10)
        await self.database.dispose()

    async def type(self, line: str) -> str:
        shown = await self.terminal.type(line)
        assert "went wrong" not in shown and "Traceback" not in shown, shown
        return shown

    async def _as(self, member: str, line: str) -> str:
        await self.type(f"as {member}")
        return await self.type(line)

    async def _staff(self, line: str) -> str:
        await self.type("staff")
        return await self.type(line)

    async def publish(self, slug):
        return _ref(await self._staff(f"publish {slug}"))

    async def poll(self, spec):
        return _ref(await self._staff(f"poll {spec}"))

    async def close(self, topic):
        return await self._staff(f"close {topic.id}")

    async def weekly_summary(self):
        await _due(self.runtime, self.clock)

    async def vote(self, member, topic, choice, *, channel=0):
        assert channel == 0, "the console has one member channel"
        return await self._as(member, f"vote {topic.id} {choice}")

    async def reply(self, member, topic, text, *, channel=0):
        assert channel == 0, "the console has one member channel"
        shown = await self._as(member, f"reply {topic.id} {text}")
        number = re.search(r" as (r\d+) ", shown)
        assert number, shown
        return Reply(member, topic, number.group(1), text)

    async def edit(self, reply, text):
        await self._as(reply.member, f"edit {reply.handle} {text}")

    async def delete(self, reply):
        await self._as(reply.member, f"delete {reply.handle}")

    async def redeliver(self, reply):
        raise AssertionError("nothing redelivers a typed line")

    async def react(self, member, topic, *, channel=0):
        assert channel == 0, "the console has one member channel"
        await self._as(member, f"react {topic.id} 👍")

    async def unreact(self, member, topic):
        await self._as(member, f"unreact {topic.id} 👍")

    async def idea(self, member, text):
        return await self._as(member, f"idea {text}")

    async def mine(self, member):
        return await self._as(member, "mine")

    async def erase(self, member):
        await self._as(member, "erase")
        return await self.type("erase confirm")

    async def cards(self, topic):
        shown = await self.type(f"show {topic.id}")
        closed = "Closed " in shown and "Closes:" not in shown
        choices = tuple(m.group(1).strip() for m in re.finditer(r"^[ \t]+\d+\. (\S.*?)(?:[ \t]{2,}|$)", shown, re.M))
        return [Shown("#members", shown, () if closed else choices)]

    async def thread(self, topic, *, channel=0):
        assert channel == 0, "the console has one member channel"
        return await self.type(f"thread {topic.id}")

    async def staff_channel(self):
        return "\n".join(part for part in self.terminal.shown().split("\n#staff:\n")[1:])


# -- Slack --------------------------------------------------------------------------------


class SlackDriver:
    """Signed HTTP requests to the bot in HTTP mode; what it posts to the fake Web API."""

    name = "slack"
    buttons = True
    member_channels = 2
    redelivers = True
    channel_names = ("#members", "#more-members")  # as conversations.info names them
    recorded_emoji = ":thumbsup:"

    def __init__(self, url: str, clock) -> None:
        self.url, self.clock = url, clock
        self._ts = itertools.count(1)
        self._seen: dict[tuple[int, int], list[str]] = {}

    async def start(self) -> None:
        from tests.slack.conftest import Slack, start_slack
        from tests.slack.fake_slack import FakeSlack

        self.fake = FakeSlack()
        await self.fake.start()
        adapter, runtime, self.database = await start_slack(
            self.fake, self.url, self.clock, runtime_options={"summary_at": SUMMARY_AT, "alarms": False}
        )
        self.store = Store(self.database)
        self.runtime = runtime
        self.harness = Slack(self.fake, adapter, runtime, self.store)

    async def stop(self) -> None:
        await self.harness.close()
        await self.runtime.stop()
        await self.database.dispose()
        await self.fake.stop()

    @staticmethod
    def user(member: str) -> str:
        return "U" + member.upper()

    def _ts_next(self) -> str:
        return f"1800000{next(self._ts):03d}.000100"

    @staticmethod
    def _channel(index: int) -> str:
        from tests.slack.conftest import MEMBERS, MORE

        return (MEMBERS, MORE)[index]

    def _post(self, topic: Topic, channel: int = 0) -> dict:
        return self.harness.post(topic.id, self._channel(channel))

    async def _command(self, command: str, text: str, user: str) -> str:
        status, body = await self.harness.command(command, text, user=user)
        assert status == 200, (status, body)
        return body

    async def publish(self, slug):
        from tests.slack.conftest import STAFF

        return _ref(await self._command("/card", slug, STAFF))

    async def poll(self, spec):
        from tests.slack.conftest import STAFF

        return _ref(await self._command("/poll", spec, STAFF))

    async def close(self, topic):
        from tests.slack.conftest import STAFF

        return await self._command("/listening", f"close {topic.ref}", STAFF)

    async def weekly_summary(self):
        await _due(self.runtime, self.clock)

    async def vote(self, member, topic, choice, *, channel=0):
        message = self._post(topic, channel)
        # The buttons as the member's screen first showed them (a click can come after close).
        buttons = self._seen.setdefault((topic.id, channel), self._buttons(message))
        option = buttons.index(choice)
        before = len(self.fake.responses)
        status, _ = await self.harness.click(
            self.user(member), message, topic.id, option, channel=self._channel(channel)
        )
        assert status == 200
        told = self.fake.responses[before:]
        return told[-1][1]["text"] if told else ""

    async def reply(self, member, topic, text, *, channel=0):
        from tests.slack import payloads

        where, thread_ts, ts = self._channel(channel), self._post(topic, channel)["ts"], self._ts_next()
        event, event_id = payloads.thread_reply(where, thread_ts, ts, self.user(member), text), f"Ev{ts}"
        status, _ = await self.harness.event(event, event_id)
        assert status == 200
        return Reply(member, topic, (where, thread_ts, ts), text, sent=(event, event_id))

    async def redeliver(self, reply):
        event, event_id = reply.sent
        status, _ = await self.harness.event(event, event_id, retry_num=1)  # Slack's retry: same event_id
        assert status == 200

    async def edit(self, reply, text):
        from tests.slack import payloads

        where, thread_ts, ts = reply.handle
        event = payloads.message_changed(
            where, thread_ts, ts, self.user(reply.member), reply.text, text, self._ts_next()
        )
        assert (await self.harness.event(event))[0] == 200
        reply.text = text

    async def delete(self, reply):
        from tests.slack import payloads

        where, thread_ts, ts = reply.handle
        event = payloads.message_deleted(where, thread_ts, ts, self.user(reply.member), reply.text, self._ts_next())
        assert (await self.harness.event(event))[0] == 200

    async def _reaction(self, kind: str, member: str, topic: Topic, channel: int = 0) -> None:
        from tests.slack import payloads

        ts = self._post(topic, channel)["ts"]
        event = payloads.reaction(kind, self.user(member), self._channel(channel), ts, "thumbsup")
        assert (await self.harness.event(event))[0] == 200

    async def react(self, member, topic, *, channel=0):
        await self._reaction("reaction_added", member, topic, channel)

    async def unreact(self, member, topic):
        await self._reaction("reaction_removed", member, topic)

    async def idea(self, member, text):
        return await self._command("/idea", text, self.user(member))

    async def mine(self, member):
        return await self._command("/listening", "mine", self.user(member))

    async def erase(self, member):
        await self._command("/listening", "erase", self.user(member))
        return await self._command("/listening", "erase confirm", self.user(member))

    @staticmethod
    def _buttons(message: dict) -> list[str]:
        return [
            element["text"]["text"]
            for block in message.get("blocks", [])
            if block["type"] == "actions"
            for element in block["elements"]
            if element.get("type") == "button"
        ]

    async def cards(self, topic):
        from tests.slack.conftest import MEMBERS, MORE

        await self.runtime.tallies.drain()
        shown = []
        for channel in (MEMBERS, MORE):
            message = self.harness.post(topic.id, channel)
            text = "\n".join(_strings(message.get("blocks", [])))
            shown.append(Shown(channel, text, tuple(self._buttons(message))))
        return shown

    async def thread(self, topic, *, channel=0):
        said = self.fake.thread(self._channel(channel), self._post(topic, channel)["ts"])
        return "\n".join(m.get("text", "") for m in said)

    async def staff_channel(self):
        from tests.slack.conftest import STAFF_CHANNEL

        return "\n".join(
            "\n".join(_strings(m["blocks"])) if m.get("blocks") else m.get("text", "")
            for m in self.fake.posts_in(STAFF_CHANNEL)
        )


# -- Discord ------------------------------------------------------------------------------


class DiscordDriver:
    """Gateway dispatches and interactions from the fake Discord; what the bot sends to its REST API."""

    name = "discord"
    buttons = True
    member_channels = 2
    redelivers = True
    channel_names = ("members", "more-members")
    recorded_emoji = "👍"
    STAFF_USER = "1999"

    def __init__(self, url: str, clock, monkeypatch) -> None:
        self.url, self.clock, self.monkeypatch = url, clock, monkeypatch
        self._users: dict[str, str] = {}
        self._seen: dict[tuple[int, int], dict] = {}

    async def start(self) -> None:
        import discord
        import yarl

        from tests.discord.conftest import Discord, start_discord
        from tests.discord.fake_discord import FakeDiscord

        self.fake = FakeDiscord()
        await self.fake.start()
        self.monkeypatch.setattr(discord.http.Route, "BASE", self.fake.rest_url)
        self.monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(self.fake.gateway_url))
        adapter, runtime, self.database = await start_discord(
            self.fake, self.url, self.clock, runtime_options={"summary_at": SUMMARY_AT, "alarms": False}
        )
        self.store = Store(self.database)
        self.runtime = runtime
        self.harness = Discord(self.fake, adapter, runtime, self.store)

    async def stop(self) -> None:
        await self.runtime.stop()
        await self.database.dispose()
        await self.fake.stop()

    def user(self, member: str) -> str:
        return self._users.setdefault(member, str(1001 + len(self._users)))

    @staticmethod
    def _channel(index: int) -> str:
        from tests.discord.fake_discord import MEMBERS, MORE

        return (MEMBERS, MORE)[index]

    def _card(self, topic: Topic, channel: int = 0) -> dict:
        return self.harness.card(topic.id, self._channel(channel))

    async def _interact(self, payload: dict) -> str:
        answer = await self.harness.interact(payload)
        await self.runtime.settle()
        data = answer.get("data") or {}
        followups = "\n".join(f.get("content") or "" for f in self.fake.followups)
        return (data.get("content") or "") + ("\n" + followups if answer.get("type") == 5 else "")

    async def _gateway(self, event: str, data: dict) -> None:
        while not self.runtime.recorded.empty():  # what interactions recorded before
            self.runtime.recorded.get_nowait()
        await self.harness.send(event, data)

    async def _slash(self, name: str, options: dict, member: str | None) -> str:
        from tests.discord import payloads
        from tests.discord.fake_discord import MEMBERS, STAFF_ROLE

        if member is None:
            payload = payloads.slash_command(name, options, self.STAFF_USER, MEMBERS, roles=[STAFF_ROLE])
        else:
            payload = payloads.slash_command(name, options, self.user(member), MEMBERS)
        return await self._interact(payload)

    async def publish(self, slug):
        return _ref(await self._slash("card", {"slug": slug}, None))

    async def poll(self, spec):
        return _ref(await self._slash("poll", {"spec": spec}, None))

    async def close(self, topic):
        return await self._slash("listening", {"command": f"close {topic.ref}"}, None)

    async def weekly_summary(self):
        await _due(self.runtime, self.clock)

    async def vote(self, member, topic, choice, *, channel=0):
        from tests.discord import payloads

        # The card as the member's screen first showed it (a click can come after close).
        message = self._seen.setdefault((topic.id, channel), copy.deepcopy(self._card(topic, channel)))
        (button,) = [b for row in message["components"] for b in row["components"] if b.get("label") == choice]
        return await self._interact(payloads.button_click(button["custom_id"], self.user(member), message))

    async def reply(self, member, topic, text, *, channel=0):
        from tests.discord import payloads

        sent = payloads.message(self._card(topic, channel)["thread"]["id"], self.user(member), text)
        await self._gateway("MESSAGE_CREATE", sent)
        return Reply(member, topic, sent, text, sent=sent)

    async def redeliver(self, reply):
        await self._gateway("MESSAGE_CREATE", reply.sent)  # replayed after a resume

    async def edit(self, reply, text):
        from tests.discord import payloads

        reply.handle = payloads.message_update(reply.handle, text)
        await self._gateway("MESSAGE_UPDATE", reply.handle)

    async def delete(self, reply):
        from tests.discord import payloads

        await self._gateway("MESSAGE_DELETE", payloads.message_delete(reply.handle))

    async def _reaction(self, member: str, topic: Topic, add: bool, channel: int = 0) -> None:
        from tests.discord import payloads

        card = self._card(topic, channel)
        data = payloads.reaction(self._channel(channel), card["id"], self.user(member), "👍", add=add)
        await self._gateway("MESSAGE_REACTION_ADD" if add else "MESSAGE_REACTION_REMOVE", data)

    async def react(self, member, topic, *, channel=0):
        await self._reaction(member, topic, True, channel)

    async def unreact(self, member, topic):
        await self._reaction(member, topic, False)

    async def idea(self, member, text):
        return await self._slash("idea", {"text": text}, member)

    async def mine(self, member):
        return await self._slash("listening", {"command": "mine"}, member)

    async def erase(self, member):
        await self._slash("listening", {"command": "erase"}, member)
        return await self._slash("listening", {"command": "erase confirm"}, member)

    async def cards(self, topic):
        from tests.discord.fake_discord import MEMBERS, MORE

        await self.runtime.tallies.drain()
        shown = []
        for channel in (MEMBERS, MORE):
            message = self.harness.card(topic.id, channel)
            text = "\n".join([message.get("content") or "", *_strings(message.get("embeds", []))])
            labels = tuple(b.get("label", "") for row in message.get("components", []) for b in row["components"])
            shown.append(Shown(channel, text, labels))
        return shown

    async def thread(self, topic, *, channel=0):
        said = self.fake.sent_to(self._card(topic, channel)["thread"]["id"])
        return "\n".join(m.get("content") or "" for m in said)

    async def staff_channel(self):
        from tests.discord.fake_discord import STAFF_CHANNEL

        return "\n".join(
            "\n".join([m.get("content") or "", *_strings(m.get("embeds", []))])
            for m in self.fake.sent_to(STAFF_CHANNEL)
        )


def make_driver(name: str, url: str, clock, monkeypatch) -> Driver:
    return {
        "memory": lambda: MemoryDriver(url, clock),
        "console": lambda: ConsoleDriver(url, clock),
        "slack": lambda: SlackDriver(url, clock),
        "discord": lambda: DiscordDriver(url, clock, monkeypatch),
    }[name]()
