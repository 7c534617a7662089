"""Compiling what we heard in a period from what was recorded."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime

from bot.domain import PolicyCard, Topic
from bot.domain.text import Unmasked
from bot.domain.topics import PollChoice, QuickPoll, idea_ref, reply_ref
from bot.masking_backlog import MaskingBacklog
from bot.ports import Store, Unit
from bot.privacy import mask_many
from bot.summary.period import Period
from bot.summary.themes import ReplyText, Theme, learn_stock, themes
from bot.summary.verdicts import MIN_RESPONSES, Verdict, read
from bot.wording import difference, plural, points, whole

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
    """One card or poll: its result at the end of the period, read; the result at the end
    of the period before; and what its repliers said."""

    topic: Topic
    counts: tuple[int, ...]
    voters: int
    verdict: Verdict
    counts_before: tuple[int, ...]
    voters_before: int
    replies: int
    themes: tuple[Theme, ...]
    since: str  # the moment movement is measured from, in words

    @property
    def evidence(self) -> str | None:
        content = self.topic.content
        return content.evidence.label if isinstance(content, PolicyCard) else None

    @property
    def kind(self) -> str:
        return answer_kind(self.topic)

    @property
    def described(self) -> str:
        """`Evidence: Best bet · open · n = 40`."""
        what = f"Evidence: {self.evidence}" if self.evidence else "Quick poll"
        if self.kind == "multiple":
            what += " · choose any"
        elif self.kind == "rating":
            what += " · rating 1–5"
        return f"{what} · {self.topic.status.value} · n = {self.voters}"

    def shares(self) -> tuple[int, ...]:
        """Whole percentages of respondents (choose-any shares add up to more than 100)."""
        return tuple(whole(c / self.voters) if self.voters else 0 for c in self.counts)

    def shares_before(self) -> tuple[int, ...]:
        return tuple(whole(c / self.voters_before) if self.voters_before else 0 for c in self.counts_before)

    @property
    def movement(self) -> str:
        """The whole distribution now against the end of the period before, each member
        counted at the choice they held at each moment."""
        if self.voters == 0:
            if self.voters_before:
                return f"No responses now, where there were {plural(self.voters_before, 'response')} before."
            return "No responses yet."
        if self.voters_before == 0:
            if self.voters == 1:
                return f"The 1 response came in {self.since}."
            return f"All {plural(self.voters, 'response')} came in {self.since}."
        moved = ", ".join(
            f"“{option}” {now}% ({points(now - before)})"
            for option, now, before in zip(self.topic.options, self.shares(), self.shares_before(), strict=True)
        )
        count = f"n = {self.voters} ({difference(self.voters, self.voters_before)})"
        return f"{self.since[0].upper()}{self.since[1:]}: {moved}; {count}."

    @property
    def replies_line(self) -> str:
        """`What members said (14 replies, in 3 themes):`."""
        themed = [t for t in self.themes if not t.other]
        split = f", in {plural(len(themed), 'theme')}" if len(themed) > 1 else ""
        return f"What members said ({plural(self.replies, 'reply')}{split}):"


def _few(voters: int) -> str:
    return f"only {plural(voters, 'response')}" if voters else "no responses yet"


def answer_kind(topic: Topic) -> str:
    """ "single", "multiple" or "rating": how the answers are read."""
    content = topic.content
    if isinstance(content, QuickPoll) and content.choice is PollChoice.RATING:
        return "rating"
    return "multiple" if content.multiple else "single"


def theme_heading(theme: Theme) -> str:
    """`EHCP delays (14 replies)` / `Other comments (3 replies)`."""
    return f"{theme.label} ({plural(theme.replies, 'reply')})"


@dataclass(frozen=True, slots=True)
class WhatWeHeard:
    period: Period
    compiled_at: datetime
    figures: tuple[Figure, ...]
    topics: tuple[TopicHeard, ...]
    ideas: tuple[tuple[str, str], ...]  # (reference, masked text)
    quiet_topics: tuple[TopicHeard, ...]
    quiet_channels: tuple[tuple[str, str, int], ...]
    quiet_platforms: tuple[tuple[str, int], ...] = field(default=())

    @property
    def platforms(self) -> list[str]:
        return sorted({p for f in self.figures for p in (*f.now, *f.before)})

    def not_heard(self) -> list[str]:
        """Where we are not hearing, as plain sentences every renderer shows."""
        lines = [f"{t.topic.ref} · {t.topic.title}: {_few(t.voters)}." for t in self.quiet_topics]
        lines += [
            f"{platform} channel {channel}: {plural(n, 'response')}." for platform, channel, n in self.quiet_channels
        ]
        lines += [f"{platform}: {plural(n, 'participant')}." for platform, n in self.quiet_platforms]
        return lines or ["Every card, channel and platform was heard from."]


async def compile_heard(store: Store, period: Period, now: datetime) -> WhatWeHeard:
    """Everything the summary says, from the database; the same data gives the same summary.
    The figures are read in one transaction; themes (seconds of CPU in a big week) are found
    after it ends, so no database lock is held meanwhile. Texts still waiting to be masked are
    masked (and kept) first."""
    await MaskingBacklog(store).catch_up()
    async with store.reading() as unit:
        gathered = await _gather(unit, period)
    return _compose(gathered, period, now)


async def compile_in(unit: Unit, period: Period, now: datetime) -> WhatWeHeard:
    """The same, inside a transaction already open (a chat command's)."""
    return _compose(await _gather(unit, period), period, now)


@dataclass(frozen=True, slots=True)
class _Gathered:
    figures: tuple[Figure, ...]
    participants: dict[str, int]
    topics: list[tuple]  # (topic, counts, voters, counts before, voters before, replies)
    ideas: tuple[tuple[str, str], ...]
    channels: list[tuple[str, str, int]]


async def _gather(unit: Unit, period: Period) -> _Gathered:
    before = period.previous()
    this, last = (
        await unit.activity.headline_counts(period.start, period.end),
        await unit.activity.headline_counts(before.start, before.end),
    )
    topics = await unit.activity.active_topics(period.start, period.end)
    ids = [t.id for t in topics]
    now_, then = await unit.activity.tallies_at(topics, period.end), await unit.activity.tallies_at(topics, before.end)
    choices = await unit.activity.repliers_choices(ids, period.start, period.end, period.end)
    replies = await unit.activity.replies_of(ids, period.start, period.end)
    ideas = await unit.activity.ideas(period.start, period.end)
    replies, ideas = await _all_masked(replies, ideas)
    return _Gathered(
        figures=tuple(Figure(name, this[name], last[name]) for name in MEASURES),
        participants=this["participants"],
        topics=[(t, *now_[t.id], *then[t.id], _replies(t, replies[t.id], choices)) for t in topics],
        ideas=tuple((idea_ref(i), text) for i, text in ideas),
        channels=await unit.activity.channel_activity(period.start, period.end),
    )


async def _all_masked(replies: dict[int, list[tuple]], ideas: list[tuple]) -> tuple[dict[int, list[tuple]], list]:
    """Mask the texts the masking backlog has not reached yet (recorded a moment ago, or left
    by a run that stopped), so a summary only ever sees masked text."""
    rows = [row for topic_rows in replies.values() for row in topic_rows] + ideas
    waiting = [row[1].text for row in rows if isinstance(row[1], Unmasked)]
    if not waiting:
        return replies, ideas
    copies = iter(await asyncio.to_thread(mask_many, waiting))

    def masked(row: tuple) -> tuple:
        return (row[0], next(copies), *row[2:]) if isinstance(row[1], Unmasked) else row

    return {t: [masked(r) for r in topic_rows] for t, topic_rows in replies.items()}, [masked(r) for r in ideas]


def _compose(gathered: _Gathered, period: Period, now: datetime) -> WhatWeHeard:
    # Openers and sign-offs are learned from every thread of the period, not one card's.
    stock = learn_stock([[r.text for r in replies] for *_, replies in gathered.topics])
    heard = [
        TopicHeard(
            topic,
            counts,
            voters,
            read(topic.options, counts, voters, kind=answer_kind(topic)),
            counts_before,
            voters_before,
            len(replies),
            tuple(themes(replies, stock)),
            period.since,
        )
        for topic, counts, voters, counts_before, voters_before, replies in gathered.topics
    ]
    channels = gathered.channels
    busiest = max((n for _, _, n in channels), default=0)
    participants = gathered.participants
    most = max(participants.values(), default=0)
    return WhatWeHeard(
        period=period,
        compiled_at=now,
        figures=gathered.figures,
        topics=tuple(heard),
        ideas=gathered.ideas,
        quiet_topics=tuple(t for t in heard if t.voters < MIN_RESPONSES),
        quiet_channels=tuple(c for c in channels if c[2] < max(3, busiest // 5)),
        quiet_platforms=tuple(sorted((p, n) for p, n in participants.items() if n < most // 5)),
    )


def _replies(topic: Topic, rows, choices: dict[tuple[int, int], tuple[int, ...]]) -> list[ReplyText]:
    """The topic's replies, each with how its author had voted by the end of the period."""
    single = answer_kind(topic) != "multiple"  # one answer each, so a theme can say how its repliers voted
    found = []
    for reply_id, text, member_id, pseudonym in rows:
        held = choices.get((topic.id, member_id), ())
        choice = topic.options[held[0]] if single and held and held[0] < len(topic.options) else None
        found.append(ReplyText(reply_ref(reply_id), text, pseudonym, choice))
    return found
