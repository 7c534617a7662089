"""What our Presidio recognisers share: a recogniser built from a regular expression (and an
optional function that trims or rejects each match), and the word tests they all use."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from presidio_analyzer import LocalRecognizer, RecognizerResult

from bot.privacy.vocabulary import GENERIC_WORDS, SENTENCE_STARTERS, is_protected_term

# A capitalised word of a name: O'Brien, McDonald, Adeyemi-Jones, Wójcik, Mary's.
NAME_WORD = r"[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’\-]*[A-Za-zÀ-ÖØ-öø-ÿ]"
# Lower-case top-level domains that end a bare link ("sarahjones.co.uk", "bit.ly/x").
TLDS = (
    "com|org|net|uk|io|co|ly|me|info|biz|edu|gov|ac|sch|ie|eu|app|dev|ai|gl|to|cc|tv|us|ca|au|nz|de|fr|"
    "online|site|school|education|academy|page|link|blog|xyz|tech|be|gd"
)
_TRAILING = ".,;:!?)]}'\"’”"


def _stopwords() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


STOPWORDS = _stopwords()


def is_plain_word(word: str) -> bool:
    """A word that cannot be the identifying part of a name."""
    w = re.sub(r"['’]s$", "", word).lower()
    return w in STOPWORDS or w in GENERIC_WORDS or w in SENTENCE_STARTERS or is_protected_term(word)


Check = Callable[[re.Match], "tuple[int, int] | None"]


class RegexRecognizer(LocalRecognizer):
    """Regular expressions whose match, or its named group `pii`, is the detail.

    A pattern may come with a check that turns a match down (a public body's bare site, a
    street that is Downing Street) or narrows it; it returns the span to keep or None.
    """

    def __init__(
        self,
        entity: str,
        patterns: Iterable["str | tuple[str, Check]"],
        *,
        name: str,
        score: float = 0.95,
        entities: Iterable[str] | None = None,
        needs: str | None = None,
    ):
        # a cheap first look: most replies have no "@", no digits, no title
        self.needs = re.compile(needs) if needs else None
        self.patterns = []
        for pattern in patterns:
            regex, check = pattern if isinstance(pattern, tuple) else (pattern, None)
            self.patterns.append((re.compile(regex), check))
        self.score = score
        super().__init__(supported_entities=list(entities or [entity]), supported_language="en", name=name)

    def load(self) -> None:  # compiled in __init__
        pass

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        if self.needs is not None and not self.needs.search(text):
            return
        for regex, check in self.patterns:
            for match in regex.finditer(text):
                if check is not None:
                    span = check(match)
                elif "pii" in regex.groupindex and match.group("pii") is not None:
                    span = match.span("pii")
                else:
                    span = match.span()
                if span and span[1] > span[0]:
                    yield span

    def analyze(self, text, entities, nlp_artifacts=None) -> list[RecognizerResult]:
        return [self.result(self.supported_entities[0], start, end) for start, end in self.spans(text)]

    def result(self, entity: str, start: int, end: int) -> RecognizerResult:
        return RecognizerResult(
            entity,
            start,
            end,
            self.score,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )


def strip_trailing(match: re.Match) -> tuple[int, int]:
    start, end = match.span()
    text = match.string
    while end > start and text[end - 1] in _TRAILING:
        # keep a closing bracket that closes one opened inside the link
        if text[end - 1] == ")" and text[start:end].count("(") >= text[start:end].count(")"):
            break
        end -= 1
    return start, end
