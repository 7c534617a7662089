"""The console: one person at a terminal, in a #members and a #staff channel.

Cards and polls appear as they are posted; the person votes, replies in a card's
thread, reacts and suggests ideas, and can switch to the policy team to publish
or close. Everything goes through the core's dispatch, as on Slack and Discord.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sys
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TextIO
from zoneinfo import ZoneInfo

from adapters.console.help import HELP, STAFF_HELP
from adapters.console.terminal import ReadLine, read_stdin
from bot import plaintext
from bot.clock import Clock, SystemClock
from bot.domain import ChannelRef, ChannelRole, MemberRef, Post, PostedMessage, Role, Tally, Topic, parse_ref
from bot.domain.replies import StoredReply
from bot.domain.text import clean_text
from bot.domain.topics import MAX_ID
from bot.errors import Refusal
from bot.events import (
    CommandInvoked,
    IdeaSubmitted,
    PostLocator,
    ReactionAdded,
    ReactionRemoved,
    ReplyDeleted,
    ReplyEdited,
    ReplyPosted,
    VoteCast,
)
from bot.platform import Adapter, Dispatch
from bot.threads import Threads

PLATFORM = "console"
WORKSPACE = "local"
MEMBERS = ChannelRef(PLATFORM, WORKSPACE, "members", ChannelRole.MEMBER, "#members")
STAFF = ChannelRef(PLATFORM, WORKSPACE, "staff", ChannelRole.STAFF, "#staff")
HERE = (PLATFORM, WORKSPACE, MEMBERS.channel_id)

log = logging.getLogger(__name__)


@dataclass
class Shown:
    """A card or poll as posted in #members, and what the bot said in its thread."""

    topic: Topic
    message_id: str
    thread_id: str
    tally: Tally | None
    said: list[tuple[datetime, str]] = field(default_factory=list)


_REPLY_REF = re.compile(r"^\s*(?:r|reply-?)0*(\d{1,10})\s*$", re.IGNORECASE)


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
            f"\n📣 New in {channel.name}  [{topic.id}]\n{_indent(plaintext.describe(topic, tally, self.zone))}\n"
            f"  → vote {topic.id} <choice>   reply {topic.id} <text>   react {topic.id} <emoji>\n"
        )
        return PostedMessage(message_id=message_id, thread_id=message_id)

    async def restore(self, post: Post, topic: Topic, tally: Tally | None) -> None:
        self._remember(Shown(topic, post.message_id, post.thread_id or post.message_id, tally))
        self._announce(f"\nOpen in #members  [{topic.id}]\n{_indent(plaintext.describe(topic, tally, self.zone))}\n")

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
        self._announce(f"\n🧵 In the thread of [{post.topic_id}]:\n{_indent(text)}\n")

    async def post_to_staff(self, text: str) -> None:
        self._announce(f"\n#staff:\n{_indent(text)}\n")

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
            "vote": self._vote,
            "reply": self._reply,
            "thread": self._show_thread,
            "edit": self._edit,
            "delete": self._delete,
            "react": self._react,
            "unreact": self._unreact,
            "idea": self._idea,
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

    async def _vote(self, _word: str, rest: str) -> None:
        number, _, choice = rest.partition(" ")
        shown = self._shown(number)
        option = _option(shown.topic, choice.strip())
        outcome = await self._send(VoteCast, topic_id=shown.topic.id, option=option, post=self._message(shown))
        self._answer(outcome.reply)

    async def _reply(self, _word: str, rest: str) -> None:
        number, _, text = rest.partition(" ")
        shown = self._shown(number)
        if not text.strip():
            raise Refusal(f"Write your reply after the number, e.g. `reply {shown.topic.id} I agree because…`")
        threads = self._lookups()
        message_id = f"m-{uuid.uuid4().hex[:12]}"
        where = self._thread(shown)
        outcome = await self._send(ReplyPosted, post=where, message_id=message_id, text=text)
        stored = await threads.recorded(where, message_id)
        if stored is None:
            self._answer(outcome.reply or f"Your reply in the thread of [{shown.topic.id}] was not recorded.")
            return
        ref = f"r{stored.id}"
        self._say(
            f"  ↳ Replied in the thread of [{shown.topic.id}] as {ref} ({stored.ref} in exports). "
            f"(`edit {ref} …` or `delete {ref}`)"
        )

    async def _show_thread(self, _word: str, rest: str) -> None:
        """The replies in card N's thread with their numbers, and what the bot said there;
        from the database, so a restart or a closed card loses none of them."""
        topic_id = _number(rest)
        shown = self.shown.get(topic_id)
        found, replies = await self._lookups().of_topic(topic_id, HERE)
        topic = shown.topic if shown else found
        if topic is None:
            raise Refusal(f"There is no card or poll [{rest.strip()}] in #members. `cards` lists the open ones.")
        said = [(r.posted_at, _said_by(r)) for r in replies]
        said += [(at, f"bot: {text}") for at, text in (shown.said if shown else [])]
        if not said:
            self._say(f"  The thread of [{topic.id}] is empty so far. `reply {topic.id} …` to start it.")
            return
        self._say(f"  Thread of [{topic.id}] · {topic.title}")
        for _at, text in sorted(said, key=lambda entry: entry[0]):
            self._say(_indent(text, "    "))

    async def _own_reply(self, ref: str) -> tuple[StoredReply, str]:
        """The reply `rN` (or REPLY-00NN), if it is this person's and still there."""
        match = _REPLY_REF.match(ref)
        reply_id = int(match.group(1)) if match else 0
        if not 1 <= reply_id <= MAX_ID:
            raise Refusal("Give the reply's number as `thread N` shows it, e.g. `edit r12 …` or `delete r12`.")
        key = f"r{reply_id}"
        stored = await self._lookups().reply(reply_id)
        if stored is None or (stored.platform, stored.workspace_id, stored.channel_id) != HERE:
            raise Refusal(f"There is no reply {key} in #members. `thread N` lists card N's replies and their numbers.")
        if stored.author != self.user:
            raise Refusal(f"{key} was written by “{stored.author or 'another member'}”; only its author can change it.")
        if stored.deleted:
            raise Refusal(f"{key} was deleted, so there is nothing to change.")
        return stored, key

    async def _edit(self, _word: str, rest: str) -> None:
        ref, _, text = rest.partition(" ")
        stored, key = await self._own_reply(ref)
        if not text.strip():
            raise Refusal(f"Write the new text after it, e.g. `edit {key} On reflection…`")
        outcome = await self._send(ReplyEdited, post=stored.locator(), message_id=stored.message_id, text=text)
        if outcome.reply:
            self._answer(outcome.reply)
        else:
            self._say(f"  ↳ Edited {key}.")

    async def _delete(self, _word: str, rest: str) -> None:
        stored, key = await self._own_reply(rest)
        outcome = await self._send(ReplyDeleted, post=stored.locator(), message_id=stored.message_id)
        if outcome.reply:
            self._answer(outcome.reply)
        else:
            self._say(f"  ↳ Deleted {key}; it is no longer counted anywhere.")

    async def _react(self, _word: str, rest: str, remove: bool = False) -> None:
        number, _, emoji = rest.partition(" ")
        shown = self._shown(number)
        emoji = emoji.strip()
        if not emoji or " " in emoji:
            raise Refusal(f"Give one emoji, e.g. `react {shown.topic.id} 👍`")
        kind = ReactionRemoved if remove else ReactionAdded
        await self._send(kind, post=self._message(shown), emoji=emoji)
        self._say(f"  ↳ {'Took back' if remove else 'Reacted'} {emoji} on [{shown.topic.id}].")

    async def _unreact(self, word: str, rest: str) -> None:
        await self._react(word, rest, remove=True)

    async def _idea(self, _word: str, rest: str) -> None:
        outcome = await self._send(IdeaSubmitted, text=rest)
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
        topic_id = _number(number)
        if topic_id not in self.shown:
            raise Refusal(f"There is no card or poll [{number.strip()}] in #members. `cards` lists the open ones.")
        return self.shown[topic_id]

    def _prompt(self) -> str:
        who = "staff" if self.role is Role.STAFF else self.user
        return f"{who}@#members> "

    def _answer(self, text: str | None) -> None:
        if text:
            self._say(_indent(text, "  ↳ "))

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


def _said_by(reply: StoredReply) -> str:
    author = reply.author or "a member"
    return f"{author} (r{reply.id}{', edited' if reply.edited else ''}): {reply.text}"


def _indent(text: str, first: str = "  ") -> str:
    pad = " " * len(first)
    lines = text.splitlines() or [""]
    return "\n".join([first + lines[0], *(pad + line for line in lines[1:])])


def _number(text: str) -> int:
    text = text.strip().lstrip("[#").rstrip("]")
    topic_id = parse_ref(text)
    if topic_id is None:
        raise Refusal("Give the card's number, shown in [brackets], e.g. `vote 1 agree`.")
    return topic_id


def _option(topic: Topic, choice: str) -> int:
    """A choice by its number (1-based) or by its words ("agree", "partly")."""
    options = topic.options
    listed = "; ".join(f"{i + 1} {o}" for i, o in enumerate(options))
    if not choice:
        raise Refusal(f"Say which: {listed}. E.g. `vote {topic.id} 1`.")
    if choice.isdecimal() and choice.isascii():
        number = int(choice) if len(choice) < 4 else 0
        if 1 <= number <= len(options):
            return number - 1
        raise Refusal(f"Choose 1 to {len(options)}: {listed}.")
    folded = choice.casefold()
    exact = [i for i, o in enumerate(options) if o.casefold() == folded]
    if exact:
        return exact[0]
    starts = [i for i, o in enumerate(options) if o.casefold().startswith(folded)]
    if len(starts) == 1:
        return starts[0]
    raise Refusal(f"“{choice}” isn't one of the choices: {listed}.")
