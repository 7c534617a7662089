"""What the policy team decides: publish cards and polls, close them, find them.

Used by the command line and by staff chat commands alike.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot import authoring
from bot.clock import Clock
from bot.commands import Command
from bot.domain.limits import MAX_SLUG, out_of_range
from bot.domain.text import clean_text
from bot.domain.topics import (
    Content,
    PollChoice,
    QuickPoll,
    ResultsVisibility,
    SlugTaken,
    Tally,
    Topic,
    TopicStatus,
    parse_ref,
)
from bot.errors import Refusal
from bot.ports import Store, Unit
from bot.when import parse_when, show

log = logging.getLogger(__name__)

POLL_FLAGS = frozenset({"closes", "publish", "multiple", "rating", "hidden", "named"})


def published(topic: Topic, zone: ZoneInfo) -> str:
    """What staff are told when they publish."""
    if topic.status is TopicStatus.SCHEDULED:
        return f"Scheduled {topic.ref} · {topic.title} to go out {show(topic.published_at, zone)}."
    return f"Published {topic.ref} · {topic.title}."


class PolicyTeam:
    def __init__(self, store: Store, clock: Clock, zone: ZoneInfo, cards_dir: Path | None = None) -> None:
        self.store = store
        self.clock = clock
        self.zone = zone
        self.cards_dir = cards_dir

    def poll_from(self, command: Command, now: datetime) -> QuickPoll:
        """A poll from `"Question" "A" "B" --closes 3d --multiple`."""
        unknown = sorted(set(command.flags) - POLL_FLAGS)
        if unknown:
            raise Refusal(
                f"I don't know --{unknown[0]}. A poll takes {', '.join('--' + f for f in sorted(POLL_FLAGS))}."
            )
        if command.flags.get("multiple") and command.flags.get("rating"):
            raise Refusal("A poll is either --multiple or --rating, not both.")
        if not command.args:
            raise Refusal('Write the question and the options in quotes: poll "Question?" "Option A" "Option B"')
        question, *answers = command.args
        choice = PollChoice.SINGLE
        if command.flags.get("multiple"):
            choice = PollChoice.MULTIPLE
        if command.flags.get("rating"):
            choice = PollChoice.RATING
        closes = command.flags.get("closes")
        fields = {
            "question": question,
            "choice": choice,
            "answers": answers,
            "anonymous": not command.flags.get("named"),
            "results": ResultsVisibility.ON_CLOSE if command.flags.get("hidden") else ResultsVisibility.LIVE,
        }
        try:
            if isinstance(closes, str):
                fields["closes_at"] = parse_when(closes, now, self.zone)
            publish = command.flags.get("publish")
            if isinstance(publish, str):
                fields["publish_at"] = parse_when(publish, now, self.zone)
            return QuickPoll.model_validate(fields)
        except ValueError as err:
            raise Refusal(_first_error(err)) from None

    async def publish_all(self, contents: list[Content]) -> list[Topic]:
        """Publish several at once: all of them, or none if one is refused."""
        async with self.store.unit() as unit:
            return [await self.publish(unit, content, self.clock.now()) for content in contents]

    async def publish(self, unit: Unit, content: Content, now: datetime) -> Topic:
        for name in ("publish_at", "opens_at", "closes_at"):  # every way in comes through here
            when = getattr(content, name)
            problem = out_of_range(when, now) if when is not None else None
            if problem:
                raise Refusal(f"{name}: {problem}. Nothing was published.")
        if content.closes_at is not None and content.closes_at <= now:
            raise Refusal(f"Its closing time ({show(content.closes_at, self.zone)}) has already passed.")
        if content.slug:
            existing = await unit.topics.by_slug(content.slug)
            if existing is not None:
                raise Refusal(
                    f"`{content.slug}` is already published as {existing.ref} ({existing.status.value}). "
                    "Give the file a new `slug` to publish it again."
                )
        try:
            topic = await unit.topics.add(content, now)
        except SlugTaken:  # another process published the same slug a moment ago
            raise Refusal(f"`{content.slug}` has just been published by someone else.") from None
        log.info("published %s", topic.ref)
        return topic

    async def close(self, ref: str) -> tuple[Topic, Tally]:
        async with self.store.unit() as unit:
            return await self.close_in(unit, ref, self.clock.now())

    async def close_in(self, unit: Unit, ref: str, now: datetime) -> tuple[Topic, Tally]:
        topic = await self.find(unit, ref)
        if not await unit.topics.close(topic.id, now):
            raise Refusal(f"{topic.ref} is already closed.")
        topic = await unit.topics.get(topic.id)
        log.info("closed %s", topic.ref)
        return topic, await unit.votes.tally(topic)

    async def find(self, unit: Unit, ref: str) -> Topic:
        # A slug wins over a number, so a card called `2026-budget` or `poll-3` is found by its name.
        ref = clean_text(ref).strip()
        topic = await unit.topics.by_slug(ref) if len(ref) <= MAX_SLUG else None  # no slug is longer
        topic_id = parse_ref(ref)
        if topic is None and topic_id is not None:
            topic = await unit.topics.get(topic_id)
        if topic is None:
            shown = ref if len(ref) <= MAX_SLUG else ref[:MAX_SLUG] + "…"
            raise Refusal(f"There is no card or poll {shown!r}. `list` shows the open ones.")
        return topic

    async def topics(self, status: TopicStatus | None = None) -> list[tuple[Topic, Tally]]:
        async with self.store.unit() as unit:
            return [(t, await unit.votes.tally(t)) for t in await unit.topics.list(status)]

    def library(self):
        if self.cards_dir is None:
            return [], []
        return authoring.library(self.cards_dir, self.zone, self.clock.now())

    def authored_content(self, name: str) -> Content:
        """An authored card or poll in CARDS_DIR, named by its slug or its file's name there.

        Never a path: a chat command must not read files elsewhere on the host (the
        command line's `card publish FILE` is for the operator, who owns the host)."""
        name = clean_text(name).strip()
        if not _a_plain_name(name):
            raise Refusal(
                "Name an authored card by its slug or file name, as `authored` lists it "
                "(e.g. `publish send-funding`), not by a path."
            )
        found, broken = self.library()
        for item in found:
            if name in (item.content.slug, item.path.stem, item.path.name):
                return item.content
        for err in broken:
            if name in (Path(err.path).stem, Path(err.path).name):
                raise Refusal(f"That file has problems, so nothing was published:\n{err}")
        raise Refusal(f"There is no authored card or poll called {name[:MAX_SLUG]!r}. `authored` lists them.")


def _a_plain_name(name: str) -> bool:
    """A slug or a file name, with nothing that could lead out of CARDS_DIR."""
    return (
        0 < len(name) <= 255
        and not name.startswith((".", "~"))
        and not any(c in name for c in "/\\:")
        and not Path(name).is_absolute()
        and all(c.isprintable() for c in name)
    )


def _first_error(err: ValueError) -> str:
    errors = getattr(err, "errors", None)
    if callable(errors):
        first = errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        return f"{where}: {message}" if where else message
    return str(err)
