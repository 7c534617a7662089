"""What we heard as Block Kit, in messages of at most 50 blocks, charts uploaded as files."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from adapters.slack.blocks import escape
from bot.plaintext import bar
from bot.summary.heard import TopicHeard, WhatWeHeard, theme_heading
from bot.summary.themes import vote_line
from bot.when import show
from bot.wording import difference

MAX_BLOCKS = 50


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}


def _context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:3000]}]}


def _topic(item: TopicHeard) -> list[dict]:
    topic = item.topic
    lines = [
        f"*{escape(topic.ref)} · {escape(topic.title)}*",
        f"_{escape(item.described)}_",
        f"*{escape(item.verdict.sentence)}*",
    ]
    for option, count, share in zip(topic.options, item.counts, item.shares(), strict=True):
        lines.append(f"`{bar(share / 100)}` {share}%  {escape(option)} ({count})")
    lines.append(escape(item.movement))
    blocks = [{"type": "divider"}, _section("\n".join(lines))]
    if item.themes:
        blocks.append(_context(escape(item.replies_line)))
    for theme in item.themes:
        quotes = "\n".join(f"> {escape(q)}" for q in theme.quotes)
        votes = f" {escape(vote_line(theme))}." if item.kind != "multiple" else ""
        blocks.append(_context(f"*{escape(theme_heading(theme))}*{votes}\n{quotes}"))
    return blocks


def summary_messages(heard: WhatWeHeard, zone: ZoneInfo) -> list[list[dict]]:
    """The summary as one or more messages' worth of blocks."""
    period = heard.period
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": f"What we heard: {period.label}"[:150]}},
        _context(
            escape(
                f"{show(period.start, zone)} to {show(period.end, zone)}; "
                f"every comparison is with {period.compared_with}"
            )
        ),
        {
            "type": "section",
            "fields": [
                {
                    "type": "mrkdwn",
                    "text": f"*{escape(f.name.capitalize())}*\n{f.total:,} ({difference(f.total, f.total_before)})",
                }
                for f in heard.figures
            ],
        },
    ]
    for item in heard.topics:
        blocks += _topic(item)
    blocks.append({"type": "divider"})
    ideas = "\n".join(f"• *{escape(ref)}*: {escape(text)}" for ref, text in heard.ideas) or "No new ideas."
    blocks.append(_section(f"*New ideas*\n{ideas}"))
    quiet = "\n".join(f"• {escape(line)}" for line in heard.not_heard())
    blocks.append(_section(f"*Where we are not hearing*\n{quiet}"))
    return [blocks[i : i + MAX_BLOCKS] for i in range(0, len(blocks), MAX_BLOCKS)]
