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


@dataclass(frozen=True, slots=True)
class PostLocator:
    """Which card post an event is about, as the platform names it.

    Replies name the post's thread (`thread_id`: the message ts on Slack, the
    thread channel's id on Discord); reactions and clicks name the post's
    message (`message_id`). `channel_id` may be None where the thread's id is
    enough on its own (a Discord thread's parent is not in every payload).
    """

    platform: str
    workspace_id: str
    channel_id: str | None
    thread_id: str | None = None
    message_id: str | None = None

    def __post_init__(self) -> None:
        # Neither: only the channel is known (a deletion that names the deleted message alone).
        if self.thread_id is not None and self.message_id is not None:
            raise ValueError("a post is found by its thread or by its message, not both")
