"""What the core needs of storage: the unit of work and its repositories, as protocols."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta
from typing import Protocol

from bot.domain.members import ChannelRef, MemberRef
from bot.domain.posts import Post, PostLocator
from bot.domain.replies import StoredReply
from bot.domain.topics import Cast, PolicyCard, QuickPoll, Tally, Topic, TopicStatus

# Storage implements these (storage/store.py and the repositories it binds); tests/test_ports.py
# fails when the two drift apart. Only the methods the core calls are listed.

# -- records storage hands out and takes back --------------------------------------------


class OwedMessage(Protocol):
    """A private answer waiting to be sent, as claimed for sending."""

    @property
    def id(self) -> int: ...
    @property
    def destination(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def attempts(self) -> int: ...


class UnmaskedText(Protocol):
    """A reply's or an idea's text with no masked copy yet, as it was read."""

    @property
    def text(self) -> str: ...


class Dataset(Protocol):
    """One table of the export: its name and its columns, in order."""

    @property
    def name(self) -> str: ...
    @property
    def columns(self) -> tuple[str, ...]: ...


# -- the repositories --------------------------------------------------------------------


class Topics(Protocol):
    """Cards and polls: publishing, finding, opening and closing them."""

    async def add(self, content: PolicyCard | QuickPoll, now: datetime) -> Topic:
        """Record a card or poll, open now or scheduled; raises `SlugTaken` if its slug is used."""

    async def get(self, topic_id: int, *, hold: bool = False) -> Topic | None:
        """`hold`: keep the topic from being closed until the unit ends (a vote checked as open)."""

    async def recalled(self, topic_id: int) -> Topic | None:
        """The topic as this process last read it (its status may have changed since), else as it is now."""

    async def by_slug(self, slug: str) -> Topic | None: ...

    async def list(self, status: TopicStatus | None = None) -> list[Topic]:
        """Every topic (or those with this status), oldest first."""

    async def open_due(self, now: datetime) -> list[int]:
        """Open the scheduled topics whose time has come; each is opened by one caller only."""

    async def due_to_close(self, now: datetime) -> list[Topic]: ...

    async def close(self, topic_id: int, now: datetime) -> bool:
        """Close an open topic; False if it was already closed (someone else won)."""


class Members(Protocol):
    """The people behind events, known by their platform identity or their pseudonym."""

    async def ensure(self, member: MemberRef, now: datetime) -> int:
        """The member's id, registering them on first sight."""

    async def find(self, member: MemberRef) -> int | None: ...

    async def by_pseudonym(self, pseudonym: str) -> int | None: ...

    async def erase(self, member_id: int, now: datetime) -> tuple[dict[str, int], list[int]]:
        """Forget a person, keeping closed results true: ({what: how many}, topics whose tallies changed)."""


class Channels(Protocol):
    """The channels topics are posted in."""

    async def register(self, channel: ChannelRef) -> int:
        """The channel's id, registering it on first sight."""


class Posts(Protocol):
    """A topic's message in each channel: claiming, posting, retrying and finding it."""

    async def at(self, where: PostLocator) -> Post | None:
        """The post an event names, by its thread or by its message."""

    async def of_reply(self, where: PostLocator, message_id: str) -> Post | None:
        """The post a known reply is in, by its channel and message id alone."""

    async def of_topic(self, topic_id: int) -> list[Post]: ...

    async def open_in(self, channel_ids: Sequence[int]) -> list[Post]:
        """Posts of open topics in these channels, oldest first."""

    async def missing(self, channel_ids: Sequence[int]) -> list[tuple[int, int]]:
        """(topic, channel) pairs where an open topic has no post yet."""

    async def claim(self, topic_id: int, channel_id: int, now: datetime) -> int | None:
        """Reserve the right to post a topic in a channel; None if already claimed."""

    async def reclaim_stale(
        self, channel_ids: Sequence[int], older_than: datetime, now: datetime
    ) -> list[tuple[int, int, int]]:
        """Take over claims left unfinished (a crash mid-post): (post, topic, channel)."""

    async def claim_finalise(self, platforms: Sequence[str], now: datetime) -> list[Post]:
        """Posts of closed topics whose final result is not shown yet, claimed for showing."""

    async def mark_posted(self, post_id: int, message_id: str, thread_id: str, now: datetime) -> None: ...

    async def mark_failed(self, post_id: int, error: str) -> None: ...

    async def retry_later(self, post_id: int) -> None:
        """A failure that may pass: the next round takes the post over, looking for its message first."""

    async def retry_failed(self, channel_ids: Sequence[int]) -> int:
        """Give posts that failed for good another chance; how many."""


class Votes(Protocol):
    """Members' choices on topics, and their counts."""

    async def cast(
        self, topic: Topic, member_id: int, option: int, slot: int, post_id: int | None, now: datetime
    ) -> Cast | None:
        """Record the member's choice in a slot, if the topic still takes votes (None if not)."""

    async def withdraw(self, topic_id: int, member_id: int, slot: int, now: datetime) -> None: ...

    async def current(self, topic_id: int, member_id: int) -> list[int]:
        """The options the member has chosen now."""

    async def tally(self, topic: Topic) -> Tally: ...


class Reactions(Protocol):
    """Emoji reactions on posts."""

    async def add(self, post_id: int, member_id: int, emoji: str, now: datetime) -> None: ...

    async def remove(self, post_id: int, member_id: int, emoji: str) -> None: ...

    async def clear(self, post_id: int, emoji: str | None = None) -> None:
        """Drop a post's reactions (all, or of one emoji)."""


class Replies(Protocol):
    """Replies in a post's thread, as they are posted, edited and deleted."""

    async def post(self, post_id: int, member_id: int | None, message_id: str, text: str, now: datetime) -> bool:
        """Record a new reply; False if this message was already known."""

    async def edit(self, post_id: int, member_id: int | None, message_id: str, text: str, now: datetime) -> None:
        """Keep the latest text (an edit of a reply never seen records it)."""

    async def delete(self, post_id: int, member_id: int | None, message_id: str, now: datetime) -> None:
        """Drop the text and keep a tombstone, so a late redelivery cannot bring the reply back."""


class Ideas(Protocol):
    """Ideas members submit."""

    async def add(self, member_id: int, text: str, event_key: str, now: datetime) -> int:
        """Record an idea, its masked copy to follow; its id."""

    async def by_event(self, event_key: str) -> int | None:
        """The idea an event already recorded, if any."""


class SeenEvents(Protocol):
    """Inbound event ids, so a redelivered event has no effect twice."""

    async def first_sight(self, platform: str, event_id: str, now: datetime) -> bool:
        """Record an inbound event in the unit of its effect; False if it was seen before."""

    async def forget_before(self, moment: datetime) -> int:
        """Drop event ids older than any platform redelivers; how many."""


class ScheduledRuns(Protocol):
    """Claims on scheduled jobs, so one instance runs each."""

    async def claim(self, key: str, now: datetime) -> bool:
        """True for the one caller that gets to do this run."""

    async def claimed_at(self, key: str) -> datetime | None: ...

    async def release(self, key: str) -> None: ...

    async def take_over(self, key: str, stale_before: datetime, now: datetime) -> bool:
        """Claim a run whose claim is older than `stale_before` (its owner died mid-run)."""


class OwedMessages(Protocol):
    """Private answers owed after an ack, kept until they are sent."""

    async def add(self, platform: str, destination: str, text: str, now: datetime) -> None: ...

    async def claim_due(
        self, platform: str, now: datetime, stale_before: datetime, most: int = 50
    ) -> list[OwedMessage]:
        """Messages due now and not being sent, each claimed for this caller alone."""

    async def sent(self, message_id: int) -> None: ...

    async def later(self, message_id: int, after: timedelta, now: datetime) -> None:
        """Try again `after` from now."""


class Activity(Protocol):
    """What happened in a period: the figures behind "what we heard"."""

    async def headline_counts(self, start: datetime, end: datetime) -> dict[str, dict[str, int]]: ...

    async def active_topics(self, start: datetime, end: datetime) -> list[Topic]: ...

    async def tallies_at(self, topics: list[Topic], moment: datetime) -> dict[int, tuple[tuple[int, ...], int]]: ...

    async def repliers_choices(
        self, topic_ids: list[int], start: datetime, end: datetime, moment: datetime
    ) -> dict[tuple[int, int], tuple[int, ...]]: ...

    async def replies_of(
        self, topic_ids: list[int], start: datetime, end: datetime
    ) -> dict[int, list[tuple[int, str, int, str]]]: ...

    async def ideas(self, start: datetime, end: datetime) -> list[tuple[int, str]]: ...

    async def channel_activity(self, start: datetime, end: datetime) -> list[tuple[str, str, int]]: ...


class Readouts(Protocol):
    """What has been recorded: the export's tables, a member's own data, quick counts."""

    async def member_data(self, member_id: int) -> dict:
        """Everything recorded from one member, for them to see or take away."""

    async def counts(self) -> dict[str, int]: ...

    async def count_rows(self, dataset: Dataset) -> int: ...

    def records(self, dataset: Dataset, batch: int = 2000) -> AsyncIterator[dict]:
        """Stream a table's records without loading it all at once."""


class Lookups(Protocol):
    """Replies by their stable id or by their message, and what a post's thread holds."""

    async def reply(self, reply_id: int) -> StoredReply | None:
        """The reply `REPLY-0042` (id 42), deleted or not."""

    async def reply_to(self, post_id: int, message_id: str) -> StoredReply | None:
        """The reply a platform message in a post's thread was recorded as."""

    async def thread(self, post_id: int) -> list[StoredReply]:
        """The replies in a post's thread that are still there, oldest first."""


class Unmasked(Protocol):
    """Replies and ideas whose text has no masked copy yet, and filling them in."""

    async def some(self, limit: int) -> list[UnmaskedText]:
        """Up to `limit` of each kind, oldest first."""

    async def fill(self, masked: list[tuple[UnmaskedText, str]]) -> int:
        """Store each masked copy unless its text changed meanwhile; how many were stored."""


# -- the unit of work --------------------------------------------------------------------


class Unit(Protocol):
    """Repositories sharing one transaction: all of it commits, or none."""

    topics: Topics
    members: Members
    channels: Channels
    posts: Posts
    votes: Votes
    reactions: Reactions
    replies: Replies
    ideas: Ideas
    seen: SeenEvents
    runs: ScheduledRuns
    owed: OwedMessages
    activity: Activity
    readouts: Readouts
    lookups: Lookups
    unmasked: Unmasked


class Store(Protocol):
    """Where the core runs each event and staff action: a unit of work at a time."""

    def unit(self) -> AbstractAsyncContextManager[Unit]:
        """A unit that may write: it has committed when the block ends without an error."""

    def reading(self) -> AbstractAsyncContextManager[Unit]:
        """A unit that only reads (a tally, a summary, an export); anything it writes fails."""
