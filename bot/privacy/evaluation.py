"""How well masking does on a labelled set (tests/data/personal_details.jsonl): the share
of details caught per kind, and the share of ordinary words changed in replies that
have no personal details. Used by the tests and by bench/masking.py alike."""

from __future__ import annotations

import difflib
import json
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Words inside a detail that identify no one by themselves ("Mrs", "Academy", "com").
NOT_IDENTIFYING = frozenset(
    """
    mr mrs ms miss dr prof professor sir dame councillor cllr hmi st c of e rc the and
    academy school primary trust college infant junior high grammar community catholic learning education
    federation partnership mat multi ltd plc council county borough diocese services solutions schools
    academies energy partners recruitment catering management
    road street lane avenue close urn urns ukprn company number no charity
    church england
    https http www com org uk co sch net dev mailto at dot facebook groups linkedin docs google
    """.split()
)


@dataclass(frozen=True)
class Record:
    id: str
    text: str
    details: tuple[tuple[str, str], ...]  # (kind, exact text that must not survive)


def load(path: Path) -> list[Record]:
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            details = tuple((d["kind"], d["text"]) for d in raw["details"])
            records.append(Record(raw["id"], raw["text"], details))
    return records


def _tokens(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text)


def ordinary_vocabulary(records: list[Record]) -> frozenset[str]:
    """Words of the replies with no personal details: words policy talk uses ("funding",
    "three", "2025") identify no one, even inside a link or beside a name."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(t.lower() for r in records if not r.details for t in _tokens(r.text)) | STOP_WORDS


def identifying_tokens(detail: str, common: frozenset[str] = frozenset()) -> list[str]:
    return [t for t in _tokens(detail) if len(t) > 1 and t.lower() not in NOT_IDENTIFYING | common]


def caught(detail: str, masked: str, common: frozenset[str] = frozenset()) -> bool:
    """Caught when neither the detail nor any identifying word of it survives: for a
    name, neither the given name nor the surname."""
    if detail in masked:
        return False
    tokens = identifying_tokens(detail, common)
    return not any(re.search(rf"(?<![^\W_]){re.escape(t)}(?![^\W_])", masked, re.IGNORECASE) for t in tokens)


def recall(
    records: list[Record], masked: list[str], common: frozenset[str] = frozenset()
) -> dict[str, tuple[int, int]]:
    """kind -> (caught, total)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for record, out in zip(records, masked, strict=True):
        for kind, detail in record.details:
            counts[kind][1] += 1
            counts[kind][0] += caught(detail, out, common)
    return {kind: (c, t) for kind, (c, t) in sorted(counts.items())}


def missed(records: list[Record], masked: list[str], common: frozenset[str] = frozenset()) -> list[tuple]:
    return [
        (record.id, kind, detail, out)
        for record, out in zip(records, masked, strict=True)
        for kind, detail in record.details
        if not caught(detail, out, common)
    ]


def changed_words(original: str, masked: str) -> tuple[int, int]:
    """(words of the original not kept as they were, words in the original)."""
    before, after = original.split(), masked.split()
    kept = sum(block.size for block in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_matching_blocks())
    return len(before) - kept, len(before)


def over_masking(records: list[Record], masked: list[str]) -> float:
    changed = total = 0
    for record, out in zip(records, masked, strict=True):
        c, t = changed_words(record.text, out)
        changed, total = changed + c, total + t
    return changed / total if total else 0.0


def run(records: list[Record], masker: Callable[[list[str]], list[str]]) -> tuple[dict, float, list]:
    """(recall per kind, over-masking share, details missed) of a masker on a set."""
    personal = [r for r in records if r.details]
    ordinary = [r for r in records if not r.details]
    common = ordinary_vocabulary(records)
    masked_personal = masker([r.text for r in personal])
    masked_ordinary = masker([r.text for r in ordinary])
    return (
        recall(personal, masked_personal, common),
        over_masking(ordinary, masked_ordinary),
        missed(personal, masked_personal, common),
    )
