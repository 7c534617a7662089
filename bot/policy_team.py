"""What the policy team decides: publish cards and polls, close them, find them.

Used by the command line and by staff chat commands alike.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError

from bot import authoring
from bot.authoring import AuthoringError
from bot.clock import Clock
from bot.commands import Command
from bot.domain.topics import (
    Content,
    PollChoice,
    QuickPoll,
    ResultsVisibility,
    Tally,
    Topic,
    TopicStatus,
    parse_ref,
)
from bot.errors import Refusal
from bot.when import parse_when, show
from storage import Store, Unit

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
        except IntegrityError:  # another process published the same slug a moment ago
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
        topic = await unit.topics.by_slug(ref.strip())
        topic_id = parse_ref(ref)
        if topic is None and topic_id is not None:
            topic = await unit.topics.get(topic_id)
        if topic is None:
            raise Refusal(f"There is no card or poll {ref!r}. `list` shows the open ones.")
        return topic

    async def topics(self, status: TopicStatus | None = None) -> list[tuple[Topic, Tally]]:
        async with self.store.unit() as unit:
            return [(t, await unit.votes.tally(t)) for t in await unit.topics.list(status)]

    def library(self):
        if self.cards_dir is None:
            return [], []
        return authoring.library(self.cards_dir, self.zone)

    def authored_content(self, name: str) -> Content:
        path = Path(name)
        if path.suffix in authoring.SUFFIXES and path.exists():
            return self._load(path)
        found, broken = self.library()
        for item in found:
            if name in (item.content.slug, item.path.stem, item.path.name):
                return item.content
        for err in broken:
            if Path(err.path).stem == name:
                raise Refusal(f"That file has problems, so nothing was published:\n{err}")
        raise Refusal(f"There is no authored card or poll called {name!r}. `authored` lists them.")

    def _load(self, path: Path) -> Content:
        try:
            return authoring.load(path, self.zone)
        except AuthoringError as err:
            raise Refusal(f"That file has problems, so nothing was published:\n{err}") from None


def _first_error(err: ValueError) -> str:
    errors = getattr(err, "errors", None)
    if callable(errors):
        first = errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        return f"{where}: {message}" if where else message
    return str(err)
