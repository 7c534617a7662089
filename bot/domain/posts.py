"""A topic's message in one channel."""

from dataclasses import dataclass

from bot.domain.members import ChannelRef


@dataclass(frozen=True, slots=True)
class PostedMessage:
    """What an adapter reports after posting: the message, and the thread replies go to."""

    message_id: str
    thread_id: str


@dataclass(frozen=True, slots=True)
class Post:
    id: int
    topic_id: int
    channel: ChannelRef
    state: str
    message_id: str | None
    thread_id: str | None
