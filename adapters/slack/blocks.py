"""The core's cards, polls and replies as Slack Block Kit, with member text made harmless.

Everything the bot sends goes through `escape`, so text can never become
`<!channel>`, `<!here>`, `<!everyone>` or a `<@U…>` / `<!subteam^…>` mention.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from bot.domain import PolicyCard, PollChoice, QuickPoll, Tally, Topic, buttons
from bot.plaintext import bar
from bot.when import show

BUTTON_TEXT = 75  # Slack's limit for a button label
SECTION_TEXT = 3000
ACTION_PREFIX = buttons.PREFIX


def escape(text: str) -> str:
    """Slack's three control characters; nothing else is special once these are escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^\s)]+)\)")
_HEADING = re.compile(r"^#{1,6}\s+(.+)$", re.MULTILINE)


def markdown(text: str) -> str:
    """The Markdown of a card's position as Slack mrkdwn, escaped first."""
    text = escape(text)
    text = _HEADING.sub(r"*\1*", text)
    text = _BOLD.sub(lambda m: f"*{m.group(1) or m.group(2)}*", text)
    return _LINK.sub(lambda m: f"<{m.group(2)}|{m.group(1)}>", text)


def _section(text: str) -> dict:
    if len(text) > SECTION_TEXT:
        text = text[: SECTION_TEXT - 1] + "…"
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(*parts: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": p} for p in parts if p]}


def results(topic: Topic, tally: Tally | None) -> dict:
    if tally is None:
        return _context(":lock: Results are shown when it closes.")
    lines = []
    for i, option in enumerate(topic.options):
        share = tally.counts[i] / tally.voters if tally.voters else 0.0
        lines.append(f"`{bar(share)}` {round(100 * share)}%  {escape(option)} ({tally.counts[i]})")
    lines.append(f"_n = {tally.voters}_")
    return _section("\n".join(lines))


def topic_blocks(topic: Topic, tally: Tally | None, zone: ZoneInfo) -> list[dict]:
    """A posted card or poll: what it says, its tally, and its buttons while open."""
    content = topic.content
    blocks: list[dict] = [{"type": "header", "text": {"type": "plain_text", "text": topic.title[:150]}}]
    if isinstance(content, PolicyCard):
        blocks.append(_section(markdown(content.position)))
        link = f"<{content.link}|Read the discussion paper>" if content.link else ""
        blocks.append(
            _context(
                f"*Evidence:* {escape(content.evidence.label)}",
                f"*Values:* {escape(', '.join(content.values))}",
                link,
            )
        )
        blocks.append(_section(f"*{escape(content.question)}*"))
    elif isinstance(content, QuickPoll):
        if content.note:
            blocks.append(_section(escape(content.note)))
        how = {
            PollChoice.SINGLE: "choose one",
            PollChoice.MULTIPLE: "choose any",
            PollChoice.RATING: "1 = not at all, 5 = completely",
        }[content.choice]
        blocks.append(_context(f"Quick poll · {how} · {'anonymous' if content.anonymous else 'named'}"))
    blocks.append(results(topic, tally))
    if topic.status.value == "closed":
        blocks.append(_context(f":checkered_flag: Closed {show(topic.closed_at, zone)}. Thanks for taking part."))
        return blocks
    blocks.append(
        {
            "type": "actions",
            "block_id": f"topic-{topic.id}",
            "elements": [
                {
                    "type": "button",
                    "action_id": buttons.vote_id(topic.id, i),
                    "text": {"type": "plain_text", "text": option[:BUTTON_TEXT], "emoji": True},
                    "value": f"{topic.id}:{i}",
                }
                for i, option in enumerate(topic.options)
            ],
        }
    )
    closes = (
        f"Closes {show(content.closes_at, zone)}." if content.closes_at else "Open until the policy team closes it."
    )
    blocks.append(_context(f":speech_balloon: Reply in the thread to comment. {closes} {topic.ref}"))
    return blocks


def fallback_text(topic: Topic) -> str:
    """What notifications and screen readers show."""
    return escape(f"{topic.ref}: {topic.title}")


def code_block(text: str) -> str:
    return f"```{escape(text)}```"
