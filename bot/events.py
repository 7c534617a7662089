"""What adapters tell the core. Each event is platform-neutral.

Every inbound event carries the platform's own id for it (`event_id`): Slack's
`event_id`, Discord's interaction or message id, a console-generated uuid. The
core records each one so a redelivered event changes nothing.

Before anything is recorded, `bot.bounds.admit` holds each event to the width of
what stores it (ids, times, command text): see bot/domain/limits.py for the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.members import MemberRef
from bot.domain.posts import PostLocator
from bot.domain.topics import PolicyCard, QuickPoll


@dataclass(frozen=True, slots=True, kw_only=True)
class InboundEvent:
    event_id: str
    member: MemberRef
    at: datetime
    # Where the platform takes a private answer after the ack (Slack: the response URL). The core
    # keeps the answer owed there in the event's own transaction, so it is sent even if this
    # process dies after the ack (`Outcome.owed`); without it the adapter answers itself.
    reply_to: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class VoteCast(InboundEvent):
    """A member chose an option (a button, a numbered choice)."""

    topic_id: int
    option: int
    post: PostLocator | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReactionAdded(InboundEvent):
    post: PostLocator
    emoji: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReactionRemoved(InboundEvent):
    post: PostLocator
    emoji: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReactionsCleared(InboundEvent):
    """A moderator removed every reaction from a post (`emoji` None) or all of one emoji."""

    post: PostLocator
    emoji: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplyPosted(InboundEvent):
    post: PostLocator
    message_id: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplyEdited(InboundEvent):
    post: PostLocator
    message_id: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplyDeleted(InboundEvent):
    post: PostLocator
    message_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class IdeaSubmitted(InboundEvent):
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CommandInvoked(InboundEvent):
    """A staff or member command such as `/listening close CARD-0003`."""

    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TopicWritten(InboundEvent):
    """Staff wrote a card or poll in a platform's form (a Slack modal, a Discord modal)."""

    content: PolicyCard | QuickPoll


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the core answers an event with.

    `reply` is shown privately to the member who acted (ephemeral on Slack and
    Discord). `changed_topics` tells the runtime which tallies to refresh and
    `published`/`closed` which topics to post or finalise on every platform.
    """

    reply: str | None = None
    duplicate: bool = False
    owed: bool = False  # the reply is kept as an owed message; the runtime sends it, not the adapter
    changed_topics: tuple[int, ...] = ()
    published: tuple[int, ...] = ()
    closed: tuple[int, ...] = ()
    unmasked: bool = False  # a member's text was recorded: the masking backlog has work
