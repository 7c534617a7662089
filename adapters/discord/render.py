"""The core's cards and polls as Discord embeds and buttons, and member text made harmless."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import discord

from bot.domain import EvidenceStrength, PolicyCard, PollChoice, QuickPoll, Tally, Topic, buttons
from bot.plaintext import bar
from bot.when import show

MESSAGE_LIMIT = 2000
NO_PINGS = discord.AllowedMentions.none()
_COLOURS = {
    EvidenceStrength.STRONG: 0x2A9D8F,
    EvidenceStrength.WEAKER: 0xE9C46A,
    EvidenceStrength.BEST_BET: 0x457B9D,
    EvidenceStrength.NEEDS_RESEARCH: 0xE76F51,
}


def harmless(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """Text the bot sends: mentions shown, never pinging (AllowedMentions.none() is sent too), within limits."""
    text = discord.utils.escape_mentions(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parts(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Member-safe text in messages Discord accepts, split at line ends where it can."""
    text = discord.utils.escape_mentions(text)
    chunks: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        cut = cut if cut > limit // 2 else limit
        chunks.append(text[:cut])
        text = text[cut:].lstrip("\n")
    return [*chunks, text]


def results(topic: Topic, tally: Tally | None) -> str:
    if tally is None:
        return "🔒 Results are shown when it closes."
    lines = []
    for i, option in enumerate(topic.options):
        share = tally.counts[i] / tally.voters if tally.voters else 0.0
        lines.append(
            f"`{bar(share)}` {round(100 * share)}% {discord.utils.escape_markdown(option)} ({tally.counts[i]})"
        )
    lines.append(f"*n = {tally.voters}*")
    return harmless("\n".join(lines), 1024)


def topic_embed(topic: Topic, tally: Tally | None, zone: ZoneInfo) -> discord.Embed:
    content = topic.content
    if isinstance(content, PolicyCard):
        embed = discord.Embed(
            title=topic.title[:256], description=harmless(content.position, 4096), colour=_COLOURS[content.evidence]
        )
        embed.add_field(name="Evidence", value=content.evidence.label, inline=True)
        embed.add_field(name="Values", value=harmless(", ".join(content.values), 1024), inline=True)
        if content.link:
            embed.url = str(content.link)
        embed.add_field(name="Question", value=harmless(content.question, 1024), inline=False)
    else:
        assert isinstance(content, QuickPoll)
        how = {
            PollChoice.SINGLE: "choose one",
            PollChoice.MULTIPLE: "choose any",
            PollChoice.RATING: "1 = not at all, 5 = completely",
        }[content.choice]
        embed = discord.Embed(title=topic.title[:256], description=harmless(content.note or "", 4096), colour=0x6D597A)
        embed.add_field(
            name="Quick poll", value=f"{how} · {'anonymous' if content.anonymous else 'named'}", inline=False
        )
    embed.add_field(name="Results", value=results(topic, tally), inline=False)
    if topic.status.value == "closed":
        footer = f"{topic.ref} · closed {show(topic.closed_at, zone)}"
    else:
        closes = (
            f"closes {show(content.closes_at, zone)}" if content.closes_at else "open until the policy team closes it"
        )
        footer = f"{topic.ref} · reply in the thread to comment · {closes}"
    embed.set_footer(text=footer)
    return embed


class VoteButton(discord.ui.DynamicItem[discord.ui.Button], template=buttons.PATTERN):
    """A card's answer button. Its state is its custom_id, so it works after a restart
    and on posts another process made."""

    def __init__(self, topic_id: int, option: int, label: str | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=(label or str(option + 1))[:80],
                custom_id=buttons.vote_id(topic_id, option),
                style=discord.ButtonStyle.primary,
            )
        )
        self.topic_id, self.option = topic_id, option

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match) -> VoteButton:
        return cls(int(match["topic"]), int(match["option"]), item.label)

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.client.adapter.on_vote(interaction, self.topic_id, self.option)


def vote_view(topic: Topic) -> discord.ui.View | None:
    """The buttons while the topic is open; none once it is closed."""
    if topic.status.value == "closed":
        return None
    view = discord.ui.View(timeout=None)
    for i, option in enumerate(topic.options):
        view.add_item(VoteButton(topic.id, i, option))
    return view


def code_block(text: str) -> str:
    return harmless(f"```\n{text.replace('```', 'ˋˋˋ')}\n```")
