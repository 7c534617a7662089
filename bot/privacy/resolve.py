"""From what the recognisers found to what gets masked.

Formats (emails, links, phone numbers, ids, handles, postcodes) are certain and come
first. Names of people and bodies come next, patterns before the word list before the
model, each losing whatever part of it is already taken. Name-like spans lose the
sentence words at their edges ("the", "Ofsted and"), and go if nothing in them could
identify anyone ("Our MAT", "Department for Education", "NFF").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from presidio_analyzer import RecognizerResult

from bot.privacy.placeholders import NAME_LIKE, placeholder_spans
from bot.privacy.recognisers import (
    GAZETTEER_RECOGNISER,
    PATTERN_NAME_RECOGNISERS,
    STOPWORDS,
    has_organisation_word,
    is_plain_word,
    organisation_kind,
)
from bot.privacy.vocabulary import ACRONYM, GENERIC_WORDS, protected_spans

# What the spaCy recogniser reports (see engine.py's label mapping).
MODEL_ENTITIES = frozenset({"PERSON", "ORGANIZATION", "FACILITY"})
_EDGE = " \t\r\n,.;:!?()[]{}\"'“”‘’—–-*_/\\|"


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int
    kind: str  # a key of placeholders.PLACEHOLDERS


def _subtract(start: int, end: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    pieces = [(start, end)]
    for t_start, t_end in taken:
        next_pieces = []
        for s, e in pieces:
            if t_end <= s or t_start >= e:
                next_pieces.append((s, e))
                continue
            if s < t_start:
                next_pieces.append((s, t_start))
            if t_end < e:
                next_pieces.append((t_end, e))
        pieces = next_pieces
    return pieces


def _within(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _strip_edges(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    possessive = re.search(r"['’]s$", text[start:end])
    if possessive:
        end -= 2
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def _trim_sentence_words(text: str, start: int, end: int, protected: list[tuple[int, int]]) -> tuple[int, int]:
    """Drop words at either edge that are not part of a name: "the", "Ofsted", "HMI"."""
    while start < end:
        words = list(re.finditer(r"\S+", text[start:end]))
        if not words:
            return start, start
        first, last = words[0], words[-1]
        f_s, f_e = start + first.start(), start + first.end()
        l_s, l_e = start + last.start(), start + last.end()
        if _plain(text[f_s:f_e]) or _within(f_s, f_e, protected):
            start = f_e
        elif _plain(text[l_s:l_e]) or _within(l_s, l_e, protected):
            end = l_s
        else:
            break
        start, end = _strip_edges(text, start, end)
    return start, end


def _plain(word: str) -> bool:
    word = word.strip(_EDGE)
    if word in {"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Sir", "Dame", "Cllr"}:
        return False  # a title stays with the name it comes with
    return not word or is_plain_word(word)


def _identifies(words: str, *, model: bool) -> bool:
    """Whether any word could point at someone. A place word counts in a pattern match
    ("Leeds City Council"), not in the model's guesses; policy acronyms never do."""
    tokens = [re.sub(r"^['’]?s$|['’]s$", "", t.strip(_EDGE)) for t in words.split()]
    tokens = [t for t in tokens if len(t) > 1]
    if model:
        distinctive = [t for t in tokens if not is_plain_word(t)]
        return any(not ACRONYM.match(t) for t in distinctive)
    return any(t.lower() not in STOPWORDS and t.lower() not in GENERIC_WORDS for t in tokens)


def _lone_first_word(text: str, start: int, end: int) -> bool:
    words = [w for w in re.finditer(r"\S+", text[start:end]) if any(c.isalnum() for c in w.group(0))]
    if len(words) != 1 or has_organisation_word(words[0].group(0)) or not words[0].group(0)[1:].islower():
        return False
    before = text[: start + words[0].start()].rstrip()
    return not before or not (before[-1].isalnum() or before[-1] in ",&-'’(")


def _touches(text: str, start: int, end: int, other: tuple[int, int]) -> bool:
    gap = text[end : other[0]] if end <= other[0] else text[other[1] : start]
    return gap.strip(_EDGE) == ""


def _rank(result: RecognizerResult) -> int:
    name = (result.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY, "")
    if name in PATTERN_NAME_RECOGNISERS:
        return 0
    return 1 if name == GAZETTEER_RECOGNISER else 2


def resolve(text: str, results: list[RecognizerResult]) -> list[Span]:
    placeholders = placeholder_spans(text)
    protected = protected_spans(text)
    spans: list[Span] = []
    taken: list[tuple[int, int]] = list(placeholders)

    formats = [r for r in results if r.entity_type not in NAME_LIKE and r.entity_type not in MODEL_ENTITIES]
    for r in sorted(formats, key=lambda r: (-(r.end - r.start), -r.score, r.start)):
        if any(not (e <= r.start or s >= r.end) for s, e in taken):
            continue
        spans.append(Span(r.start, r.end, r.entity_type))
        taken.append((r.start, r.end))
    format_spans = [(s.start, s.end) for s in spans]

    names = [r for r in results if r.entity_type in NAME_LIKE or r.entity_type in MODEL_ENTITIES]
    for r in sorted(names, key=lambda r: (_rank(r), -(r.end - r.start), -r.score, r.start)):
        model = _rank(r) == 2
        kind = r.entity_type
        if kind in ("ORGANIZATION", "FACILITY"):
            if kind == "FACILITY" and not has_organisation_word(text[r.start : r.end]):
                continue  # a building or a road, not a body
            if model and _lone_first_word(text, r.start, r.end):
                continue  # "Workload is the missing word": a capital that only starts the sentence
            kind = organisation_kind(text[r.start : r.end])
        formats_inside = [(s, e) for s, e in format_spans if not (e <= r.start or s >= r.end)]
        for start, end in _subtract(r.start, r.end, taken):
            if _rank(r) > 0 and any(_touches(text, start, end, f) for f in formats_inside):
                continue  # "Email" in the model's "Email sarah@…": the address confused it
            start, end = _strip_edges(text, start, end)
            if _rank(r) > 0:
                start, end = _trim_sentence_words(text, start, end, protected)
            if end <= start or _within(start, end, protected):
                continue
            if not _identifies(text[start:end], model=model):
                continue
            spans.append(Span(start, end, kind))
            taken.append((start, end))
    return _merge_neighbours(text, sorted(spans))


def _merge_neighbours(text: str, spans: list[Span]) -> list[Span]:
    """Two finds side by side read as one: "Sarah" from one recogniser, "Jones" from another."""
    merged: list[Span] = []
    for span in spans:
        if (
            merged
            and span.kind == merged[-1].kind
            and span.kind in NAME_LIKE
            and text[merged[-1].end : span.start].strip() == ""
        ):
            merged[-1] = Span(merged[-1].start, span.end, span.kind)
        else:
            merged.append(span)
    return merged
