"""Policy cards and quick polls: the things members respond to.

A *topic* is either a card or a poll once it has been published. Both ask members
a question with a fixed list of options; a card adds the position, the evidence
and the values behind it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    field_validator,
    model_validator,
)

from bot.domain.limits import MAX_SLUG, unstorable
from bot.domain.text import clean_value

DEFAULT_SCALE = ("Agree", "Partly agree", "Disagree", "Not sure")
RATING_OPTIONS = ("1", "2", "3", "4", "5")


class TopicKind(StrEnum):
    CARD = "card"
    POLL = "poll"


class TopicStatus(StrEnum):
    SCHEDULED = "scheduled"  # published for a later time: not posted, not open yet
    OPEN = "open"
    CLOSED = "closed"


class EvidenceStrength(StrEnum):
    STRONG = "strong"
    WEAKER = "weaker"
    BEST_BET = "best-bet"
    NEEDS_RESEARCH = "needs-research"

    @property
    def label(self) -> str:
        return {
            "strong": "Strong claim",
            "weaker": "Weaker claim",
            "best-bet": "Best bet",
            "needs-research": "Needs more research",
        }[self.value]


class PollChoice(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    RATING = "rating"  # 1-5 scale, one answer


class ResultsVisibility(StrEnum):
    LIVE = "live"
    ON_CLOSE = "on-close"


def _text(most: int):
    """Text that is not blank, and not longer than `most` characters."""
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=most)]


def _distinct(options: list[str]) -> list[str]:
    seen = {o.casefold() for o in options}
    if len(seen) != len(options):
        raise ValueError("options must all be different")
    return options


def _listify(value):
    # "values: Fairness" in a file means a list of one.
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


Label = _text(80)
SLUG = re.compile(rf"^[a-z0-9][a-z0-9-]{{0,{MAX_SLUG - 1}}}$")


def _slug(value: str | None) -> str | None:
    if value is not None and not SLUG.match(value):
        raise ValueError("use lower-case letters, digits and hyphens (e.g. send-funding)")
    return value


class _Content(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    slug: Annotated[str | None, AfterValidator(_slug)] = None
    publish_at: datetime | None = None  # post it then, not now
    opens_at: datetime | None = None
    closes_at: datetime | None = None

    @model_validator(mode="before")
    @classmethod
    def _clean(cls, data):
        """No NUL or lone surrogate in any text: the database could not store it."""
        return clean_value(data) if isinstance(data, dict) else data

    @field_validator("publish_at", "opens_at", "closes_at")
    @classmethod
    def _storable(cls, when: datetime | None) -> datetime | None:
        """Only what cannot be stored at all: stored topics are read back through this
        model, so the rules for new times (bot/domain/limits.py) are checked elsewhere."""
        if when is not None:
            problem = unstorable(when)
            if problem:
                raise ValueError(problem)
        return when

    @model_validator(mode="after")
    def _window(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValueError("closes_at must be after opens_at")
        if self.publish_at and self.closes_at and self.closes_at <= self.publish_at:
            raise ValueError("closes_at must be after publish_at")
        for name in ("publish_at", "opens_at", "closes_at"):
            when = getattr(self, name)
            if when is not None and when.tzinfo is None:
                raise ValueError(f"{name} needs a time zone")
        return self


class PolicyCard(_Content):
    """A short position published for live comment."""

    kind: Literal["card"] = "card"
    title: _text(150)
    position: _text(3000)
    evidence: EvidenceStrength
    values: Annotated[list[Label], Field(min_length=1, max_length=10), BeforeValidator(_listify)]
    question: _text(300)
    link: HttpUrl | None = None
    tags: Annotated[list[Label], Field(max_length=20), BeforeValidator(_listify)] = []
    scale: Annotated[list[Label], Field(min_length=2, max_length=10), AfterValidator(_distinct)] = list(DEFAULT_SCALE)

    @property
    def options(self) -> tuple[str, ...]:
        return tuple(self.scale)

    @property
    def multiple(self) -> bool:
        return False

    @property
    def anonymous(self) -> bool:
        return True

    @property
    def results(self) -> ResultsVisibility:
        return ResultsVisibility.LIVE


class QuickPoll(_Content):
    """A rapid survey: one question, a few options."""

    kind: Literal["poll"] = "poll"
    question: _text(300)
    note: _text(1000) | None = None  # shown under the question
    choice: PollChoice = PollChoice.SINGLE
    answers: Annotated[list[Label], Field(max_length=10), AfterValidator(_distinct)] = []
    anonymous: bool = True
    results: ResultsVisibility = ResultsVisibility.LIVE

    @model_validator(mode="after")
    def _answers_fit_choice(self):
        if self.choice is PollChoice.RATING:
            if self.answers and tuple(self.answers) != RATING_OPTIONS:
                raise ValueError("a rating poll has the fixed answers 1-5; leave answers out")
        elif not 2 <= len(self.answers) <= 10:
            raise ValueError(f"a {self.choice.value}-choice poll needs 2 to 10 answers, got {len(self.answers)}")
        return self

    @property
    def title(self) -> str:
        return self.question

    @property
    def options(self) -> tuple[str, ...]:
        return RATING_OPTIONS if self.choice is PollChoice.RATING else tuple(self.answers)

    @property
    def multiple(self) -> bool:
        return self.choice is PollChoice.MULTIPLE


Content = PolicyCard | QuickPoll


def topic_ref(kind: str, topic_id: int) -> str:
    """`CARD-0003`: how staff and members name a topic."""
    return f"{kind.upper()}-{topic_id:04d}"


def idea_ref(idea_id: int) -> str:
    return f"IDEA-{idea_id:04d}"


def reply_ref(reply_id: int) -> str:
    """`REPLY-0042`: a reply as the export and the summary's themes both name it."""
    return f"REPLY-{reply_id:04d}"


_REF = re.compile(r"^\s*#?(?:(CARD|POLL)-?)?0*(\d+)\s*$", re.IGNORECASE)


MAX_ID = 2**31 - 1  # the database's integer ids


def parse_ref(text: str) -> int | None:
    """`CARD-0007`, `poll-7`, `#7` and `7` all name topic 7."""
    match = _REF.match(text)
    if not match or len(match.group(2)) > 10:
        return None
    topic_id = int(match.group(2))
    return topic_id if topic_id <= MAX_ID else None


@dataclass(frozen=True, slots=True)
class Topic:
    """A card or poll as published: its content plus where it stands."""

    id: int
    content: Content
    status: TopicStatus
    published_at: datetime
    closed_at: datetime | None = None

    @property
    def kind(self) -> TopicKind:
        return TopicKind(self.content.kind)

    @property
    def ref(self) -> str:
        return topic_ref(self.kind, self.id)

    @property
    def title(self) -> str:
        return self.content.title

    @property
    def options(self) -> tuple[str, ...]:
        return self.content.options

    def closed_by(self, now: datetime) -> bool:
        closes = self.content.closes_at
        return self.status is TopicStatus.CLOSED or (closes is not None and now >= closes)

    def not_yet_open(self, now: datetime) -> bool:
        if self.status is TopicStatus.SCHEDULED:
            return True
        opens = self.content.opens_at
        return opens is not None and now < opens

    def results_visible(self, now: datetime) -> bool:
        return self.content.results is ResultsVisibility.LIVE or self.closed_by(now)


@dataclass(frozen=True, slots=True)
class Cast:
    """A click on an answer, as recorded: what the slot held before (None: nothing) and when
    the slot last changed (now, unless the click repeated the choice it held)."""

    previous: int | None
    changed_at: datetime


@dataclass(frozen=True, slots=True)
class Tally:
    """Current votes on a topic: one count per option, and how many people voted."""

    counts: tuple[int, ...]
    voters: int

    @property
    def total(self) -> int:
        return sum(self.counts)

    def percentages(self) -> tuple[int, ...]:
        # Share of voters, so multiple-choice rows can add up to more than 100.
        if not self.voters:
            return tuple(0 for _ in self.counts)
        return tuple(round(100 * c / self.voters) for c in self.counts)


class SlugTaken(Exception):
    """Another card or poll already has this slug (storage says so when two publish at once)."""
