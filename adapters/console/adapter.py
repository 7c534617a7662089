"""The console: one person at a terminal, in a #members and a #staff channel.

Cards and polls appear as they are posted; the person votes, replies in a card's
thread, reacts and suggests ideas, and can switch to the policy team to publish
or close. Everything goes through the core's dispatch, as on Slack and Discord.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TextIO
from zoneinfo import ZoneInfo

from adapters.console.actions import MemberActions, indent, topic_number
from adapters.console.channels import MEMBERS, PLATFORM, STAFF, WORKSPACE
from adapters.console.help import HELP, STAFF_HELP
from adapters.console.terminal import ReadLine, read_stdin
from bot import plaintext
from bot.clock import Clock, SystemClock
from bot.domain import ChannelRef, MemberRef, Post, PostedMessage, Role, Tally, Topic
from bot.domain.text import clean_text
from bot.errors import Refusal
from bot.events import (
    CommandInvoked,
    PostLocator,
)
from bot.platform import Adapter, Dispatch
from bot.threads import Threads

log = logging.getLogger(__name__)


@dataclass
class Shown:
    """A card or poll as posted in #members, and what the bot said in its thread."""

    topic: Topic
    message_id: str
    thread_id: str
    tally: Tally | None
    said: list[tuple[datetime, str]] = field(default_factory=list)


class ConsoleAdapter(Adapter):
    """`store` reads replies by their stable number (`r42`, REPLY-0042 in exports);
    `settle` waits until what an event caused has been posted, so each command's
    effects are shown before the next line is read. Both are taken from the runtime
    that starts the adapter when they are not given."""

    platform = PLATFORM

    def __init__(
        self,
        zone: ZoneInfo,
        read_line: ReadLine = read_stdin,
        out: TextIO | None = None,
        clock: Clock | None = None,
        user: str = "you",
        *,
        threads: Threads | None = None,
        settle: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.zone = zone
        self.read_line = read_line
        self.out = out or sys.stdout
        self.clock = clock or SystemClock()
        self.user = user
        self.role = Role.MEMBER
        self.shown: dict[int, Shown] = {}  # topic id -> post
        self._by_message: dict[str, Shown] = {}
        self._threads = threads
        self._settle = settle
        self._dispatch: Dispatch | None = None
        self._quit = asyncio.Event()
        self._reading: str | None = None  # the prompt on screen while waiting for a line
        self.actions = MemberActions(self)

    # -- the contract ---------------------------------------------------------

    def channels(self) -> Sequence[ChannelRef]:
        return (MEMBERS, STAFF)

    async def start(self, dispatch: Dispatch) -> None:
        self._dispatch = dispatch
        # The runtime hands over its bound `dispatch`; the core's threads and `settle` come with
        # it unless the composition root passed them.
        runtime = getattr(dispatch, "__self__", None)
        if self._settle is None:
            self._settle = getattr(runtime, "settle", None)
        if self._threads is None:
            self._threads = getattr(getattr(runtime, "listening", None), "threads", None)

    async def stop(self) -> None:
        self._quit.set()

    async def wait_closed(self) -> None:
        """The conversation itself: runs until the person quits or their input ends.
        Each line is carried out in full (recorded, answered, and what it caused posted)
        before the next one is read, whether typed or piped."""
        if self.shown:
            where = "Open cards and polls are shown above; `vote 1 agree` answers card [1]."
        else:
            where = "Nothing is open yet: type `staff`, then `authored` to see the example cards and `publish SLUG`."
        self._say(
            "\nmember-listening bot · console workspace\n"
            f"You are in #members as “{self.user}”, a member. {where}\n"
            "Type `help` for what you can do, `staff` to act as the policy team, `quit` to leave.\n"
        )
        try:
            while not self._quit.is_set():
                prompt = self._prompt()
                self._reading = prompt
                try:
                    line = await self.read_line(prompt)
                finally:
                    self._reading = None
                if line is None:
                    break
                try:
                    await self.handle(clean_text(line))
                except Refusal as refusal:
                    self._say(f"  ! {refusal}")
                except Exception:  # one bad line must not end the session
                    log.exception("a console command failed")  # not the line: it is member text
                    self._say("  ! Sorry, that went wrong on our side; it has been logged. Try `help`.")
        finally:
            self._quit.set()
        self._say("Bye. Everything you did is saved.")

    async def post_topic(self, channel: ChannelRef, topic: Topic, tally: Tally | None) -> PostedMessage:
        message_id = f"m-{uuid.uuid4().hex[:12]}"
        self._remember(Shown(topic, message_id, message_id, tally))
        self._announce(
            f"\n📣 New in {channel.name}  [{topic.id}]\n{indent(plaintext.describe(topic, tally, self.zone))}\n"
            f"  → vote {topic.id} <choice>   reply {topic.id} <text>   react {topic.id} <emoji>\n"
        )
        return PostedMessage(message_id=message_id, thread_id=message_id)

    async def restore(self, post: Post, topic: Topic, tally: Tally | None) -> None:
        self._remember(Shown(topic, post.message_id, post.thread_id or post.message_id, tally))
        self._announce(f"\nOpen in #members  [{topic.id}]\n{indent(plaintext.describe(topic, tally, self.zone))}\n")

    def _remember(self, shown: Shown) -> None:
        self.shown[shown.topic.id] = shown
        self._by_message[shown.message_id] = shown

    async def update_post(self, post: Post, topic: Topic, tally: Tally | None) -> None:
        shown = self._by_message.get(post.message_id)
        if shown is not None:
            shown.topic, shown.tally = topic, tally

    async def reply_in_thread(self, post: Post, text: str) -> None:
        shown = self._by_message.get(post.message_id)
        if shown is not None:
            shown.said.append((self._now(), text))
        self._announce(f"\n🧵 In the thread of [{post.topic_id}]:\n{indent(text)}\n")

    async def post_to_staff(self, text: str) -> None:
        self._announce(f"\n#staff:\n{indent(text)}\n")

    # -- the person's commands -------------------------------------------------

    async def handle(self, line: str) -> None:
        """Carry out one line, and wait until what it caused (a card posted, a final
        result) is shown."""
        try:
            await self._handle(line)
        finally:
            await self._settled()

    async def _handle(self, line: str) -> None:
        line = line.strip()
        if not line:
            return
        word, _, rest = line.partition(" ")
        word, rest = word.lower().lstrip("/"), rest.strip()
        simple = {
            "help": self._help,
            "?": self._help,
            "cards": self._cards,
            "list": self._cards,
            "quit": self._leave,
            "exit": self._leave,
            "staff": self._as_staff,
            "member": self._as_member,
        }
        with_text = {
            "vote": self.actions.vote,
            "reply": self.actions.reply,
            "thread": self.actions.show_thread,
            "edit": self.actions.edit,
            "delete": self.actions.delete,
            "react": self.actions.react,
            "unreact": self.actions.unreact,
            "idea": self.actions.idea,
            "as": self._switch,
            "erase": self._core,
            "show": self._core,
            "mine": self._core,
            "authored": self._core,
            "publish": self._core,
            "poll": self._core,
            "close": self._core,
            "recorded": self._core,
            "summary": self._core,
        }
        if word in simple:
            await simple[word]()
        elif word in with_text:
            await with_text[word](word, rest)
        else:
            self._say(f"  ? I don't know `{word}`. Type `help` to see what you can do.")

    async def _help(self) -> None:
        self._say(
            HELP
            + ("\n\n" + STAFF_HELP if self.role is Role.STAFF else "\n\nType `staff` for the policy team's commands.")
        )

    async def _leave(self) -> None:
        self._quit.set()

    async def _as_staff(self) -> None:
        self.role = Role.STAFF
        self._say("  You are now on the policy team. `help` lists what you can do; `member` switches back.")

    async def _as_member(self) -> None:
        self.role = Role.MEMBER
        self._say(f"  You are now “{self.user}”, a member.")

    async def _switch(self, _word: str, rest: str) -> None:
        name = rest.strip()
        if not name or len(name) > 40 or any(c.isspace() for c in name):
            raise Refusal("Give one word as the name, e.g. `as amira`.")
        self.user, self.role = name, Role.MEMBER
        self._say(f"  You are now “{name}”, a member.")

    async def _cards(self) -> None:
        await self._core("list", "")

    async def _core(self, word: str, rest: str) -> None:
        """Commands the core answers itself (the same ones Slack and Discord use)."""
        if word in {"show", "close"}:
            rest = rest.strip("[]")  # `close [3]`, as it is shown
        outcome = await self._send(CommandInvoked, text=f"{word} {rest}".strip())
        self._answer(outcome.reply)

    # -- helpers -------------------------------------------------------------

    def _member(self) -> MemberRef:
        return MemberRef(PLATFORM, WORKSPACE, self.user, self.role)

    async def _send(self, kind, **fields):
        event = kind(event_id=uuid.uuid4().hex, member=self._member(), at=self._now(), **fields)
        return await self._dispatch(event)

    async def _settled(self) -> None:
        if self._settle is not None:
            await self._settle()

    def _lookups(self) -> Threads:
        if self._threads is None:
            raise Refusal("Replies cannot be looked up here: the console was started without the bot's core.")
        return self._threads

    def _now(self) -> datetime:
        return self.clock.now()

    def _thread(self, shown: Shown) -> PostLocator:
        return PostLocator(PLATFORM, WORKSPACE, MEMBERS.channel_id, thread_id=shown.thread_id)

    def _message(self, shown: Shown) -> PostLocator:
        return PostLocator(PLATFORM, WORKSPACE, MEMBERS.channel_id, message_id=shown.message_id)

    def _shown(self, number: str) -> Shown:
        topic_id = topic_number(number)
        if topic_id not in self.shown:
            raise Refusal(f"There is no card or poll [{number.strip()}] in #members. `cards` lists the open ones.")
        return self.shown[topic_id]

    def _prompt(self) -> str:
        who = "staff" if self.role is Role.STAFF else self.user
        return f"{who}@#members> "

    def _answer(self, text: str | None) -> None:
        if text:
            self._say(indent(text, "  ↳ "))

    def _say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def _announce(self, text: str) -> None:
        """Output that may arrive on its own (a card published elsewhere, a closing time,
        a scheduled summary): if the prompt was showing, show it again after, so the
        person knows they can type."""
        prompt = self._reading
        if prompt is None:
            self._say(text)
            return
        self.out.write(f"\n{text.lstrip(chr(10))}\n{prompt}")
        self.out.flush()
