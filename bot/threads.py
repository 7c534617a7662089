"""What a card's thread holds, and a reply by its stable number (`r42`, `REPLY-0042`): for an
adapter that names replies by that number rather than by the platform's message (the console)."""

from __future__ import annotations

from bot.domain.posts import Post, PostLocator
from bot.domain.replies import StoredReply
from bot.domain.topics import Topic
from bot.ports import Store


class Threads:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def recorded(self, where: PostLocator, message_id: str) -> StoredReply | None:
        """The reply a message in a card's thread was recorded as, if it was."""
        async with self.store.reading() as unit:
            post = await unit.posts.at(where)
            return await unit.lookups.reply_to(post.id, message_id) if post else None

    async def of_topic(self, topic_id: int, here: tuple[str, str, str]) -> tuple[Topic | None, list[StoredReply]]:
        """A topic, and the replies still in its thread in the channel `here` (platform,
        workspace, channel), oldest first."""
        async with self.store.reading() as unit:
            posts = await unit.posts.of_topic(topic_id)
            post = next((p for p in posts if _place(p) == here and p.state == "posted"), None)
            replies = await unit.lookups.thread(post.id) if post else []
            topic = await unit.topics.get(topic_id) if post else None
        return topic, replies

    async def reply(self, reply_id: int) -> StoredReply | None:
        async with self.store.reading() as unit:
            return await unit.lookups.reply(reply_id)


def _place(post: Post) -> tuple[str, str, str]:
    return post.channel.platform, post.channel.workspace_id, post.channel.channel_id
