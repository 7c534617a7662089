"""Compiling what we heard in a period from what was recorded."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import PolicyCard, Topic
from bot.domain.topics import idea_ref
from bot.summary.anonymise import anonymise
from bot.summary.calls import MIN_RESPONSES, Reading, read
from bot.summary.period import Period
from bot.summary.themes import Theme, themes
from storage import Store, activity

MEASURES = ("participants", "votes", "replies", "reactions", "ideas")


@dataclass(frozen=True, slots=True)
class Figure:
    """One headline number, by platform, beside the period before."""

    name: str
    now: dict[str, int]
    before: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.now.values())

    @property
    def total_before(self) -> int:
        return sum(self.before.values())


@dataclass(frozen=True, slots=True)
class TopicHeard:
    topic: Topic
    counts: tuple[int, ...]
    voters: int
    reading: Reading
    counts_before: tuple[int, ...]
    voters_before: int
    replies: int
    themes: tuple[Theme, ...]

    @property
    def evidence(self) -> str | None:
        content = self.topic.content
        return content.evidence.label if isinstance(content, PolicyCard) else None

    def shares(self) -> tuple[int, ...]:
        return tuple(round(100 * c / self.voters) if self.voters else 0 for c in self.counts)

    @property
    def movement(self) -> str:
        if self.voters_before == 0:
            return "New this period." if self.voters else "No responses yet."
        top = max(range(len(self.counts)), key=lambda i: (self.counts[i], -i))
        now = 100 * self.counts[top] / self.voters
        before = 100 * self.counts_before[top] / self.voters_before
        change = round(now - before)
        direction = "no change" if change == 0 else f"{change:+d} points"
        return (
            f"“{self.topic.options[top]}” {round(now)}% ({direction} on the period before); "
            f"n {self.voters} (+{self.voters - self.voters_before})."
        )


@dataclass(frozen=True, slots=True)
class WhatWeHeard:
    period: Period
    compiled_at: datetime
    figures: tuple[Figure, ...]
    topics: tuple[TopicHeard, ...]
    ideas: tuple[tuple[str, str], ...]  # (reference, anonymised text)
    quiet_topics: tuple[TopicHeard, ...]
    quiet_channels: tuple[tuple[str, str, int], ...]
    quiet_platforms: tuple[tuple[str, int], ...] = field(default=())

    @property
    def platforms(self) -> list[str]:
        return sorted({p for f in self.figures for p in (*f.now, *f.before)})


async def compile_heard(store: Store, period: Period, now: datetime) -> WhatWeHeard:
    """Everything the summary says, from the database; the same data gives the same summary."""
    async with store.unit() as unit:
        return await compile_in(unit.session, period, now)


async def compile_in(s: AsyncSession, period: Period, now: datetime) -> WhatWeHeard:
    """The same, inside a transaction already open (a chat command's)."""
    before = period.previous()
    this, last = (
        await activity.headline_counts(s, period.start, period.end),
        await activity.headline_counts(s, before.start, before.end),
    )
    figures = tuple(Figure(name, this[name], last[name]) for name in MEASURES)
    heard = []
    for topic in await activity.active_topics(s, period.start, period.end):
        counts, voters = await activity.tally_before(s, topic, period.end)
        counts_before, voters_before = await activity.tally_before(s, topic, period.start)
        texts = await activity.reply_texts(s, topic.id, period.start, period.end)
        heard.append(
            TopicHeard(
                topic,
                counts,
                voters,
                read(topic.options, counts, voters),
                counts_before,
                voters_before,
                len(texts),
                tuple(themes(texts)),
            )
        )
    new_ideas = tuple((idea_ref(i), anonymise(text)) for i, text in await activity.ideas(s, period.start, period.end))
    channels = await activity.channel_activity(s, period.start, period.end)
    busiest = max((n for _, _, n in channels), default=0)
    quiet_channels = tuple(c for c in channels if c[2] < max(3, busiest // 5))
    participants = this["participants"]
    most = max(participants.values(), default=0)
    quiet_platforms = tuple(sorted((p, n) for p, n in participants.items() if n < most // 5))
    return WhatWeHeard(
        period=period,
        compiled_at=now,
        figures=figures,
        topics=tuple(heard),
        ideas=new_ideas,
        quiet_topics=tuple(t for t in heard if t.voters < MIN_RESPONSES),
        quiet_channels=quiet_channels,
        quiet_platforms=quiet_platforms,
    )
