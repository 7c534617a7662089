"""The id a card's answer button carries, the same on every platform: `vote:<topic>:<option>`.

The button's state is its id, so a click works after a restart and on a post another process
made. Reading one back takes ASCII digits only, and few of them: "vote:١:٢" or a 400-digit
number names no topic.
"""

from __future__ import annotations

import re

from bot.domain.topics import MAX_ID

PREFIX = "vote"
# As a regular expression (Discord's DynamicItem matches custom ids with one).
PATTERN = rf"{PREFIX}:(?P<topic>[0-9]{{1,10}}):(?P<option>[0-9]{{1,2}})"
_ID = re.compile(PATTERN)


def vote_id(topic_id: int, option: int) -> str:
    return f"{PREFIX}:{topic_id}:{option}"


def topic_prefix(topic_id: int) -> str:
    """What every answer button of one topic starts with."""
    return f"{PREFIX}:{topic_id}:"


def read_vote_id(text: str) -> tuple[int, int] | None:
    """(topic id, option) from a button's id, or None if it is not one of ours."""
    found = _ID.fullmatch(text) if isinstance(text, str) and text.isascii() else None
    if found is None or int(found["topic"]) > MAX_ID:
        return None
    return int(found["topic"]), int(found["option"])
