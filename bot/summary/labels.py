"""Short labels that say what sets a theme apart from the card's other themes.

Class-based TF-IDF: a phrase (one or two adjacent words) scores by the share of the theme's
replies that use it, times how much of its use (per reply) is in this theme rather than the
card's other replies. A label is
the best such phrase used by at least two repliers, never a stock word, a placeholder's word or
a chat word, and not another theme's label; a longer phrase wins when it is nearly as common.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain

import numpy as np
import scipy.sparse as sp

from bot.summary.terms import PLACEHOLDER_WORDS, STOP, Words, stem

LONGER_BONUS = 0.3  # a phrase of two words scores 1.3 times
EXTEND = 0.5  # a label grows into a longer phrase said by this share of the replies that say it


@lru_cache(maxsize=16)
def banned_terms(words: frozenset[str]) -> frozenset[str]:
    """Terms that never name a theme: those of stock phrases, placeholders and chat words."""
    found = set()
    for word in set(words) | PLACEHOLDER_WORDS | STOP:
        word = word.lower()
        found |= {word, stem(word)}
    return frozenset(found)


def _acronym(word: str) -> bool:
    """ "EHCP", "LA", and plurals of acronyms: "CEOs", "MATs"."""
    letters = word[:-1] if word.endswith("s") else word
    return len(letters) > 1 and letters.isupper()


def _display(phrase: tuple[str, ...], members: Sequence[int], replies: Sequence[Words]) -> str:
    """The phrase as members wrote it: the most common spelling; capitals kept only for acronyms
    ("EHCP") and names of things written with one ("Ofsted")."""
    size = len(phrase)
    spellings: Counter = Counter()
    cases: list[Counter] = [Counter() for _ in range(size)]
    for i in members:
        w = replies[i]
        for j in range(len(w.terms) - size + 1):
            if w.terms[j : j + size] == phrase and all(w.joined[j + 1 : j + size]):
                written = w.words[j : j + size]
                spellings[tuple(x.lower() for x in written)] += 1
                for position, x in enumerate(written):
                    cases[position][x] += 1
    if not spellings:
        return " ".join(phrase)
    best = min(spellings.items(), key=lambda item: (-item[1], item[0]))[0]
    out = []
    for position, lower in enumerate(best):
        forms = {form: count for form, count in cases[position].items() if form.lower() == lower}
        total = sum(forms.values())
        upper = sum(c for f, c in forms.items() if _acronym(f))
        title = sum(c for f, c in forms.items() if f[:1].isupper())
        if upper * 2 >= total:
            out.append(max((f for f in forms if _acronym(f)), key=lambda f: (forms[f], f)))
        elif title >= 0.8 * total and total >= 2:
            out.append(lower[:1].upper() + lower[1:])
        else:
            out.append(lower)
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def _longer(phrase: tuple[str, ...], counts: dict, taken: list) -> tuple[str, ...]:
    """A longer phrase around the chosen one when members often say it ("award" → "pay award")."""
    count, exclusive = counts[phrase]
    best, best_count = phrase, 0
    for p, (c, e) in sorted(counts.items()):
        if len(p) <= len(phrase) or p in taken or c < max(4, EXTEND * count) or e < 0.8 * exclusive:
            continue
        inside = any(p[i : i + len(phrase)] == phrase for i in range(len(p) - len(phrase) + 1))
        if inside and c > best_count:
            best, best_count = p, c
    return best


def labels(
    groups: Sequence[Sequence[int]],
    replies: Sequence[Words],
    authors: Sequence[str],
    banned: frozenset[str],
) -> list[str | None]:
    """A label for each group (None where no phrase qualifies), each against all the others."""
    n = len(replies)
    index: defaultdict[str, int] = defaultdict()
    index.default_factory = index.__len__  # a new phrase gets the next column
    found = [reply.phrases() for reply in replies]
    cols = list(map(index.__getitem__, chain.from_iterable(found)))
    rows = np.repeat(np.arange(n), [len(f) for f in found])
    if not index:
        return [None] * len(groups)
    keys = list(index)
    split: dict[int, tuple[str, ...]] = {}

    def phrase_of(j: int) -> tuple[str, ...]:
        if j not in split:
            split[j] = tuple(keys[j].split(" "))
        return split[j]

    present = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(index)))
    by_phrase = present.tocsc()
    everywhere = np.diff(by_phrase.indptr).astype(float)  # each reply says a phrase at most once
    lengths = np.fromiter((k.count(" ") + 1 for k in keys), dtype=np.int64, count=len(keys))
    author_words = {a.lower() for a in authors}
    allowed: dict[int, bool] = {}

    def usable(j: int) -> bool:
        if j not in allowed:
            allowed[j] = not any(t in banned or t in author_words for t in phrase_of(j))
        return allowed[j]

    chosen: list[str | None] = []
    taken: list[tuple[str, ...]] = []
    for members in groups:
        members = list(members)
        size, rest = len(members), n - len(members)
        chosen_rows = np.zeros(n)
        chosen_rows[members] = 1
        inside = by_phrase.T @ chosen_rows  # how many of the theme's replies say each phrase
        share = inside / max(size, 1)
        elsewhere = (everywhere - inside) / rest if rest else np.zeros_like(share)
        exclusive = np.divide(share, share + elsewhere, out=np.zeros_like(share), where=share > 0)
        score = share * exclusive**2 * (1 + LONGER_BONUS * (lengths - 1))
        enough = inside >= (2 if size > 1 else 1)
        enough &= ~((lengths > 1) & (inside < 3) & (size >= 20))  # one shared sentence names no theme
        candidates = np.flatnonzero(enough)
        candidates = candidates[np.lexsort((candidates, -score[candidates]))]
        member_set = set(members)
        repliers = len({authors[i] for i in members})
        need_people = 2 if repliers >= 2 else 1
        counts: dict[tuple[str, ...], tuple[int, float]] = {}
        first = apart = None  # the best phrase; the best sharing no word with a label already given
        for j in candidates[:400]:
            p = phrase_of(j)
            if p in taken or not usable(j):
                continue
            column = by_phrase.indices[by_phrase.indptr[j] : by_phrase.indptr[j + 1]]
            if len({authors[i] for i in column if i in member_set}) < need_people:
                continue
            counts[p] = (int(inside[j]), float(exclusive[j]))
            if first is None:
                first = (score[j], p)
            if not any(set(p) & set(t) for t in taken):
                apart = (score[j], p)
                break
        if first is None:
            chosen.append(None)
            continue
        phrase = apart[1] if apart and apart[0] >= 0.5 * first[0] else first[1]
        if len(phrase) == 1:  # the pairs around it, for _longer
            word = phrase[0]
            for j in np.flatnonzero(enough & (lengths == 2)):
                key = keys[j]
                if (key.startswith(word + " ") or key.endswith(" " + word)) and usable(j):
                    counts[phrase_of(j)] = (int(inside[j]), float(exclusive[j]))
        phrase = _longer(phrase, counts, taken)
        taken.append(phrase)
        chosen.append(_display(phrase, members, replies))
    # Two spellings of one label read as one: keep the first.
    seen: set[str] = set()
    for index_, label in enumerate(chosen):
        if label is not None:
            if label.lower() in seen:
                chosen[index_] = None
            seen.add(label.lower())
    return chosen
