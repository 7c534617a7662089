"""Cards, polls and tallies as plain text: the console's rendering, and the
text of the core's own replies on every platform."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.domain.topics import PolicyCard, PollChoice, QuickPoll, Tally, Topic
from bot.when import show
from bot.wording import plural

BAR_WIDTH = 20


def bar(share: float) -> str:
    filled = round(BAR_WIDTH * share)
    return "█" * filled + "·" * (BAR_WIDTH - filled)


def tally_lines(topic: Topic, tally: Tally | None) -> list[str]:
    """Numbered options, with counts when the results may be shown."""
    lines = []
    shares = tally.percentages() if tally else None
    width = max(len(o) for o in topic.options)
    for i, option in enumerate(topic.options):
        line = f"  {i + 1}. {option}"
        if tally is not None:
            share = tally.counts[i] / tally.voters if tally.voters else 0.0
            line = f"{line.ljust(width + 6)} {bar(share)} {tally.counts[i]:>4}  ({shares[i]}%)"
        lines.append(line)
    return lines


def summary_line(topic: Topic, tally: Tally | None) -> str:
    n = f"{plural(tally.voters, 'person', 'people')} voted" if tally else "results hidden until close"
    return f"[{topic.id}] {topic.ref} · {topic.title} · {topic.status.value} · {n}"


def describe(topic: Topic, tally: Tally | None, zone: ZoneInfo, *, voters: int | None = None) -> str:
    """The whole card or poll, as a member would read it."""
    content = topic.content
    lines = [f"{topic.ref} · {topic.title}"]
    if isinstance(content, PolicyCard):
        lines += [
            "",
            content.position,
            "",
            f"Evidence: {content.evidence.label}",
            f"Values: {', '.join(content.values)}",
        ]
        if content.link:
            lines.append(f"Read more: {content.link}")
        lines += ["", f"Question: {content.question}"]
    elif isinstance(content, QuickPoll):
        how = {
            PollChoice.SINGLE: "choose one",
            PollChoice.MULTIPLE: "choose any",
            PollChoice.RATING: "1 = not at all, 5 = completely",
        }[content.choice]
        if content.note:
            lines += ["", content.note]
        lines += ["", f"Quick poll ({how}; {'anonymous' if content.anonymous else 'named'})"]
    lines += tally_lines(topic, tally)
    if tally is None:
        so_far = f" ({plural(voters, 'response')} so far)" if voters is not None else ""
        lines.append(f"  Results are shown when it closes{so_far}.")
    else:
        lines.append(f"  n = {tally.voters}")
    if topic.status.value == "closed":
        lines.append(f"Closed {show(topic.closed_at, zone)}.")
    else:
        lines.append(f"Closes: {show(content.closes_at, zone)}.")
    return "\n".join(lines)


def final_result(topic: Topic, tally: Tally) -> str:
    lines = [f"Final result for {topic.ref} · {topic.title} (n = {tally.voters}):"]
    lines += tally_lines(topic, tally)
    return "\n".join(lines)
