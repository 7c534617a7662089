"""What we heard as Block Kit, in messages of at most 50 blocks, charts uploaded as files."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from adapters.slack.blocks import escape
from bot.plaintext import bar
from bot.summary.heard import TopicHeard, WhatWeHeard
from bot.when import show

MAX_BLOCKS = 50


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}


def _context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:3000]}]}


def _topic(item: TopicHeard) -> list[dict]:
    topic = item.topic
    kind = f"Evidence: {item.evidence}" if item.evidence else "Quick poll"
    lines = [
        f"*{escape(topic.ref)} · {escape(topic.title)}*",
        f"_{escape(kind)} · n = {item.voters}_",
        f"*{escape(item.reading.sentence)}*",
    ]
    for option, count, share in zip(topic.options, item.counts, item.shares(), strict=True):
        lines.append(f"`{bar(share / 100)}` {share}%  {escape(option)} ({count})")
    lines.append(escape(item.movement))
    blocks = [{"type": "divider"}, _section("\n".join(lines))]
    for theme in item.themes:
        quotes = "\n".join(f"> {escape(q)}" for q in theme.quotes)
        blocks.append(_context(f"*{escape(theme.label)}* ({theme.replies} replies)\n{quotes}"))
    return blocks


def summary_messages(heard: WhatWeHeard, zone: ZoneInfo) -> list[list[dict]]:
    """The summary as one or more messages' worth of blocks."""
    period = heard.period
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": f"What we heard: {period.label}"[:150]}},
        _context(escape(f"{show(period.start, zone)} to {show(period.end, zone)}")),
        {
            "type": "section",
            "fields": [
                {
                    "type": "mrkdwn",
                    "text": f"*{escape(f.name.capitalize())}*\n{f.total} ({f.total - f.total_before:+d})",
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
    quiet = [f"• {escape(t.topic.ref)}: only {t.voters} responses" for t in heard.quiet_topics]
    quiet += [f"• {escape(p)} channel {escape(c)}: {n} responses" for p, c, n in heard.quiet_channels]
    quiet += [f"• {escape(p)}: {n} participants" for p, n in heard.quiet_platforms]
    blocks.append(_section("*Where we are not hearing*\n" + ("\n".join(quiet) or "Everyone was heard from.")))
    return [blocks[i : i + MAX_BLOCKS] for i in range(0, len(blocks), MAX_BLOCKS)]
