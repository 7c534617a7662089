"""The core: records what members do, once each.

Each inbound event runs in one transaction together with the record that it was
seen, so a redelivered event finds itself already recorded and changes nothing.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot import bounds
from bot.chat_commands import ChatCommands
from bot.clock import Clock
from bot.domain.limits import MAX_EMOJI, MAX_IDEA, MAX_REPLY  # documented there, with every other bound
from bot.domain.members import Role, StaleReference
from bot.domain.text import clean_text
from bot.domain.topics import Cast, Topic, idea_ref
from bot.errors import Refusal
from bot.events import (
    CommandInvoked,
    IdeaSubmitted,
    InboundEvent,
    Outcome,
    ReactionAdded,
    ReactionRemoved,
    ReactionsCleared,
    ReplyDeleted,
    ReplyEdited,
    ReplyPosted,
    TopicWritten,
    VoteCast,
)
from bot.policy_team import PolicyTeam, published
from bot.ports import Store, Unit
from bot.threads import Threads
from bot.when import show

log = logging.getLogger(__name__)

DOUBLE_CLICK = timedelta(seconds=1.5)


class Listening:
    """Member events in, outcomes out; staff decisions through `team`."""

    def __init__(self, store: Store, clock: Clock, zone: ZoneInfo, cards_dir: Path | None = None) -> None:
        self.store = store
        self.clock = clock
        self.zone = zone
        self.team = PolicyTeam(store, clock, zone, cards_dir)
        self.threads = Threads(store)  # replies by their stable number, for the console
        self.commands = ChatCommands(self.team, zone)
        self._handlers: dict[type, Callable[..., Awaitable[Outcome]]] = {
            VoteCast: self._vote,
            ReactionAdded: self._reaction_added,
            ReactionRemoved: self._reaction_removed,
            ReactionsCleared: self._reactions_cleared,
            ReplyPosted: self._reply_posted,
            ReplyEdited: self._reply_edited,
            ReplyDeleted: self._reply_deleted,
            IdeaSubmitted: self._idea,
            CommandInvoked: self.commands.run,
            TopicWritten: self._topic_written,
        }

    async def handle(self, event: InboundEvent) -> Outcome:
        if event.member.is_bot:
            return Outcome()  # bots, this one included, never count
        try:
            event = bounds.admit(event)  # every id and text fits where it is stored
        except bounds.Unfit as unfit:
            log.warning("ignored %s event: %s", type(event).__name__, unfit)
            answer = f"Sorry, that could not be recorded: {unfit}." if isinstance(event, bounds.ANSWERED) else None
            return Outcome(reply=answer)
        except Refusal as refusal:
            return Outcome(reply=str(refusal))
        try:
            try:
                return await self._record(event)
            except StaleReference:  # erased a moment ago by another process: they are new again
                return await self._record(event)
        except Refusal as refusal:
            return Outcome(reply=str(refusal))

    async def _record(self, event: InboundEvent) -> Outcome:
        """The event and what it changes, in one unit: it is recorded once, however often it comes."""
        handler = self._handlers[type(event)]
        now = self.clock.now()
        async with self.store.unit() as unit:
            if not await unit.seen.first_sight(event.member.platform, event.event_id, now):
                return await self._again(unit, event)
            outcome = await handler(unit, event, now)
            if event.reply_to and outcome.reply:  # durable with the event: sent after the ack
                await unit.owed.add(event.member.platform, event.reply_to, outcome.reply, now)
                outcome = dataclasses.replace(outcome, owed=True)
            return outcome

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
        # The topic as last read: whether it still takes votes is checked by the vote's own statement.
        topic = await unit.topics.recalled(event.topic_id)
        if topic is None or not 0 <= event.option < len(topic.options):
            topic = await self._open_topic(unit, event.topic_id, now)  # read afresh, to say why not
            if not 0 <= event.option < len(topic.options):
                raise Refusal(f"{topic.ref} has options 1 to {len(topic.options)}.")
        member_id = await unit.members.ensure(event.member, now)
        post = await unit.posts.at(event.post) if event.post else None
        slot = event.option if topic.content.multiple else 0
        cast = await unit.votes.cast(topic, member_id, event.option, slot, post and post.id, now)
        if cast is None:  # not open: read afresh, to say why (or to vote on it as it is now)
            topic = await self._open_topic(unit, event.topic_id, now)
            cast = await unit.votes.cast(topic, member_id, event.option, slot, post and post.id, now)
            if cast is None:
                raise Refusal(f"{topic.ref} is not taking responses, so your response was not recorded.")
        if topic.content.multiple:
            reply = await self._multiple(unit, topic, member_id, event.option, cast, now)
            if reply is None:  # a double click
                chosen = topic.options[event.option]
                return Outcome(reply=f"Already recorded: “{chosen}” is among your choices on {topic.ref}.")
        else:
            reply = self._single(topic, event.option, cast)
        if topic.content.closes_at:
            reply += f" You can change it until {show(topic.content.closes_at, self.zone)}."
        return Outcome(reply=reply, changed_topics=(topic.id,))

    @staticmethod
    def _single(topic: Topic, option: int, cast: Cast) -> str:
        chosen = topic.options[option]
        if cast.previous is None:
            return f"Thanks, your response to {topic.ref} is recorded: “{chosen}”."
        if cast.previous == option:
            return f"Your response to {topic.ref} is already “{chosen}”."
        return f"Changed your response to {topic.ref} from “{topic.options[cast.previous]}” to “{chosen}”."

    async def _multiple(self, unit: Unit, topic: Topic, member_id: int, option: int, cast: Cast, now: datetime):
        """A click on one answer of a choose-any poll adds it, or takes it away if it was chosen;
        None for a second click on the same answer within a moment (a double click, not a change of mind)."""
        chosen = topic.options[option]
        if cast.previous is None:
            reply = f"Added “{chosen}” to your choices on {topic.ref}."
        elif now - cast.changed_at < DOUBLE_CLICK:
            return None
        else:
            await unit.votes.withdraw(topic.id, member_id, option, now)
            reply = f"Removed “{chosen}” from your choices on {topic.ref}."
        picks = ", ".join(f"“{topic.options[o]}”" for o in await unit.votes.current(topic.id, member_id))
        return f"{reply} You have chosen: {picks or 'none'}."

    async def _reaction_added(self, unit: Unit, event: ReactionAdded, now: datetime) -> Outcome:
        post = await unit.posts.at(event.post)
        if post is None:
            return Outcome()  # a reaction on something that is not a card post
        member_id = await unit.members.ensure(event.member, now)
        await unit.reactions.add(post.id, member_id, clean_text(event.emoji)[:MAX_EMOJI], now)
        return Outcome()

    async def _reaction_removed(self, unit: Unit, event: ReactionRemoved, now: datetime) -> Outcome:
        post = await unit.posts.at(event.post)
        member_id = await unit.members.find(event.member)
        if post is not None and member_id is not None:
            await unit.reactions.remove(post.id, member_id, clean_text(event.emoji)[:MAX_EMOJI])
        return Outcome()

    async def _reactions_cleared(self, unit: Unit, event: ReactionsCleared, now: datetime) -> Outcome:
        post = await unit.posts.at(event.post)
        if post is not None:
            await unit.reactions.clear(post.id, clean_text(event.emoji)[:MAX_EMOJI] if event.emoji else None)
        return Outcome()

    # Texts are recorded as members wrote them; their masked copies are made after the ack
    # (bot/masking_backlog.py): masking takes milliseconds of CPU an acknowledgement should not wait for.

    async def _reply_posted(self, unit: Unit, event: ReplyPosted, now: datetime) -> Outcome:
        post = await unit.posts.at(event.post)
        if post is None:
            return Outcome()  # not in a card's thread: not ours to record
        text = _reply_text(event.text)
        member_id = await unit.members.ensure(event.member, now)
        await unit.replies.post(post.id, member_id, event.message_id, text, event.at)
        return Outcome(changed_topics=(post.topic_id,), unmasked=True)

    async def _reply_edited(self, unit: Unit, event: ReplyEdited, now: datetime) -> Outcome:
        post = await unit.posts.at(event.post)
        if post is None:
            return Outcome()
        text = _reply_text(event.text)
        member_id = await unit.members.ensure(event.member, now)
        await unit.replies.edit(post.id, member_id, event.message_id, text, event.at)
        return Outcome(changed_topics=(post.topic_id,), unmasked=True)

    async def _reply_deleted(self, unit: Unit, event: ReplyDeleted, now: datetime) -> Outcome:
        where = event.post
        if where.thread_id is None and where.message_id is None:  # only the channel: find the reply itself
            post = await unit.posts.of_reply(where, event.message_id)
        else:
            post = await unit.posts.at(where)
        if post is None:
            return Outcome()
        member_id = await unit.members.find(event.member)
        await unit.replies.delete(post.id, member_id, event.message_id, event.at)
        return Outcome(changed_topics=(post.topic_id,))

    async def _idea(self, unit: Unit, event: IdeaSubmitted, now: datetime) -> Outcome:
        text = _idea_text(event.text)
        member_id = await unit.members.ensure(event.member, now)
        key = f"{event.member.platform}:{event.event_id}"
        idea_id = await unit.ideas.add(member_id, text, key, now)
        log.info("idea recorded: %s", idea_ref(idea_id))
        reply = f"Thanks, your idea is recorded as {idea_ref(idea_id)}. The policy team reads every one."
        return Outcome(reply=reply, unmasked=True)

    # -- commands ----------------------------------------------------------

    async def _topic_written(self, unit: Unit, event: TopicWritten, now: datetime) -> Outcome:
        if event.member.role is not Role.STAFF:
            raise Refusal("Sorry, publishing cards and polls is for the policy team.")
        topic = await self.team.publish(unit, event.content, now)
        return Outcome(reply=published(topic, self.zone), published=(topic.id,))

    # -- a member's rights over their data (the command line's `member show/erase`) --

    async def member_data(self, pseudonym: str) -> dict:
        async with self.store.reading() as unit:
            member_id = await unit.members.by_pseudonym(pseudonym)
            if member_id is None:
                raise Refusal(f"No member has the pseudonymous id {pseudonym!r}.")
            return await unit.readouts.member_data(member_id)

    async def erase(self, pseudonym: str) -> dict[str, int]:
        async with self.store.unit() as unit:
            member_id = await unit.members.by_pseudonym(pseudonym)
            if member_id is None:
                raise Refusal(f"No member has the pseudonymous id {pseudonym!r}.")
            erased, _ = await unit.members.erase(member_id, self.clock.now())
            return erased


def _idea_text(text: str) -> str:
    text = clean_text(text).strip()
    if not text:
        raise Refusal("Tell us your idea after the command, e.g. /idea A shared SEND specialist for small trusts")
    if len(text) > MAX_IDEA:
        raise Refusal(
            f"That idea is {len(text):,} characters; please keep it under {MAX_IDEA:,} "
            "(you could send it as two ideas)."
        )
    return text


def _reply_text(text: str) -> str:
    text = clean_text(text)
    if len(text) > MAX_REPLY:
        raise Refusal(f"That message is {len(text):,} characters; the limit is {MAX_REPLY:,}.")
    return text
