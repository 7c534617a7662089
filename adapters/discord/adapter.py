"""The Discord adapter: a discord.py client with slash commands and persistent buttons."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Sequence
from zoneinfo import ZoneInfo

import aiohttp
import discord
from discord import app_commands

from adapters.discord import render, safety, summary, translate
from adapters.discord.client import ListeningClient
from adapters.discord.connection import Backoff, Gateway, rejected_token
from adapters.discord.forms import CardForm, IdeaForm
from adapters.discord.gateway_events import GatewayEvents, raw_roles
from bot.clock import Clock, SystemClock
from bot.deadline import LATE, Deadline
from bot.domain import ChannelRef, ChannelRole, MemberRef, Post, PostedMessage, Role, Tally, Topic, buttons
from bot.errors import DeliveryError
from bot.events import (
    CommandInvoked,
    IdeaSubmitted,
    InboundEvent,
    Outcome,
    PostLocator,
    TopicWritten,
    VoteCast,
)
from bot.platform import Adapter, Dispatch

log = logging.getLogger(__name__)

# Discord wants an answer within 3 seconds of creating the interaction; gateway lag
# and the defer's own round trip come out of that, so the core gets two.
ACK_BUDGET = 2.0
# What members send through an interaction: recorded before the answer, or they are told it was not.
RECORDS = (VoteCast, IdeaSubmitted, TopicWritten)
PERMISSIONS_NEEDED = (
    "View Channel, Send Messages, Embed Links, Create Public Threads, Send Messages in Threads, Read Message History"
)


def explain(err: Exception) -> DeliveryError:
    if isinstance(err, discord.NotFound):
        return DeliveryError(
            f"not found ({err.text}): a deleted channel, message or thread, or a wrong id in DISCORD_MEMBER_CHANNELS",
            permanent=True,
        )
    if isinstance(err, discord.Forbidden):
        if err.code == 50007:
            return DeliveryError("this member does not accept direct messages from the bot", permanent=True)
        return DeliveryError(f"Missing Permissions ({err.text}): the bot needs {PERMISSIONS_NEEDED}", permanent=True)
    if isinstance(err, discord.HTTPException) and err.status < 500 and err.status != 429:
        return DeliveryError(f"Discord refused it ({err.status}: {err.text})", permanent=True)
    return DeliveryError(f"could not reach Discord ({type(err).__name__})", permanent=False)


def http_problem(err: Exception) -> str:
    """An HTTP failure in a few words for the log: Discord's status and code, never a body."""
    if isinstance(err, discord.HTTPException):
        return f"{err.status} (code {err.code})"
    return type(err).__name__


class DiscordAdapter(Adapter):
    platform = translate.PLATFORM

    def __init__(
        self,
        *,
        bot_token: str,
        zone: ZoneInfo,
        member_channels: Sequence[str] = (),
        staff_channel: str | None = None,
        staff_role: str | None = None,
        clock: Clock | None = None,
        ack_budget: float = ACK_BUDGET,
        guild_ready_timeout: float = 2.0,
        backoff: Backoff | None = None,
        sleep=asyncio.sleep,
    ) -> None:
        self.token = bot_token
        self.zone = zone
        self.clock = clock or SystemClock()
        self.member_channel_ids = [str(c) for c in member_channels]
        self.staff_channel = str(staff_channel) if staff_channel else None
        self.staff_role = str(staff_role) if staff_role else None
        self.deadline = Deadline(ack_budget, self.platform)
        self.client = ListeningClient(self, guild_ready_timeout=guild_ready_timeout)
        self.gateway = Gateway(self.client, bot_token, backoff=backoff or Backoff(), sleep=sleep)
        safety.quiet_library_payloads()
        self._channels: list[ChannelRef] = []
        self._dispatch: Dispatch | None = None
        self._ready = asyncio.Event()
        self._synced = False
        self._bots: dict[int, bool] = {}
        self._task: asyncio.Task | None = None
        self.gateway_events = GatewayEvents(self)  # what the gateway says, recorded

    # -- the contract -------------------------------------------------------------

    async def setup(self) -> None:
        """Log in and find each configured channel's server (its guild: our workspace)."""
        try:
            await self.client.login(self.token)
        except discord.LoginFailure as err:  # 401: a wrong or revoked token; retrying cannot help
            await self.client.close()
            raise rejected_token(err) from None
        wanted = [(c, ChannelRole.MEMBER) for c in self.member_channel_ids]
        if self.staff_channel:
            wanted.append((self.staff_channel, ChannelRole.STAFF))
        for channel_id, role in wanted:
            try:
                channel = await self.client.fetch_channel(int(channel_id))
            except (discord.HTTPException, aiohttp.ClientError, ValueError) as err:
                log.warning("discord: channel %s is unusable and is skipped: %s", channel_id, explain(err))
                continue
            if not isinstance(channel, discord.TextChannel):  # forums, categories and voice cannot take a card
                log.warning("discord: channel %s is a %s, not a text channel, and is skipped", channel_id, channel.type)
                continue
            guild = getattr(channel, "guild", None)
            if guild is None:
                log.warning("discord: channel %s is not in a server and is skipped", channel_id)
                continue
            self._channels.append(ChannelRef(self.platform, str(guild.id), channel_id, role, channel.name))

    def channels(self) -> Sequence[ChannelRef]:
        return self._channels

    async def start(self, dispatch: Dispatch) -> None:
        self._dispatch = dispatch
        self._task = asyncio.create_task(self.gateway.run())
        ready = asyncio.create_task(self._ready.wait())
        done, _ = await asyncio.wait({ready, self._task}, return_when=asyncio.FIRST_COMPLETED)
        if self._task in done:
            ready.cancel()
            self._task.result()  # the gateway refused us (a revoked token, intents not allowed): say why
        log.info("discord: connected to %d server(s)", len(self.client.guilds))

    def health(self) -> tuple[bool, str]:
        return self.gateway.health()

    async def wait_closed(self) -> None:
        """Runs as long as the gateway task; a gateway that cannot be used fails the run."""
        if self._task is None:
            await asyncio.Event().wait()
        await asyncio.shield(self._task)

    async def stop(self) -> None:
        self.gateway.stopping()
        await self.deadline.drain()
        await self.client.close()
        if self._task is not None:
            if not self._task.done():
                self._task.cancel()  # it may be waiting out a backoff
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _channel(self, channel_id: str):
        channel = self.client.get_channel(int(channel_id))
        return channel if channel is not None else await self.client.fetch_channel(int(channel_id))

    async def post_topic(self, channel: ChannelRef, topic: Topic, tally: Tally | None) -> PostedMessage:
        try:
            target = await self._channel(channel.channel_id)
            message = await target.send(
                embed=render.topic_embed(topic, tally, self.zone),
                view=render.vote_view(topic),
                allowed_mentions=render.NO_PINGS,
            )
        except (discord.HTTPException, aiohttp.ClientError, asyncio.TimeoutError) as err:
            raise explain(err) from None
        try:
            thread = await message.create_thread(name=topic.title[:100], auto_archive_duration=10080)
            thread_id = str(thread.id)
        except discord.HTTPException as err:  # the card is up; comment can still start a thread on it
            log.warning(
                "discord: could not open a thread under %s in %s: %s", topic.ref, channel.channel_id, explain(err)
            )
            thread_id = str(message.id)  # a thread started on a message later takes the message's id
        return PostedMessage(message_id=str(message.id), thread_id=thread_id)

    async def find_post(self, channel: ChannelRef, topic: Topic) -> PostedMessage | None:
        try:
            target = await self._channel(channel.channel_id)
            async for message in target.history(limit=200):
                if message.author.id == self.client.user.id and any(
                    getattr(child, "custom_id", "") and child.custom_id.startswith(buttons.topic_prefix(topic.id))
                    for row in message.components
                    for child in getattr(row, "children", [])
                ):
                    thread = message.thread
                    return PostedMessage(str(message.id), str(thread.id) if thread else str(message.id))
        except (discord.HTTPException, aiohttp.ClientError) as err:
            raise explain(err) from None
        return None

    async def update_post(self, post: Post, topic: Topic, tally: Tally | None) -> None:
        try:
            target = await self._channel(post.channel.channel_id)
            await target.get_partial_message(int(post.message_id)).edit(
                embed=render.topic_embed(topic, tally, self.zone),
                view=render.vote_view(topic),
                allowed_mentions=render.NO_PINGS,
            )
        except (discord.HTTPException, aiohttp.ClientError) as err:
            raise explain(err) from None

    async def reply_in_thread(self, post: Post, text: str) -> None:
        try:
            thread = await self._channel(post.thread_id)
            await thread.send(render.code_block(text), allowed_mentions=render.NO_PINGS)
        except (discord.HTTPException, aiohttp.ClientError) as err:
            raise explain(err) from None

    async def post_to_staff(self, text: str) -> None:
        if not self.staff_channel:
            log.warning("discord: no DISCORD_STAFF_CHANNEL set; a staff notice was not posted")
            return
        try:
            channel = await self._channel(self.staff_channel)
            for part in render.parts(text):  # a summary is longer than one Discord message
                await channel.send(part, allowed_mentions=render.NO_PINGS)
        except (discord.HTTPException, aiohttp.ClientError) as err:
            raise explain(err) from None

    async def post_summary(self, heard, charts: dict[str, bytes]) -> None:
        if not self.staff_channel:
            log.warning("discord: no DISCORD_STAFF_CHANNEL set; the summary was not posted")
            return
        try:
            channel = await self._channel(self.staff_channel)
            await channel.send(embed=summary.headline_embed(heard, self.zone), allowed_mentions=render.NO_PINGS)
            for item in heard.topics:
                chart = charts.get(item.topic.ref)
                files = [discord.File(io.BytesIO(chart), filename=f"{item.topic.ref}.png")] if chart else []
                await channel.send(embed=summary.topic_embed(item), files=files, allowed_mentions=render.NO_PINGS)
            await channel.send(embed=summary.closing_embed(heard), allowed_mentions=render.NO_PINGS)
        except (discord.HTTPException, aiohttp.ClientError) as err:
            raise explain(err) from None

    # -- who is who ----------------------------------------------------------------

    def role_of(self, user) -> Role:
        roles = {str(r) for r in raw_roles(user)}
        return Role.STAFF if self.staff_role and self.staff_role in roles else Role.MEMBER

    def member_of(self, interaction: discord.Interaction) -> MemberRef:
        guild = str(interaction.guild_id or "dm")
        return translate.member(guild, str(interaction.user.id), self.role_of(interaction.user))

    # -- interactions -------------------------------------------------------------------

    async def answer(self, interaction: discord.Interaction, event: InboundEvent) -> None:
        """Record, and answer privately within Discord's 3 seconds. What a member sends (a vote,
        an idea, a card) is recorded before the answer or not at all, and they are told which;
        a command that only reads may defer ("thinking…") and answer when done."""
        deferred = asyncio.Event()

        async def follow_up(outcome: Outcome) -> None:
            await deferred.wait()
            try:
                for part in render.parts(outcome.reply or "Done."):
                    await interaction.followup.send(part, ephemeral=True, allowed_mentions=render.NO_PINGS)
            except discord.HTTPException as err:
                log.warning("discord: could not send a late answer: %s", http_problem(err))

        outcome = await self.deadline.answer(
            self._dispatch(event), records=isinstance(event, RECORDS), late=follow_up, what=type(event).__name__
        )
        if outcome is LATE:
            try:
                await interaction.response.defer(ephemeral=True, thinking=True)  # "thinking…"
            finally:
                deferred.set()
            return
        first, *rest = render.parts(outcome.reply or "Done.")
        answered = asyncio.Event()
        if rest:  # Discord's 2,000-character limit: the rest follows the answer, nothing is cut
            self.deadline.spawn(self._follow_ups(interaction, rest, answered))
        try:
            await interaction.response.send_message(first, ephemeral=True, allowed_mentions=render.NO_PINGS)
        finally:
            answered.set()

    async def _follow_ups(self, interaction: discord.Interaction, parts: list[str], answered: asyncio.Event) -> None:
        await answered.wait()
        try:
            for part in parts:
                await interaction.followup.send(part, ephemeral=True, allowed_mentions=render.NO_PINGS)
        except discord.HTTPException as err:
            log.warning("discord: could not send the rest of an answer: %s", http_problem(err))

    async def on_vote(self, interaction: discord.Interaction, topic_id: int, option: int) -> None:
        guild = str(interaction.guild_id or "dm")
        post = None
        if interaction.message is not None:
            post = PostLocator(
                self.platform, guild, str(interaction.channel_id), message_id=str(interaction.message.id)
            )
        event = VoteCast(
            event_id=f"interaction:{interaction.id}",
            member=self.member_of(interaction),
            at=self.clock.now(),
            topic_id=topic_id,
            option=option,
            post=post,
        )
        await self.answer(interaction, event)

    def command(self, interaction: discord.Interaction, text: str) -> CommandInvoked:
        return CommandInvoked(
            event_id=f"interaction:{interaction.id}", member=self.member_of(interaction), at=self.clock.now(), text=text
        )

    def add_commands(self, tree: app_commands.CommandTree) -> None:
        adapter = self

        @tree.command(name="idea", description="Send the policy team an idea")
        @app_commands.describe(text="Your idea (leave empty to open a form)")
        async def idea(interaction: discord.Interaction, text: str | None = None) -> None:
            if not (text or "").strip():
                await interaction.response.send_modal(IdeaForm(adapter))
                return
            event = IdeaSubmitted(
                event_id=f"interaction:{interaction.id}",
                member=adapter.member_of(interaction),
                at=adapter.clock.now(),
                text=text,
            )
            await adapter.answer(interaction, event)

        @tree.command(name="card", description="Policy team: publish an authored card, or write one")
        @app_commands.describe(slug="The authored card's name (leave empty to write one in a form)")
        async def card(interaction: discord.Interaction, slug: str | None = None) -> None:
            if slug and slug.strip():
                await adapter.answer(interaction, adapter.command(interaction, f"publish {slug.strip()}"))
            elif adapter.role_of(interaction.user) is Role.STAFF:
                await interaction.response.send_modal(CardForm(adapter))
            else:
                await interaction.response.send_message(
                    "Sorry, /card is for the policy team.", ephemeral=True, allowed_mentions=render.NO_PINGS
                )

        @tree.command(name="poll", description="Policy team: publish a quick poll")
        @app_commands.describe(
            spec='"Question?" "Option A" "Option B" [--closes 3d] [--multiple | --rating] [--hidden]'
        )
        async def poll(interaction: discord.Interaction, spec: str) -> None:
            await adapter.answer(interaction, adapter.command(interaction, f"poll {spec}"))

        @tree.command(name="listening", description="Open cards, your data, and the policy team's tools")
        @app_commands.describe(command="list | show REF | mine | erase | close REF | recorded | help")
        async def listening(interaction: discord.Interaction, command: str | None = None) -> None:
            await adapter.answer(interaction, adapter.command(interaction, (command or "").strip() or "help"))

    async def _sync_commands(self) -> None:
        """Guild commands appear at once (global ones can take an hour)."""
        for guild_id in sorted({c.workspace_id for c in self._channels}):
            guild = discord.Object(id=int(guild_id))
            self.client.tree.copy_global_to(guild=guild)
            try:
                await self.client.tree.sync(guild=guild)
            except discord.HTTPException as err:
                log.warning("discord: could not register slash commands in %s: %s", guild_id, http_problem(err))

    # -- forms (modals) report here ---------------------------------------------------

    async def idea_written(self, interaction: discord.Interaction, text: str) -> None:
        event = IdeaSubmitted(
            event_id=f"interaction:{interaction.id}", member=self.member_of(interaction), at=self.clock.now(), text=text
        )
        await self.answer(interaction, event)

    async def card_written(self, interaction: discord.Interaction, content) -> None:
        event = TopicWritten(
            event_id=f"interaction:{interaction.id}",
            member=self.member_of(interaction),
            at=self.clock.now(),
            content=content,
        )
        await self.answer(interaction, event)
