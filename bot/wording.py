"""Words for numbers, written once for every renderer: plurals, signs, shares, lists."""

from __future__ import annotations

_PLURALS = {"reply": "replies", "person": "people", "was": "were"}


def plural(n: int, word: str, many: str | None = None) -> str:
    """`1 reply`, `2 replies`, `0 ideas`."""
    return f"{n:,} {word if n == 1 else many or _PLURALS.get(word, word + 's')}"


# Shares are fractions of whole counts: 29/200 is 14.499999… in floating point, but reads 15%.
_EXACT = 1e-9


def percent(share: float) -> str:
    """A share as a whole percentage, rounded half up (not to even: 12.5% reads 13%)."""
    return f"{whole(share)}%"


def whole(share: float) -> int:
    return int(100 * share + 0.5 + _EXACT)


def points(change: int) -> str:
    """`up 4 points`, `down 1 point`, `no change`."""
    if change == 0:
        return "no change"
    return f"{'up' if change > 0 else 'down'} {plural(abs(change), 'point')}"


def difference(now: int, before: int) -> str:
    """A count beside the one before it: `5 more`, `1 fewer`, `no change`."""
    change = now - before
    if change == 0:
        return "no change"
    return f"{abs(change):,} {'more' if change > 0 else 'fewer'}"


def quoted_list(items: list[str]) -> str:
    """`“A”`, `“A” and “B”`, `“A”, “B” and “C”`."""
    quoted = [f"“{item}”" for item in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def sentence(text: str) -> str:
    """End with one full stop, whatever the text ended with ("Which topics?" stays as it is)."""
    text = text.rstrip()
    return text if text[-1:] in {".", "!", "?", "…"} else text + "."
