"""What a person types as a member at the console (vote, reply, thread, edit, delete, react,
idea), turned into the core's events: the console's counterpart of Slack's inbound listeners."""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING

from adapters.console.channels import HERE
from bot.domain import Topic, parse_ref
from bot.domain.replies import StoredReply
from bot.domain.topics import MAX_ID
from bot.errors import Refusal
from bot.events import IdeaSubmitted, ReactionAdded, ReactionRemoved, ReplyDeleted, ReplyEdited, ReplyPosted, VoteCast

if TYPE_CHECKING:
    from adapters.console.adapter import ConsoleAdapter

_REPLY_REF = re.compile(r"^\s*(?:r|reply-?)0*(\d{1,10})\s*$", re.IGNORECASE)


class MemberActions:
    def __init__(self, adapter: ConsoleAdapter) -> None:
        self.a = adapter

    async def vote(self, _word: str, rest: str) -> None:
        number, _, choice = rest.partition(" ")
        shown = self.a._shown(number)
        option = _option(shown.topic, choice.strip())
        outcome = await self.a._send(VoteCast, topic_id=shown.topic.id, option=option, post=self.a._message(shown))
        self.a._answer(outcome.reply)

    async def reply(self, _word: str, rest: str) -> None:
        number, _, text = rest.partition(" ")
        shown = self.a._shown(number)
        if not text.strip():
            raise Refusal(f"Write your reply after the number, e.g. `reply {shown.topic.id} I agree because…`")
        threads = self.a._lookups()
        message_id = f"m-{uuid.uuid4().hex[:12]}"
        where = self.a._thread(shown)
        outcome = await self.a._send(ReplyPosted, post=where, message_id=message_id, text=text)
        stored = await threads.recorded(where, message_id)
        if stored is None:
            self.a._answer(outcome.reply or f"Your reply in the thread of [{shown.topic.id}] was not recorded.")
            return
        ref = f"r{stored.id}"
        self.a._say(
            f"  ↳ Replied in the thread of [{shown.topic.id}] as {ref} ({stored.ref} in exports). "
            f"(`edit {ref} …` or `delete {ref}`)"
        )

    async def show_thread(self, _word: str, rest: str) -> None:
        """The replies in card N's thread with their numbers, and what the bot said there;
        from the database, so a restart or a closed card loses none of them."""
        topic_id = topic_number(rest)
        shown = self.a.shown.get(topic_id)
        found, replies = await self.a._lookups().of_topic(topic_id, HERE)
        topic = shown.topic if shown else found
        if topic is None:
            raise Refusal(f"There is no card or poll [{rest.strip()}] in #members. `cards` lists the open ones.")
        said = [(r.posted_at, _said_by(r)) for r in replies]
        said += [(at, f"bot: {text}") for at, text in (shown.said if shown else [])]
        if not said:
            self.a._say(f"  The thread of [{topic.id}] is empty so far. `reply {topic.id} …` to start it.")
            return
        self.a._say(f"  Thread of [{topic.id}] · {topic.title}")
        for _at, text in sorted(said, key=lambda entry: entry[0]):
            self.a._say(indent(text, "    "))

    async def own_reply(self, ref: str) -> tuple[StoredReply, str]:
        """The reply `rN` (or REPLY-00NN), if it is this person's and still there."""
        match = _REPLY_REF.match(ref)
        reply_id = int(match.group(1)) if match else 0
        if not 1 <= reply_id <= MAX_ID:
            raise Refusal("Give the reply's number as `thread N` shows it, e.g. `edit r12 …` or `delete r12`.")
        key = f"r{reply_id}"
        stored = await self.a._lookups().reply(reply_id)
        if stored is None or (stored.platform, stored.workspace_id, stored.channel_id) != HERE:
            raise Refusal(f"There is no reply {key} in #members. `thread N` lists card N's replies and their numbers.")
        if stored.author != self.a.user:
            raise Refusal(f"{key} was written by “{stored.author or 'another member'}”; only its author can change it.")
        if stored.deleted:
            raise Refusal(f"{key} was deleted, so there is nothing to change.")
        return stored, key

    async def edit(self, _word: str, rest: str) -> None:
        ref, _, text = rest.partition(" ")
        stored, key = await self.own_reply(ref)
        if not text.strip():
            raise Refusal(f"Write the new text after it, e.g. `edit {key} On reflection…`")
        outcome = await self.a._send(ReplyEdited, post=stored.locator(), message_id=stored.message_id, text=text)
        if outcome.reply:
            self.a._answer(outcome.reply)
        else:
            self.a._say(f"  ↳ Edited {key}.")

    async def delete(self, _word: str, rest: str) -> None:
        stored, key = await self.own_reply(rest)
        outcome = await self.a._send(ReplyDeleted, post=stored.locator(), message_id=stored.message_id)
        if outcome.reply:
            self.a._answer(outcome.reply)
        else:
            self.a._say(f"  ↳ Deleted {key}; it is no longer counted anywhere.")

    async def react(self, _word: str, rest: str, remove: bool = False) -> None:
        number, _, emoji = rest.partition(" ")
        shown = self.a._shown(number)
        emoji = emoji.strip()
        if not emoji or " " in emoji:
            raise Refusal(f"Give one emoji, e.g. `react {shown.topic.id} 👍`")
        kind = ReactionRemoved if remove else ReactionAdded
        await self.a._send(kind, post=self.a._message(shown), emoji=emoji)
        self.a._say(f"  ↳ {'Took back' if remove else 'Reacted'} {emoji} on [{shown.topic.id}].")

    async def unreact(self, word: str, rest: str) -> None:
        await self.react(word, rest, remove=True)

    async def idea(self, _word: str, rest: str) -> None:
        outcome = await self.a._send(IdeaSubmitted, text=rest)
        self.a._answer(outcome.reply)


def _said_by(reply: StoredReply) -> str:
    author = reply.author or "a member"
    return f"{author} (r{reply.id}{', edited' if reply.edited else ''}): {reply.text}"


def indent(text: str, first: str = "  ") -> str:
    pad = " " * len(first)
    lines = text.splitlines() or [""]
    return "\n".join([first + lines[0], *(pad + line for line in lines[1:])])


def topic_number(text: str) -> int:
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
