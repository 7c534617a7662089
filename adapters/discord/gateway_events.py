"""What the gateway says (messages in card threads, their edits and deletions, reactions),
turned into the core's events; raw events where a message may not be cached. A payload one of
these cannot read is ignored with one log line (the translators say why), never raised."""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import TYPE_CHECKING

import aiohttp
import discord

from adapters.discord import safety, translate
from bot.events import InboundEvent

if TYPE_CHECKING:
    from adapters.discord.adapter import DiscordAdapter

log = logging.getLogger("adapters.discord.adapter")


def emoji_payload(emoji) -> dict:
    """A `PartialEmoji` back in the gateway's shape, for the translators to check."""
    return {"id": emoji.id, "name": emoji.name, "animated": emoji.animated}


def raw_roles(user) -> list[int]:
    """The role ids a member holds. `Member.roles` drops roles the client has not cached
    (at start-up, during an outage); the ids Discord sent are always there."""
    return list(getattr(user, "_roles", ()) or [r.id for r in getattr(user, "roles", [])])


class GatewayEvents:
    def __init__(self, adapter: DiscordAdapter) -> None:
        self.a = adapter
        self.attach()

    def attach(self) -> None:
        client = self.a.client

        @client.event
        async def on_ready() -> None:
            self.a.gateway.up()
            try:
                if not self.a._synced:  # once: reconnects fire on_ready again
                    await self.a._sync_commands()
                    self.a._synced = True
            except Exception as err:  # noqa: BLE001 - the bot still hears without its commands
                log.error("discord: registering slash commands failed: %s", safety.describe(err))
            finally:
                self.a._ready.set()

        @client.event
        async def on_resumed() -> None:
            self.a.gateway.up()

        @client.event
        async def on_disconnect() -> None:
            self.a.gateway.down()

        @client.event
        async def on_message(message: discord.Message) -> None:
            guild_id = message.guild.id if message.guild else getattr(message.channel, "guild_id", None)
            if guild_id is None or isinstance(message.channel, discord.TextChannel):
                return  # direct messages and messages outside threads are not replies
            data = {
                "id": str(message.id),
                "guild_id": str(guild_id),
                "channel_id": str(message.channel.id),
                "author": {"id": str(message.author.id), "bot": message.author.bot},
                "content": message.content,
                "timestamp": message.created_at.isoformat(),
                "type": message.type.value,
                "webhook_id": message.webhook_id,
                "member": {"roles": raw_roles(message.author)},
            }
            await self._record(translate.message_created(data, self.a.staff_role))

        @client.event
        async def on_raw_message_edit(payload: discord.RawMessageUpdateEvent) -> None:
            data = dict(payload.data)
            if payload.guild_id:
                data["guild_id"] = str(payload.guild_id)
            await self._record(translate.message_updated(data, self.a.staff_role))

        @client.event
        async def on_raw_message_delete(payload: discord.RawMessageDeleteEvent) -> None:
            cached = payload.cached_message
            data = {
                "id": str(payload.message_id),
                "channel_id": str(payload.channel_id),
                "guild_id": str(payload.guild_id) if payload.guild_id else None,
            }
            author = cached.author if cached else None
            await self._record(
                translate.message_deleted(data, str(author.id) if author else None, by_bot=bool(author and author.bot))
            )

        @client.event
        async def on_raw_bulk_message_delete(payload: discord.RawBulkMessageDeleteEvent) -> None:
            authors = {m.id: m.author for m in payload.cached_messages}
            for message_id in sorted(payload.message_ids):
                author = authors.get(message_id)
                data = {
                    "id": str(message_id),
                    "channel_id": str(payload.channel_id),
                    "guild_id": str(payload.guild_id) if payload.guild_id else None,
                }
                await self._record(
                    translate.message_deleted(
                        data, str(author.id) if author else None, by_bot=bool(author and author.bot)
                    )
                )

        @client.event
        async def on_raw_reaction_clear(payload: discord.RawReactionClearEvent) -> None:
            await self._cleared(payload, None)

        @client.event
        async def on_raw_reaction_clear_emoji(payload: discord.RawReactionClearEmojiEvent) -> None:
            await self._cleared(payload, emoji_payload(payload.emoji))

        @client.event
        async def on_raw_reaction_add(payload: discord.RawReactionActionEvent) -> None:
            await self._reaction(payload, translate.reaction_added)

        @client.event
        async def on_raw_reaction_remove(payload: discord.RawReactionActionEvent) -> None:
            await self._reaction(payload, translate.reaction_removed)

    async def _cleared(self, payload, emoji: dict | None) -> None:
        """A moderator removed all reactions (or all of one emoji) from a message."""
        data = {
            "channel_id": payload.channel_id,
            "message_id": payload.message_id,
            "guild_id": payload.guild_id,
        }
        if emoji is not None:
            data["emoji"] = emoji
        event_id = f"reaction-clear:{self._delivery(payload)}"
        await self._record(translate.reactions_cleared(data, at=self.a.clock.now(), event_id=event_id))

    def _delivery(self, payload) -> str:
        """The gateway delivery this payload came in (ListeningClient.dispatch); one of its own
        when it came some other way."""
        return self.a.client.deliveries.pop(id(payload), None) or uuid.uuid4().hex

    async def _is_bot(self, payload: discord.RawReactionActionEvent) -> bool:
        who = payload.member or self.a.client.get_user(payload.user_id)
        if who is None:  # the server is not cached (an outage): ask once, then remember
            if payload.user_id not in self.a._bots:
                try:
                    self.a._bots[payload.user_id] = (await self.a.client.fetch_user(payload.user_id)).bot
                except (discord.HTTPException, aiohttp.ClientError, asyncio.TimeoutError):
                    return False
            return self.a._bots[payload.user_id]
        return who.bot

    async def _reaction(self, payload: discord.RawReactionActionEvent, translator) -> None:
        delivery = self._delivery(payload)  # first: what is ignored leaves nothing behind
        if payload.guild_id is None:
            return
        is_bot = payload.user_id == self.a.client.user.id or await self._is_bot(payload)
        data = {
            "user_id": payload.user_id,
            "channel_id": payload.channel_id,
            "message_id": payload.message_id,
            "guild_id": payload.guild_id,
            "emoji": emoji_payload(payload.emoji),
        }
        # Who reacted, a bot marked as one (the core ignores bots).
        roles = raw_roles(payload.member) if payload.member is not None else []
        data["member"] = {"roles": roles, "user": {"id": str(payload.user_id), "bot": is_bot}}
        event_id = f"reaction:{delivery}"
        event = translator(data, self.a.staff_role, at=self.a.clock.now(), event_id=event_id)
        await self._record(event)

    async def _record(self, event: InboundEvent | None) -> None:
        if event is None or self.a._dispatch is None:
            return
        try:
            await self.a._dispatch(event)
        except Exception as err:  # noqa: BLE001 - no traceback: a database error quotes the member's text
            log.error("discord: could not record a %s: %s", type(event).__name__, safety.describe(err))
