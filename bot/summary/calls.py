"""Reading a result: do members agree, are they split, or is the signal too weak to say?"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

MIN_RESPONSES = 10  # below this, say the signal is weak rather than claim anything
CLEAR_MAJORITY = 0.6  # the leading answer's share of voters that counts as "members agree"


class Call(StrEnum):
    AGREE = "agree"
    SPLIT = "split"
    WEAK = "weak"


@dataclass(frozen=True, slots=True)
class Reading:
    call: Call
    leading: str | None  # the answer most chose
    share: float  # its share of voters
    sentence: str


def read(options: tuple[str, ...], counts: tuple[int, ...], voters: int) -> Reading:
    if voters < MIN_RESPONSES:
        return Reading(Call.WEAK, None, 0.0, f"Too few responses to say (n = {voters}).")
    top = max(range(len(counts)), key=lambda i: (counts[i], -i))
    share = counts[top] / voters
    if share >= CLEAR_MAJORITY:
        return Reading(
            Call.AGREE,
            options[top],
            share,
            f"Members agree: {round(100 * share)}% chose “{options[top]}” (n = {voters}).",
        )
    ranked = sorted(range(len(counts)), key=lambda i: (-counts[i], i))[:2]
    if len(ranked) < 2:
        return Reading(Call.SPLIT, options[top], share, f"{round(100 * share)}% chose “{options[top]}” (n = {voters}).")
    first, second = ranked[0], ranked[1]
    return Reading(
        Call.SPLIT,
        options[top],
        share,
        f"Members are split: {round(100 * counts[first] / voters)}% “{options[first]}”, "
        f"{round(100 * counts[second] / voters)}% “{options[second]}” (n = {voters}).",
    )
