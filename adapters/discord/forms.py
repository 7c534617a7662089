"""Discord modals: typing an idea, and writing a card."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import discord
from pydantic import ValidationError

from adapters.discord import render
from bot.domain import PolicyCard

if TYPE_CHECKING:
    from adapters.discord.adapter import DiscordAdapter


class IdeaForm(discord.ui.Modal, title="Share an idea"):
    idea = discord.ui.TextInput(
        label="Your idea for the policy team", style=discord.TextStyle.paragraph, max_length=4000
    )

    def __init__(self, adapter: DiscordAdapter) -> None:
        super().__init__(custom_id=f"idea_form:{uuid.uuid4().hex}")  # one per opening: two members never collide
        self.adapter = adapter

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await self.adapter.idea_written(interaction, self.idea.value)


class CardForm(discord.ui.Modal, title="Write a policy card"):
    card_title = discord.ui.TextInput(label="Title", max_length=150)
    position = discord.ui.TextInput(label="Position (Markdown)", style=discord.TextStyle.paragraph, max_length=3000)
    evidence = discord.ui.TextInput(label="Evidence: strong, weaker, best-bet or needs-research", max_length=20)
    values = discord.ui.TextInput(label="Values behind it, separated by commas", max_length=400)
    question = discord.ui.TextInput(label="Question to members", max_length=300)

    def __init__(self, adapter: DiscordAdapter) -> None:
        super().__init__(custom_id=f"card_form:{uuid.uuid4().hex}")
        self.adapter = adapter

    async def on_submit(self, interaction: discord.Interaction) -> None:
        try:
            card = PolicyCard.model_validate(
                {
                    "title": self.card_title.value,
                    "position": self.position.value,
                    "evidence": self.evidence.value.strip().lower(),
                    "values": self.values.value,
                    "question": self.question.value,
                }
            )
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            note = f"Nothing was published: {where}: {first['msg']}. Your text, to try again:\n{self.position.value}"
            first_part, *rest = render.parts(note)
            await interaction.response.send_message(first_part, ephemeral=True, allowed_mentions=render.NO_PINGS)
            for part in rest:  # the whole position comes back, however long
                await interaction.followup.send(part, ephemeral=True, allowed_mentions=render.NO_PINGS)
            return
        await self.adapter.card_written(interaction, card)
