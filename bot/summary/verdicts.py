"""Reading a result: what the numbers say, in one sentence every renderer shows as it is.

The rules (the README's "How a result is read" says the same):
- Fewer than 10 responses: the signal is weak; said with n, and nothing is called.
- An agreement scale (answers that say "agree" and "disagree"): report the sides, "agree at
  least partly", "disagree", "not sure". A side with 60% or more carries the call; "split"
  only when both sides have 30% or more and neither has 60%; equal sides are a tie.
- Other single-choice answers: one answer with 60% or more is the call; answers sharing the
  top count are tied; two answers each with 30% or more are a split; otherwise one leads.
- A rating (1-5): mean, median and the share rating 4-5 (high at 60% or more), or 1-2 (low).
- Choose-any: each answer's share of respondents (they add up to more than 100%), said so.
Every leading share carries its 95% interval (Wilson's), so a strong claim can be told from
a best bet. Shares are of the people who answered, rounded half up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from bot.wording import percent, plural, quoted_list

MIN_RESPONSES = 10  # below this the signal is weak: say so rather than claim anything
MAJORITY = 0.6  # a side or answer with this share of respondents carries the call
SUBSTANTIAL = 0.3  # both sides at least this large, and neither a majority: a split
Z95 = 1.959964


class Call(StrEnum):
    WEAK = "weak"
    AGREE = "agree"
    DISAGREE = "disagree"
    UNSURE = "unsure"
    SPLIT = "split"
    TIE = "tie"
    LEANS = "leans"
    CLEAR = "clear"
    HIGH = "rated high"
    LOW = "rated low"
    MIXED = "mixed"
    SEVERAL = "several"


@dataclass(frozen=True, slots=True)
class Interval:
    low: float
    high: float

    def __str__(self) -> str:
        # Rounded outwards, so the printed interval never claims more certainty than there is.
        return f"95% interval {math.floor(100 * self.low)}–{math.ceil(100 * self.high)}%"


@dataclass(frozen=True, slots=True)
class Verdict:
    call: Call
    sentence: str
    leading: str | None = None  # the side or answer the call is about
    share: float | None = None  # its share of respondents
    interval: Interval | None = None
    mean: float | None = None  # ratings only
    median: float | None = None


def wilson(successes: int, n: int) -> Interval:
    """The 95% Wilson score interval for a share: sound at small n and near 0 or 1."""
    if n == 0:
        return Interval(0.0, 1.0)
    p = successes / n
    centre = (p + Z95**2 / (2 * n)) / (1 + Z95**2 / n)
    spread = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n * n)) / (1 + Z95**2 / n)
    return Interval(max(0.0, round(centre - spread, 12)), min(1.0, round(centre + spread, 12)))


def read(options: tuple[str, ...], counts: tuple[int, ...], voters: int, *, kind: str) -> Verdict:
    """`kind`: "single", "multiple" or "rating" (a card's scale is "single")."""
    if kind == "rating":
        return _rating(counts, voters)
    if kind == "multiple":
        return _several(options, counts, voters)
    sides = agreement_sides(options)
    if sides is not None:
        return _agreement(sides, counts, voters)
    return _single(options, counts, voters)


def agreement_sides(options: tuple[str, ...]) -> tuple[list[int], list[int], list[int]] | None:
    """(agree, disagree, neither) option indexes, if the answers are an agreement scale."""
    agree, disagree, neither = [], [], []
    for i, option in enumerate(options):
        words = option.casefold()
        if any(w in words for w in ("neither", " nor ", "not sure", "unsure", "don't know", "no view")):
            neither.append(i)  # "Neither agree nor disagree" is on no side
        elif "disagree" in words:
            disagree.append(i)
        elif "agree" in words:
            agree.append(i)
        else:
            neither.append(i)
    return (agree, disagree, neither) if agree and disagree else None


def _weak(voters: int, detail: str = "") -> Verdict:
    return Verdict(Call.WEAK, f"Too few responses to call (n = {voters}){': ' + detail if detail else ''}.")


def _share(count: int, voters: int) -> float:
    return count / voters if voters else 0.0


def _agreement(sides, counts: tuple[int, ...], voters: int) -> Verdict:
    agree_at, disagree_at, neither_at = sides
    partial = len(agree_at) > 1  # "Agree" and "Partly agree" together
    agree_name = "agree at least partly" if partial else "agree"
    a, d, u = (sum(counts[i] for i in side) for side in (agree_at, disagree_at, neither_at))
    named = [(agree_name, a), ("disagree", d)] + ([("not sure", u)] if neither_at else [])

    def others(*leaving: str) -> str:
        return ", ".join(f"{name} {percent(_share(c, voters))}" for name, c in named if name not in leaving)

    if voters < MIN_RESPONSES:
        return _weak(voters, others())
    n = f"(n = {voters})"
    majorities = (
        (Call.AGREE, "Members agree, at least partly" if partial else "Members agree", agree_name, a),
        (Call.DISAGREE, "Members disagree", "disagree", d),
        (Call.UNSURE, "Most members are not sure", "not sure", u),
    )
    for call, head, name, count in majorities:
        if _share(count, voters) >= MAJORITY:
            interval = wilson(count, voters)
            sentence = f"{head}: {percent(_share(count, voters))} ({interval}); {others(name)} {n}."
            return Verdict(call, sentence, name, _share(count, voters), interval)
    if a == d:
        return Verdict(
            Call.TIE, f"Members are evenly divided: {others()} {n}.", None, _share(a, voters), wilson(a, voters)
        )
    (lead_name, lead), (other_name, other) = sorted(named[:2], key=lambda side: -side[1])
    share, interval = _share(lead, voters), wilson(lead, voters)
    unsure = f"; {others(lead_name, other_name)}" if neither_at else ""
    if _share(a, voters) >= SUBSTANTIAL and _share(d, voters) >= SUBSTANTIAL:
        sentence = f"Members are split: {lead_name} {percent(share)} ({interval}), {others(lead_name)} {n}."
        return Verdict(Call.SPLIT, sentence, lead_name, share, interval)
    sentence = (
        f"No majority either way; more {lead_name} ({percent(share)}, {interval}) than "
        f"{other_name} ({percent(_share(other, voters))}){unsure} {n}."
    )
    return Verdict(Call.LEANS, sentence, lead_name, share, interval)


def _ranked(counts: tuple[int, ...]) -> list[int]:
    return sorted(range(len(counts)), key=lambda i: (-counts[i], i))


def _single(options: tuple[str, ...], counts: tuple[int, ...], voters: int) -> Verdict:
    if voters < MIN_RESPONSES:
        return _weak(voters)
    ranked = _ranked(counts)
    top = ranked[0]
    share = _share(counts[top], voters)
    interval = wilson(counts[top], voters)
    n = f"(n = {voters})"
    tied = [i for i in ranked if counts[i] == counts[top]]
    if len(tied) > 1:
        names = quoted_list([options[i] for i in tied])
        return Verdict(Call.TIE, f"Tied: {names}, {percent(share)} each {n}.", None, share, interval)
    if share >= MAJORITY:
        return Verdict(
            Call.CLEAR,
            f"Most chose “{options[top]}”: {percent(share)} ({interval}) {n}.",
            options[top],
            share,
            interval,
        )
    second = ranked[1] if len(ranked) > 1 else None
    if second is not None and _share(counts[second], voters) >= SUBSTANTIAL:
        return Verdict(
            Call.SPLIT,
            f"Members are split between “{options[top]}” ({percent(share)}, {interval}) and "
            f"“{options[second]}” ({percent(_share(counts[second], voters))}) {n}.",
            options[top],
            share,
            interval,
        )
    then = f", then “{options[second]}” {percent(_share(counts[second], voters))}" if second is not None else ""
    return Verdict(
        Call.LEANS,
        f"No majority: “{options[top]}” leads with {percent(share)} ({interval}){then} {n}.",
        options[top],
        share,
        interval,
    )


def _rating(counts: tuple[int, ...], voters: int) -> Verdict:
    total = sum(counts)
    if total == 0:
        return _weak(voters)
    mean = sum((i + 1) * c for i, c in enumerate(counts)) / total
    median = _median(counts)
    high, low = sum(counts[3:]), sum(counts[:2])
    figures = f"mean {mean:.1f} out of 5, median {median:g}"
    if voters < MIN_RESPONSES:
        verdict = _weak(voters, figures)
        return Verdict(verdict.call, verdict.sentence, mean=mean, median=median)
    sh, sl = _share(high, voters), _share(low, voters)
    n = f"(n = {voters})"
    if sh >= MAJORITY:
        interval = wilson(high, voters)
        sentence = f"Rated high: {percent(sh)} rated 4–5 ({interval}); {figures}; {percent(sl)} rated 1–2 {n}."
        return Verdict(Call.HIGH, sentence, "4–5", sh, interval, mean, median)
    if sl >= MAJORITY:
        interval = wilson(low, voters)
        sentence = f"Rated low: {percent(sl)} rated 1–2 ({interval}); {figures}; {percent(sh)} rated 4–5 {n}."
        return Verdict(Call.LOW, sentence, "1–2", sl, interval, mean, median)
    interval = wilson(high, voters)
    sentence = f"Mixed ratings: {figures}; {percent(sh)} rated 4–5 ({interval}), {percent(sl)} rated 1–2 {n}."
    return Verdict(Call.MIXED, sentence, "4–5", sh, interval, mean, median)


def _median(counts: tuple[int, ...]) -> float:
    total = sum(counts)
    values = []
    for wanted in sorted({(total - 1) // 2, total // 2}):
        seen = 0
        for i, c in enumerate(counts):
            seen += c
            if seen > wanted:
                values.append(i + 1)
                break
    return sum(values) / len(values)


def _several(options: tuple[str, ...], counts: tuple[int, ...], voters: int) -> Verdict:
    choices = sum(counts)
    note = f"People could choose several answers: {plural(choices, 'choice')} from {plural(voters, 'respondent')}"
    if voters < MIN_RESPONSES:
        return Verdict(Call.WEAK, f"Too few responses to call (n = {voters}). {note}.")
    note += f" (n = {voters})" + (", so the shares add up to more than 100%" if choices > voters else "")
    ranked = _ranked(counts)
    top = ranked[0]
    share = _share(counts[top], voters)
    interval = wilson(counts[top], voters)
    tied = [i for i in ranked if counts[i] == counts[top]]
    if len(tied) > 1:
        lead = f"Most chosen, tied: {quoted_list([options[i] for i in tied])}, each by {percent(share)}"
        leading = None
    else:
        lead = f"Most chosen: “{options[top]}”, by {percent(share)} of respondents ({interval})"
        leading = options[top]
    return Verdict(Call.SEVERAL, f"{lead}. {note}.", leading, share, interval)
