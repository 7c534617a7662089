"""Cutting a reply into sentences before the model reads it.

Sentences are what the model looks at anyway (its context is a few words either side),
and cutting there bounds the work on a 100,000-character reply, lets a batch mix
sentences from many replies, and means only the sentences that changed are read again
when masking checks its own output. Masking never adds or removes a sentence end, so
the masked text cuts into the same sentences: that is what keeps masking idempotent.
"""

from __future__ import annotations

import re

# Longest piece handed to the model in one go: a sentence longer than this (a pasted
# table, a run-on list) is cut at a space.
MAX_SEGMENT = 2000

_END = re.compile(r"(?:[.!?…]+[\"'’”)\]]*[ \t]+|\s*\n\s*)")
# A full stop after these is not a sentence end ("Dr. Eze", "St. Mary's", "e.g. this").
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st prof rev revd cllr fr jr sr no nos vs etc e.g eg i.e ie approx dept govt co inc ltd".split()
)


def _is_boundary(text: str, match: re.Match) -> bool:
    if "\n" in match.group(0) or not match.group(0).startswith("."):
        return True
    word = re.search(r"(\S+)$", text[max(0, match.start() - 40) : match.start()])  # a look back, not a scan
    if word is None:
        return True
    token = word.group(1).lower().lstrip("(\"'‘“")
    # an abbreviation or an initial ("J. Smith") does not end the sentence
    return not (token in _ABBREVIATIONS or re.fullmatch(r"[a-z]", token))


def split(text: str) -> list[str]:
    """Pieces that join back into text exactly, each a sentence with the space after it."""
    pieces: list[str] = []
    start = 0
    for match in _END.finditer(text):
        if _is_boundary(text, match):
            pieces.append(text[start : match.end()])
            start = match.end()
    if start < len(text):
        pieces.append(text[start:])
    return [cut for piece in pieces for cut in _cap(piece)]


def _cap(piece: str) -> list[str]:
    out = []
    while len(piece) > MAX_SEGMENT:
        cut = piece.rfind(" ", 0, MAX_SEGMENT)
        cut = cut + 1 if cut > MAX_SEGMENT // 2 else MAX_SEGMENT
        out.append(piece[:cut])
        piece = piece[cut:]
    if piece:
        out.append(piece)
    return out
