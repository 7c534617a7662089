"""The discord.py client the adapter runs: the gateway intents it asks for, its persistent
buttons and slash commands, one-line errors, and each reaction's gateway delivery."""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from adapters.discord import render, safety

if TYPE_CHECKING:
    from adapters.discord.adapter import DiscordAdapter

log = logging.getLogger("adapters.discord.adapter")


def intents() -> discord.Intents:
    chosen = discord.Intents.none()
    chosen.guilds = True
    chosen.guild_messages = True
    chosen.message_content = True  # privileged: switch it on in the Developer Portal
    chosen.guild_reactions = True
    return chosen


class ListeningClient(discord.Client):
    """The discord.py client, holding the adapter its buttons and forms report to."""

    def __init__(self, adapter: DiscordAdapter, **options) -> None:
        # AllowedMentions.none() is the default for everything sent, edits included: nothing pings.
        super().__init__(intents=intents(), allowed_mentions=render.NO_PINGS, **options)
        self.adapter = adapter
        self.tree = app_commands.CommandTree(self)
        self._commands_added = False
        safety.guard_parsers(self._connection.parsers)  # one bad payload must not end the gateway
        self.deliveries: dict[int, str] = {}  # raw reaction payload (by id) -> its gateway delivery

    def dispatch(self, event: str, /, *args, **kwargs) -> None:
        # Reactions carry no id of their own. The gateway numbers each dispatch in its session
        # and a resume replays the same numbers: (session, sequence) names this delivery, so a
        # replay is caught while a member's second identical reaction is not. This runs while
        # the gateway message is being parsed, before any other message moves the sequence on.
        if event.startswith("raw_reaction") and args and self.ws is not None:
            self.deliveries[id(args[0])] = f"{self.ws.session_id}:{self.ws.sequence}"
        super().dispatch(event, *args, **kwargs)

    async def setup_hook(self) -> None:  # at every login: a reconnect after an outage logs in again
        self.add_dynamic_items(render.VoteButton)  # buttons of any earlier post keep working
        if not self._commands_added:
            self.adapter.add_commands(self.tree)
            self._commands_added = True

    async def on_error(self, event_method: str, /, *args, **kwargs) -> None:
        """A listener failed: one line, no traceback (its locals and messages may hold member text)."""
        err = sys.exc_info()[1]
        log.error("discord: %s failed: %s", event_method, safety.describe(err) if err else "unknown error")
