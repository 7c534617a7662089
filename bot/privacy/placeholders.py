"""What each kind of detail becomes: a short phrase in brackets, so a quote still reads
("our head, [a person], said…") and masking the masked text changes nothing."""

from __future__ import annotations

import re

# Presidio entity names used by our recognisers -> the words that replace them.
PLACEHOLDERS: dict[str, str] = {
    "PERSON": "[a person]",
    "SCHOOL": "[a school]",
    "TRUST": "[a trust]",
    "ORGANISATION": "[an organisation]",
    "PLACE": "[a place]",
    "LINK": "[link]",
    "EMAIL": "[email]",
    "PHONE": "[phone]",
    "ID": "[an id]",
    "HANDLE": "[a handle]",
}

# The kinds whose spans come from language (a model or a word list) rather than from a
# fixed format; they give way to the format-based kinds where the two overlap.
NAME_LIKE = frozenset({"PERSON", "SCHOOL", "TRUST", "ORGANISATION"})

PLACEHOLDER_RE = re.compile("|".join(re.escape(p) for p in sorted(set(PLACEHOLDERS.values()), key=len, reverse=True)))


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    """Where placeholders already stand: nothing is ever detected inside one."""
    return [m.span() for m in PLACEHOLDER_RE.finditer(text)]
