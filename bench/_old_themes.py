"""BASELINE for bench.themes: a frozen copy of bot/summary/themes.py before the rewrite.

What members said, grouped into themes: TF-IDF (1-2 word terms) and NMF, per card.

Offline and deterministic: the same replies give the same themes, with no model to
download. Stock openers and sign-offs ("thanks for asking", "happy to discuss") are
stripped first: left in, they become the strongest "theme" of every card.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass

from bench._old_anonymise import anonymise

QUOTES = 3
QUOTE_LENGTH = 280
MIN_FOR_THEMES = 6  # fewer replies than this are shown together, not split into themes
# Words of agreeing and chatting, common to every thread: they name no theme.
CHAT_WORDS = frozenset(
    "agree agreed disagree partly think really just want wants don doesn didn isn sure yes ask asked like need "
    "needs make makes good great thing things way lot lots point say said know feel going get got actually "
    "definitely probably maybe bit quite one would could should also still even much many well "
    "someone email phone link".split()
)

_STOCK = re.compile(
    r"\b(?:many\s+)?thanks?(?:\s+you)?"
    r"(?:\s+(?:for|so much for)\s+(?:asking|sharing|this|the\s+\w+|posting|raising\s+this))?[.!,]*"
    r"|\bthank\s+you\b[.!,]*|\bhappy\s+to\s+(?:discuss|talk|help|chat)(?:\s+further|\s+more)?[.!,]*"
    r"|\bgreat\s+(?:question|card|post)[.!,]*|\bhope\s+(?:this|that)\s+helps[.!,]*|\bjust\s+my\s+two\s+cents[.!,]*"
    r"|\b(?:cheers|best\s+wishes|kind\s+regards|regards)[.!,]*|\bgood\s+(?:morning|afternoon)(?:\s+all)?[.!,]*"
    r"|\binteresting\s+(?:one|question)[.!,]*",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Theme:
    label: str
    replies: int
    quotes: tuple[str, ...]


def strip_stock(text: str) -> str:
    return re.sub(r"\s+", " ", _STOCK.sub(" ", text)).strip()


def quote(text: str) -> str:
    text = anonymise(re.sub(r"\s+", " ", text).strip())
    return text if len(text) <= QUOTE_LENGTH else text[: QUOTE_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def themes(replies: list[str]) -> list[Theme]:
    """Themes of a card's replies, largest first."""
    texts = [t for t in replies if t and t.strip()]
    if not texts:
        return []
    cleaned = [strip_stock(anonymise(t)) for t in texts]  # labels come from these words: no one's details
    if len(texts) < MIN_FOR_THEMES:
        return [Theme("All replies", len(texts), tuple(quote(t) for t in texts[:QUOTES]))]

    from sklearn.decomposition import NMF  # imported here: only summaries need it
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    vectoriser = TfidfVectorizer(
        ngram_range=(1, 2),
        stop_words=sorted(ENGLISH_STOP_WORDS | CHAT_WORDS),
        min_df=2 if len(texts) >= 20 else 1,
        max_df=0.9,
        sublinear_tf=True,
        token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z-]{2,}\b",
    )
    try:
        matrix = vectoriser.fit_transform(cleaned)
    except ValueError:  # nothing but stop words
        return [Theme("All replies", len(texts), tuple(quote(t) for t in texts[:QUOTES]))]
    terms = vectoriser.get_feature_names_out()
    if matrix.shape[1] < 2:  # one word in all: nothing to tell apart
        return [Theme("All replies", len(texts), tuple(quote(t) for t in texts[:QUOTES]))]
    k = max(2, min(6, round(math.sqrt(len(texts) / 2)), matrix.shape[1] - 1, len(texts) - 1))
    k = min(k, matrix.shape[1], len(texts))
    model = NMF(n_components=k, init="nndsvda", random_state=0, max_iter=500)
    with warnings.catch_warnings():  # near-identical replies make NMF grumble; the grouping still holds
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        weights = model.fit_transform(matrix)
    found: list[Theme] = []
    for component in range(k):
        members = [i for i in range(len(texts)) if weights[i].max() > 0 and weights[i].argmax() == component]
        if not members:
            continue
        members.sort(key=lambda i: (-weights[i, component], i))
        found.append(
            Theme(
                _label(model.components_[component], terms),
                len(members),
                tuple(quote(texts[i]) for i in members[:QUOTES]),
            )
        )
    unplaced = [i for i in range(len(texts)) if weights[i].max() <= 0]
    if unplaced:
        found.append(Theme("Other", len(unplaced), tuple(quote(texts[i]) for i in unplaced[:QUOTES])))
    return sorted(found, key=lambda t: (-t.replies, t.label))


def _label(component, terms) -> str:
    """The component's strongest terms, a two-word term first if it leads, without repeats."""
    picked: list[str] = []
    for index in component.argsort()[::-1]:
        term = terms[index]
        if set(term.split()) & {w for p in picked for w in p.split()}:
            continue  # "flexible working" then not "working": each word once
        picked.append(term)
        if len(picked) == 3:
            break
    return " / ".join(picked).capitalize()


def assign(replies: list[str]) -> list[int]:
    """Added for bench.themes: the theme index themes() would put each reply in (-1: "Other"),
    by the same steps as above, unchanged."""
    texts = list(replies)
    cleaned = [strip_stock(anonymise(t)) for t in texts]
    if len(texts) < MIN_FOR_THEMES:
        return [0] * len(texts)
    from sklearn.decomposition import NMF
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    vectoriser = TfidfVectorizer(
        ngram_range=(1, 2),
        stop_words=sorted(ENGLISH_STOP_WORDS | CHAT_WORDS),
        min_df=2 if len(texts) >= 20 else 1,
        max_df=0.9,
        sublinear_tf=True,
        token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z-]{2,}\b",
    )
    try:
        matrix = vectoriser.fit_transform(cleaned)
    except ValueError:
        return [0] * len(texts)
    if matrix.shape[1] < 2:
        return [0] * len(texts)
    k = max(2, min(6, round(math.sqrt(len(texts) / 2)), matrix.shape[1] - 1, len(texts) - 1))
    k = min(k, matrix.shape[1], len(texts))
    model = NMF(n_components=k, init="nndsvda", random_state=0, max_iter=500)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        weights = model.fit_transform(matrix)
    return [int(w.argmax()) if w.max() > 0 else -1 for w in weights]
