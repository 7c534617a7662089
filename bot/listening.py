"""The core: records what members do and carries out what staff decide.

Each inbound event runs in one transaction together with the record that it was
seen, so a redelivered event finds itself already recorded and changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError

from bot import authoring, plaintext
from bot.authoring import AuthoringError
from bot.clock import Clock
from bot.commands import Command, parse
from bot.domain.members import Role
from bot.domain.text import clean_text
from bot.domain.topics import (
    Content,
    PollChoice,
    QuickPoll,
    ResultsVisibility,
    Tally,
    Topic,
    TopicStatus,
    idea_ref,
    parse_ref,
)
from bot.errors import Refusal
from bot.events import (
    CommandInvoked,
    IdeaSubmitted,
    InboundEvent,
    Outcome,
    ReactionAdded,
    ReactionRemoved,
    ReplyDeleted,
    ReplyEdited,
    ReplyPosted,
    VoteCast,
)
from bot.when import parse_when, show
from storage import Store, Unit
from storage.exports import counts, member_data

log = logging.getLogger(__name__)

MAX_IDEA = 4000
MAX_REPLY = 100_000  # far above any platform's limit: only guards the database
MAX_EMOJI = 100
POLL_FLAGS = frozenset({"closes", "multiple", "rating", "hidden", "named"})


MEMBER_HELP = """\
Commands:
  list                       open cards and polls
  show REF                   one card or poll, with its results if they are shown
  mine                       what the bot has recorded from you
  erase                      remove your replies and ideas, and unlink your votes from you
  help                       this text"""

STAFF_HELP = """\
Staff commands:
  publish SLUG               publish an authored card or poll (see `authored`)
  authored                   the cards and polls ready to publish
  poll "Question" "A" "B" [--closes 3d] [--multiple | --rating] [--hidden] [--named]
  close REF                  close a card or poll now (e.g. close CARD-0003)
  recorded                   what has been recorded so far"""


class Listening:
    def __init__(self, store: Store, clock: Clock, zone: ZoneInfo, cards_dir: Path | None = None) -> None:
        self.store = store
        self.clock = clock
        self.zone = zone
        self.cards_dir = cards_dir
        self._handlers: dict[type, Callable[[Unit, InboundEvent, datetime], Awaitable[Outcome]]] = {
            VoteCast: self._vote,
            ReactionAdded: self._reaction_added,
            ReactionRemoved: self._reaction_removed,
            ReplyPosted: self._reply_posted,
            ReplyEdited: self._reply_edited,
            ReplyDeleted: self._reply_deleted,
            IdeaSubmitted: self._idea,
            CommandInvoked: self._command,
        }

    # -- inbound events -------------------------------------------------

    async def handle(self, event: InboundEvent) -> Outcome:
        if event.member.is_bot:
            return Outcome()  # bots, this one included, never count
        handler = self._handlers[type(event)]
        now = self.clock.now()
        try:
            async with self.store.unit() as unit:
                if not await unit.seen.first_sight(event.member.platform, event.event_id, now):
                    return await self._again(unit, event)
                return await handler(unit, event, now)
        except Refusal as refusal:
            return Outcome(reply=str(refusal))

    async def _again(self, unit: Unit, event: InboundEvent) -> Outcome:
        """A redelivery: answer as before where we can, change nothing."""
        if isinstance(event, IdeaSubmitted):
            idea_id = await unit.ideas.by_event(f"{event.member.platform}:{event.event_id}")
            if idea_id is not None:
                return Outcome(reply=f"Thanks, your idea is recorded as {idea_ref(idea_id)}.", duplicate=True)
        return Outcome(reply="Already recorded.", duplicate=True)

    async def _open_topic(self, unit: Unit, topic_id: int, now: datetime) -> Topic:
        topic = await unit.topics.get(topic_id, hold=True)
        if topic is None:
            raise Refusal("That card or poll no longer exists.")
        if topic.not_yet_open(now):
            raise Refusal(f"{topic.ref} opens for responses {show(topic.content.opens_at, self.zone)}.")
        if topic.closed_by(now):
            when = topic.closed_at or topic.content.closes_at
            raise Refusal(f"{topic.ref} closed {show(when, self.zone)}, so your response was not recorded.")
        return topic

    async def _vote(self, unit: Unit, event: VoteCast, now: datetime) -> Outcome:
        topic = await self._open_topic(unit, event.topic_id, now)
        options = topic.options
        if not 0 <= event.option < len(options):
            raise Refusal(f"{topic.ref} has options 1 to {len(options)}.")
        member_id = await unit.members.ensure(event.member, now)
        post = await unit.posts.at(*_locator(event.post)) if event.post else None
        chosen = options[event.option]
        before = await unit.votes.current(topic.id, member_id)
        if topic.content.multiple:
            if event.option in before:
                await unit.votes.withdraw(topic.id, member_id, slot=event.option)
                now_chosen = [o for o in before if o != event.option]
                reply = f"Removed “{chosen}” from your choices on {topic.ref}."
            else:
                await unit.votes.choose(topic.id, member_id, event.option, event.option, post and post.id, now)
                now_chosen = sorted([*before, event.option])
                reply = f"Added “{chosen}” to your choices on {topic.ref}."
            picks = ", ".join(f"“{options[o]}”" for o in now_chosen) or "none"
            reply += f" You have chosen: {picks}."
        else:
            await unit.votes.choose(topic.id, member_id, event.option, 0, post and post.id, now)
            if not before:
                reply = f"Thanks, your response to {topic.ref} is recorded: “{chosen}”."
            elif before == [event.option]:
                reply = f"Your response to {topic.ref} is already “{chosen}”."
            else:
                reply = f"Changed your response to {topic.ref} from “{options[before[0]]}” to “{chosen}”."
        if topic.content.closes_at:
            reply += f" You can change it until {show(topic.content.closes_at, self.zone)}."
        return Outcome(reply=reply, changed_topics=(topic.id,))

    async def _reaction_added(self, unit: Unit, event: ReactionAdded, now: datetime) -> Outcome:
        post = await unit.posts.at(*_locator(event.post))
        if post is None:
            return Outcome()  # a reaction on something that is not a card post
        member_id = await unit.members.ensure(event.member, now)
        await unit.reactions.add(post.id, member_id, clean_text(event.emoji)[:MAX_EMOJI], now)
        return Outcome()

    async def _reaction_removed(self, unit: Unit, event: ReactionRemoved, now: datetime) -> Outcome:
        post = await unit.posts.at(*_locator(event.post))
        member_id = await unit.members.find(event.member)
        if post is not None and member_id is not None:
            await unit.reactions.remove(post.id, member_id, clean_text(event.emoji)[:MAX_EMOJI])
        return Outcome()

    async def _reply_posted(self, unit: Unit, event: ReplyPosted, now: datetime) -> Outcome:
        post = await unit.posts.at(*_locator(event.post))
        if post is None:
            return Outcome()  # not in a card's thread: not ours to record
        text = _reply_text(event.text)
        member_id = await unit.members.ensure(event.member, now)
        await unit.replies.post(post.id, member_id, event.message_id, text, event.at)
        return Outcome(changed_topics=(post.topic_id,))

    async def _reply_edited(self, unit: Unit, event: ReplyEdited, now: datetime) -> Outcome:
        post = await unit.posts.at(*_locator(event.post))
        if post is None:
            return Outcome()
        text = _reply_text(event.text)
        member_id = await unit.members.ensure(event.member, now)
        await unit.replies.edit(post.id, member_id, event.message_id, text, event.at)
        return Outcome(changed_topics=(post.topic_id,))

    async def _reply_deleted(self, unit: Unit, event: ReplyDeleted, now: datetime) -> Outcome:
        post = await unit.posts.at(*_locator(event.post))
        if post is None:
            return Outcome()
        member_id = await unit.members.find(event.member)
        await unit.replies.delete(post.id, member_id, event.message_id, event.at)
        return Outcome(changed_topics=(post.topic_id,))

    async def _idea(self, unit: Unit, event: IdeaSubmitted, now: datetime) -> Outcome:
        text = clean_text(event.text).strip()
        if not text:
            raise Refusal("Tell us your idea after the command, e.g. /idea A shared SEND specialist for small trusts")
        if len(text) > MAX_IDEA:
            raise Refusal(
                f"That idea is {len(text):,} characters; please keep it under {MAX_IDEA:,} "
                "(you could send it as two ideas)."
            )
        member_id = await unit.members.ensure(event.member, now)
        idea_id = await unit.ideas.add(member_id, text, f"{event.member.platform}:{event.event_id}", now)
        log.info("idea recorded: %s", idea_ref(idea_id))
        return Outcome(reply=f"Thanks, your idea is recorded as {idea_ref(idea_id)}. The policy team reads every one.")

    # -- commands ----------------------------------------------------------

    async def _command(self, unit: Unit, event: CommandInvoked, now: datetime) -> Outcome:
        command = parse(event.text)
        staff = event.member.role is Role.STAFF
        member_commands = {
            "help": self._help,
            "list": self._list,
            "show": self._show,
            "mine": self._mine,
            "erase": self._erase,
        }
        staff_commands = {
            "publish": self._publish_command,
            "authored": self._authored,
            "poll": self._poll_command,
            "close": self._close_command,
            "recorded": self._recorded,
        }
        if command.name in member_commands:
            return await member_commands[command.name](unit, event, command, now)
        if command.name in staff_commands:
            if not staff:
                raise Refusal(f"Sorry, `{command.name}` is for the policy team. Try `help` to see what you can do.")
            return await staff_commands[command.name](unit, event, command, now)
        raise Refusal(f"I don't know `{command.name}`. Try `help`.")

    async def _help(self, unit: Unit, event: CommandInvoked, command: Command, now: datetime) -> Outcome:
        text = MEMBER_HELP + ("\n\n" + STAFF_HELP if event.member.role is Role.STAFF else "")
        return Outcome(reply=text)

    async def _list(self, unit: Unit, event: CommandInvoked, command: Command, now: datetime) -> Outcome:
        topics = await unit.topics.list(TopicStatus.OPEN)
        if not topics:
            return Outcome(reply="No cards or polls are open right now.")
        lines = ["Open cards and polls:"]
        for topic in topics:
            tally = await unit.votes.tally(topic)
            lines.append(plaintext.summary_line(topic, tally if topic.results_visible(now) else None))
        return Outcome(reply="\n".join(lines))

    async def _show(self, unit: Unit, event: CommandInvoked, command: Command, now: datetime) -> Outcome:
        if not command.args:
            raise Refusal("Say which one, e.g. `show CARD-0003`. `list` shows the open ones.")
        topic = await self._find(unit, command.args[0])
        tally = await unit.votes.tally(topic)
        shown = tally if topic.results_visible(now) else None
        return Outcome(reply=plaintext.describe(topic, shown, self.zone, voters=tally.voters))

    async def _mine(self, unit: Unit, event: CommandInvoked, command: Command, now: datetime) -> Outcome:
        member_id = await unit.members.find(event.member)
        if member_id is None:
            return Outcome(reply="Nothing is recorded from you yet.")
        data = await member_data(unit.session, member_id)
        lines = [f"Recorded from you (your pseudonymous id is {data['member']}):"]
        for v in data["votes"]:
            lines.append(f"  vote on {v['topic']}: {v['option_label']}")
        for r in data["replies"]:
            lines.append(f"  reply on {r['topic']}: {r['text'] if r['text'] is not None else '(deleted)'}")
        for r in data["reactions"]:
            lines.append(f"  reaction on {r['topic']}: {r['emoji']}")
        for i in data["ideas"]:
            lines.append(f"  {i['ref']}: {i['text']}")
        if len(lines) == 1:
            lines.append("  nothing yet")
        return Outcome(reply="\n".join(lines))

    async def _erase(self, unit: Unit, event: CommandInvoked, command: Command, now: datetime) -> Outcome:
        if command.args != ("confirm",):
            return Outcome(
                reply=(
                    "This removes the text of your replies and ideas and your votes on open cards and polls; "
                    "votes on closed ones stay in their results but are no longer linked to you. "
                    "It cannot be undone. Send `erase confirm` to go ahead."
                )
            )
        member_id = await unit.members.find(event.member)
        if member_id is None:
            return Outcome(reply="Nothing is recorded from you, so there is nothing to erase.")
        erased, changed = await unit.members.erase(member_id, now)
        log.info("a member's data was erased at their request")
        return Outcome(
            reply=(
                f"Done: {erased['replies']} replies, {erased['ideas']} ideas and {erased['open votes']} votes on open "
                "cards and polls erased; nothing left is linked to you."
            ),
            changed_topics=tuple(changed),
        )

    async def _authored(self, unit: Unit, event: CommandInvoked, command: Command, now: datetime) -> Outcome:
        found, broken = self._library()
        lines = ["Ready to publish:" if found else "No authored cards or polls found."]
        for item in found:
            published = await unit.topics.by_slug(item.content.slug) if item.content.slug else None
            state = f"published as {published.ref}" if published else "not published"
            lines.append(f"  {item.content.slug} · {item.content.title} ({state})")
        for err in broken:
            lines.append(f"  ✗ {err}")
        return Outcome(reply="\n".join(lines))

    async def _publish_command(self, unit: Unit, event: CommandInvoked, command: Command, now: datetime) -> Outcome:
        if not command.args:
            raise Refusal("Say which card to publish, e.g. `publish send-funding`. `authored` lists them.")
        content = self._authored_content(command.args[0])
        topic = await self._publish(unit, content, now)
        return Outcome(reply=f"Published {topic.ref} · {topic.title}.", published=(topic.id,))

    async def _poll_command(self, unit: Unit, event: CommandInvoked, command: Command, now: datetime) -> Outcome:
        poll = self.poll_from(command, now)
        topic = await self._publish(unit, poll, now)
        return Outcome(reply=f"Published {topic.ref} · {topic.title}.", published=(topic.id,))

    async def _close_command(self, unit: Unit, event: CommandInvoked, command: Command, now: datetime) -> Outcome:
        if not command.args:
            raise Refusal("Say which card or poll to close, e.g. `close CARD-0003`.")
        topic, tally = await self._close(unit, command.args[0], now)
        reply = f"Closed {topic.ref} (n = {tally.voters}). Its final result is posted in its thread on every platform."
        return Outcome(reply=reply, closed=(topic.id,))

    async def _recorded(self, unit: Unit, event: CommandInvoked, command: Command, now: datetime) -> Outcome:
        figures = await counts(unit.session)
        lines = ["Recorded so far:"]
        lines += [f"  {name}: {value}" for name, value in figures.items()]
        return Outcome(reply="\n".join(lines))

    # -- staff actions (also used by the command line) ----------------------

    def poll_from(self, command: Command, now: datetime) -> QuickPoll:
        """A poll from `"Question" "A" "B" --closes 3d --multiple`."""
        unknown = sorted(set(command.flags) - POLL_FLAGS)
        if unknown:
            raise Refusal(
                f"I don't know --{unknown[0]}. A poll takes {', '.join('--' + f for f in sorted(POLL_FLAGS))}."
            )
        if command.flags.get("multiple") and command.flags.get("rating"):
            raise Refusal("A poll is either --multiple or --rating, not both.")
        if not command.args:
            raise Refusal('Write the question and the options in quotes: poll "Question?" "Option A" "Option B"')
        question, *answers = command.args
        choice = PollChoice.SINGLE
        if command.flags.get("multiple"):
            choice = PollChoice.MULTIPLE
        if command.flags.get("rating"):
            choice = PollChoice.RATING
        closes = command.flags.get("closes")
        fields = {
            "question": question,
            "choice": choice,
            "answers": answers,
            "anonymous": not command.flags.get("named"),
            "results": ResultsVisibility.ON_CLOSE if command.flags.get("hidden") else ResultsVisibility.LIVE,
        }
        try:
            if isinstance(closes, str):
                fields["closes_at"] = parse_when(closes, now, self.zone)
            return QuickPoll.model_validate(fields)
        except ValueError as err:
            raise Refusal(_first_error(err)) from None

    async def publish_all(self, contents: list[Content]) -> list[Topic]:
        """Publish several at once: all of them, or none if one is refused."""
        async with self.store.unit() as unit:
            return [await self._publish(unit, content, self.clock.now()) for content in contents]

    async def _publish(self, unit: Unit, content: Content, now: datetime) -> Topic:
        if content.closes_at is not None and content.closes_at <= now:
            raise Refusal(f"Its closing time ({show(content.closes_at, self.zone)}) has already passed.")
        if content.slug:
            existing = await unit.topics.by_slug(content.slug)
            if existing is not None:
                raise Refusal(
                    f"`{content.slug}` is already published as {existing.ref} ({existing.status.value}). "
                    "Give the file a new `slug` to publish it again."
                )
        try:
            topic = await unit.topics.add(content, now)
        except IntegrityError:  # another process published the same slug a moment ago
            raise Refusal(f"`{content.slug}` has just been published by someone else.") from None
        log.info("published %s", topic.ref)
        return topic

    async def close(self, ref: str) -> tuple[Topic, Tally]:
        async with self.store.unit() as unit:
            return await self._close(unit, ref, self.clock.now())

    async def _close(self, unit: Unit, ref: str, now: datetime) -> tuple[Topic, Tally]:
        topic = await self._find(unit, ref)
        if not await unit.topics.close(topic.id, now):
            raise Refusal(f"{topic.ref} is already closed.")
        topic = await unit.topics.get(topic.id)
        log.info("closed %s", topic.ref)
        return topic, await unit.votes.tally(topic)

    async def _find(self, unit: Unit, ref: str) -> Topic:
        # A slug wins over a number, so a card called `2026-budget` or `poll-3` is found by its name.
        topic = await unit.topics.by_slug(ref.strip())
        topic_id = parse_ref(ref)
        if topic is None and topic_id is not None:
            topic = await unit.topics.get(topic_id)
        if topic is None:
            raise Refusal(f"There is no card or poll {ref!r}. `list` shows the open ones.")
        return topic

    async def member_data(self, pseudonym: str) -> dict:
        async with self.store.unit() as unit:
            member_id = await unit.members.by_pseudonym(pseudonym)
            if member_id is None:
                raise Refusal(f"No member has the pseudonymous id {pseudonym!r}.")
            return await member_data(unit.session, member_id)

    async def erase(self, pseudonym: str) -> dict[str, int]:
        async with self.store.unit() as unit:
            member_id = await unit.members.by_pseudonym(pseudonym)
            if member_id is None:
                raise Refusal(f"No member has the pseudonymous id {pseudonym!r}.")
            erased, _ = await unit.members.erase(member_id, self.clock.now())
            return erased

    async def topics(self, status: TopicStatus | None = None) -> list[tuple[Topic, Tally]]:
        async with self.store.unit() as unit:
            return [(t, await unit.votes.tally(t)) for t in await unit.topics.list(status)]

    def _library(self):
        if self.cards_dir is None:
            return [], []
        return authoring.library(self.cards_dir, self.zone)

    def _authored_content(self, name: str) -> Content:
        path = Path(name)
        if path.suffix in authoring.SUFFIXES and path.exists():
            return self._load(path)
        found, broken = self._library()
        for item in found:
            if name in (item.content.slug, item.path.stem, item.path.name):
                return item.content
        for err in broken:
            if Path(err.path).stem == name:
                raise Refusal(f"That file has problems, so nothing was published:\n{err}")
        raise Refusal(f"There is no authored card or poll called {name!r}. `authored` lists them.")

    def _load(self, path: Path) -> Content:
        try:
            return authoring.load(path, self.zone)
        except AuthoringError as err:
            raise Refusal(f"That file has problems, so nothing was published:\n{err}") from None


def _locator(post) -> tuple[str, str, str, str]:
    return post.platform, post.workspace_id, post.channel_id, post.thread_id


def _reply_text(text: str) -> str:
    text = clean_text(text)
    if len(text) > MAX_REPLY:
        raise Refusal(f"That message is {len(text):,} characters; the limit is {MAX_REPLY:,}.")
    return text


def _first_error(err: ValueError) -> str:
    errors = getattr(err, "errors", None)
    if callable(errors):
        first = errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        return f"{where}: {message}" if where else message
    return str(err)
