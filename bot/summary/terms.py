"""The words of a reply that can tell its theme: lower case, lightly stemmed, without stop words,
chat words, placeholders left by the masking, or links.

One pass per reply gives its terms (stems), the words as written and whether each term follows
the one before it directly (so "EHCP delays" can name a theme, "delays assessment" cannot).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import compress

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from bot.summary.stock import LINK, PLACEHOLDER

# Words of agreeing, chatting and talking about the card itself: common to every thread, no theme.
CHAT_WORDS = frozenset(
    "agree agreed agreeing disagree disagreed partly think thinking really just want wants sure yes yeah like "
    "need make makes good great thing things way lot lots point say said says know feel going get gets got "
    "actually definitely probably maybe bit quite one would could should also still even much many well "
    "card cards thread post reply replies comment comments question hi hello thanks thank cheers ok okay "
    "absolutely totally completely exactly simply honestly basically strongly fully tell tells told telling ask "
    "asks asked seem seems seemed find finds found keep keeps kept put puts take takes taken took come comes came "
    "give gives gave try tried look looks looked let lets".split()
)
# The words of the masking's placeholders ("[a school]", "[link]"): never a term, never a label.
PLACEHOLDER_WORDS = frozenset(
    "person people persons someone school schools trust trusts organisation organisations organization "
    "organizations place places link links email emails phone phones id ids handle handles".split()
)
STOP = frozenset(ENGLISH_STOP_WORDS) | CHAT_WORDS
# Words (a hyphen or a space keeps two words together: "high-needs"), and what breaks a phrase.
_TOKEN = re.compile(r"[^\W\d_](?:[\w'’]*[^\W_])?|[^\w\s\-–—/]+|\w+")
_SUFFIXES = (
    ("ational", "ate"),
    ("ization", "ize"),
    ("isation", "ise"),
    ("ations", "ate"),
    ("ation", "ate"),
    ("nesses", ""),
    ("ness", ""),
    ("ments", ""),
    ("ment", ""),
    ("ings", ""),
    ("ing", ""),
    ("edly", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("ed", ""),
)
_STEMS: dict[str, str] = {}
_BY_LAST: dict[str, tuple[tuple[str, str], ...]] = {}
for _suffix, _replacement in _SUFFIXES:
    _BY_LAST[_suffix[-1]] = (*_BY_LAST.get(_suffix[-1], ()), (_suffix, _replacement))


def stem(word: str) -> str:
    """A light English stemmer: plurals and common endings ("delays", "delayed" → "delay")."""
    for suffix, replacement in _BY_LAST.get(word[-1:], ()):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: len(word) - len(suffix)] + replacement
            break
    else:
        if word.endswith(("er", "ers")):
            base = word[: -2 if word.endswith("er") else -3]
            if len(base) >= 4 and base[-1] not in "aeiouy":
                return base  # "teachers", "leader" → "teach", "lead"; not "career", "never"
        if word.endswith(("sses", "xes", "ches", "shes", "zes")) and len(word) > 5:
            word = word[:-2]
        elif word.endswith("s") and not word.endswith(("ss", "us", "is", "'s")) and len(word) > 3:
            word = word[:-1]
    if word.endswith("'s"):
        word = word[:-2]
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def _key(token: str) -> str:
    """A word's term, or "" for a word that names no theme."""
    bare = token.strip("'’").replace("’", "'")
    if bare.endswith("'s"):
        bare = bare[:-2]
    if len(bare) in (3, 4) and bare[-1] == "s" and bare[:-1].isupper():
        bare = bare[:-1]  # "TAs", "EPs", "MATs"
    bare = bare.lower()
    if len(bare) < 2 or "'" in bare or bare in STOP or bare in PLACEHOLDER_WORDS:
        return ""  # contractions ("don't", "we've") are all function words
    term = stem(bare)
    return "" if term in PLACEHOLDER_WORDS else term


@dataclass(frozen=True, slots=True)
class Words:
    """A reply's terms in order; `words` as written; `joined[i]`: term i follows term i-1 directly."""

    terms: tuple[str, ...]
    words: tuple[str, ...]
    joined: tuple[bool, ...]

    def features(self) -> list[str]:
        """Terms and two-term pairs, for counting (pairs across a stop word too, as TF-IDF usually does)."""
        t = self.terms
        return [*t, *(f"{a} {b}" for a, b in zip(t, t[1:], strict=False))]

    def phrases(self) -> set[str]:
        """Each term, and each pair of adjacent terms ("high need"), once: what a label can be."""
        t = self.terms
        return {*t, *(f"{a} {b}" for a, b, j in zip(t, t[1:], self.joined[1:], strict=False) if j)}


def words(text: str) -> Words:
    if "[" in text or "http" in text or "www." in text:
        text = LINK.sub(" . ", PLACEHOLDER.sub(" . ", text))
    tokens = _TOKEN.findall(text)
    known = _STEMS
    if len(known) > 500_000:  # a bounded cache: the words of a few weeks
        known.clear()
    for token in set(tokens).difference(known):
        # punctuation and numbers break a phrase, and so do stop words ("wait for a plan": no "wait plan")
        known[token] = _key(token) if token[0].isalpha() else ""
    mapped = list(map(known.__getitem__, tokens))
    before = ["", *mapped[:-1]]
    return Words(
        tuple(compress(mapped, mapped)), tuple(compress(tokens, mapped)), tuple(map(bool, compress(before, mapped)))
    )
