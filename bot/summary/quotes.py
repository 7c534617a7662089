"""Quotes as whole sentences: a long reply is cut at the end of a sentence, not mid-word."""

from __future__ import annotations

import re

QUOTE_LENGTH = 280
# A sentence ends at . ! ? or … (closing quotes or brackets may follow), then a space and a new start.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9£$€])|\n\s*")


def sentences(text: str) -> list[str]:
    parts, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        parts.append(text[start : match.end()].strip())
        start = match.end()
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def quote(text: str, limit: int = QUOTE_LENGTH) -> str:
    """The reply if it is short enough; else as many whole sentences as fit in `limit` characters;
    else (one first sentence longer than that) the first sentence cut at a word, with "…"."""
    text = text.strip()
    flat = re.sub(r"\s+", " ", text)
    if len(flat) <= limit:
        return flat
    kept = ""
    for sentence in sentences(text):
        sentence = re.sub(r"\s+", " ", sentence)
        candidate = f"{kept} {sentence}" if kept else sentence
        if len(candidate) > limit:
            break
        kept = candidate
    if kept:
        return kept
    cut = flat[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"
