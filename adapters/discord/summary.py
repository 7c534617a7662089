"""What we heard as Discord embeds, each card's chart attached to its embed."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import discord

from adapters.discord.render import harmless
from bot.plaintext import bar
from bot.summary.heard import TopicHeard, WhatWeHeard, theme_heading
from bot.summary.themes import vote_line
from bot.when import show
from bot.wording import difference


def headline_embed(heard: WhatWeHeard, zone: ZoneInfo) -> discord.Embed:
    period = heard.period
    embed = discord.Embed(
        title=f"What we heard: {period.label}",
        description=f"{show(period.start, zone)} to {show(period.end, zone)}; "
        f"every comparison is with {period.compared_with}",
        colour=0x1D3557,
    )
    for figure in heard.figures:
        embed.add_field(
            name=figure.name.capitalize(),
            value=f"{figure.total:,} ({difference(figure.total, figure.total_before)})",
        )
    return embed


def topic_embed(item: TopicHeard) -> discord.Embed:
    topic = item.topic
    lines = [f"*{item.described}*", f"**{item.verdict.sentence}**"]
    for option, count, share in zip(topic.options, item.counts, item.shares(), strict=True):
        lines.append(f"`{bar(share / 100)}` {share}% {discord.utils.escape_markdown(option)} ({count})")
    lines.append(item.movement)
    if item.themes:
        lines.append(item.replies_line)
    embed = discord.Embed(
        title=f"{topic.ref} · {topic.title}"[:256], description=harmless("\n".join(lines), 4096), colour=0x457B9D
    )
    for theme in item.themes[:8]:
        quotes = "\n".join(f"> {q}" for q in theme.quotes)
        votes = f"{vote_line(theme)}.\n" if item.kind != "multiple" else ""
        embed.add_field(name=theme_heading(theme)[:256], value=harmless(votes + quotes, 1024), inline=False)
    embed.set_image(url=f"attachment://{topic.ref}.png")
    return embed


def closing_embed(heard: WhatWeHeard) -> discord.Embed:
    ideas = "\n".join(f"**{ref}**: {text}" for ref, text in heard.ideas) or "No new ideas."
    quiet = heard.not_heard()
    embed = discord.Embed(title="New ideas", description=harmless(ideas, 4096), colour=0x2A9D8F)
    embed.add_field(
        name="Where we are not hearing",
        value=harmless("\n".join(quiet), 1024),
        inline=False,
    )
    return embed
