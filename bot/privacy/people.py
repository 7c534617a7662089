"""Recognisers for names the statistical model misses: after a title or a role, before "HMI",
from a list of given names and surnames, and schools, trusts and other organisations by the
word that ends their name."""

from __future__ import annotations

import re
from collections.abc import Iterator

from presidio_analyzer import RecognizerResult

from bot.privacy.names import GIVEN_NAMES, SURNAMES
from bot.privacy.patterns import NAME_WORD, STOPWORDS, RegexRecognizer, is_plain_word
from bot.privacy.vocabulary import is_protected_term

# ---- names of people ------------------------------------------------------------------

_TITLE = (
    r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lord|Lady|Rev|Revd|Reverend|Canon|Father|Fr|Sister|"
    r"Cllr|Councillor)"
)
_ROLE = (
    r"(?i:(?:(?:new|interim|acting|deputy|assistant|executive|former|previous|trust|school)\s+)*"
    r"(?:head\s*teacher|head|principal|CEO|chief\s+executive|CFO|COO|finance\s+director|FD|"
    r"chair(?:\s+of\s+(?:trustees|governors|the\s+board))?|SENCo|SENDCo|business\s+manager|bursar|clerk|"
    r"HR\s+(?:lead|director|manager)|DSL|safeguarding\s+lead|site\s+manager|data\s+manager|office\s+manager|"
    r"EAL\s+lead|SEND\s+lead|trustee|governor|colleague|director(?:\s+of\s+\w+)?|head\s+of\s+\w+|SBM|"
    r"(?:maths|English|science)\s+lead))"
)


def _kept_words(text: str, start: int, end: int) -> int | None:
    """Where the name in text[start:end] ends: at the first word that is not a name."""
    last = None
    for word in re.finditer(r"\S+", text[start:end]):
        if is_plain_word(word.group(0).strip(",.;:")):
            break
        last = start + word.end()
    return last


def _titled(match: re.Match) -> tuple[int, int] | None:
    end = _kept_words(match.string, *match.span("pii"))
    return (match.start(), end) if end else None


def _named(match: re.Match) -> tuple[int, int] | None:
    end = _kept_words(match.string, *match.span("pii"))
    return (match.start("pii"), end) if end else None


# The title is masked with the name: "Mrs" would narrow down who it is.
TITLED_NAMES = RegexRecognizer(
    "PERSON",
    [
        # Mrs Okafor, Dr. Nkechi Eze, Sir Martin Hughes
        (rf"\b{_TITLE}\.?\s+(?P<pii>{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}})", _titled),
        # dr okafor, mrs nowak: a lower-case title still says a name follows
        (r"\b(?:mr|mrs|ms|miss|dr|cllr)\.?\s+(?P<pii>[a-z][a-z'’\-]*[a-z])\b", _titled),
    ],
    name="TitledNameRecognizer",
    needs=rf"(?i)\b{_TITLE}\b",
)
# "Dave Wilson HMI": His Majesty's Inspectors sign with the letters after their name
HMI_NAMES = RegexRecognizer(
    "PERSON",
    [(rf"(?P<pii>\b{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}})(?=\s+HMI\b)", _named)],
    name="InspectorNameRecognizer",
    needs=r"\bHMI\b",
)
# "our head, Priya", "our CFO Tom", "my SENCo, Grace"
ROLE_NAMES = RegexRecognizer(
    "PERSON",
    [(rf"(?i:\b(?:our|my|the|their|his|her|your))\s+{_ROLE}\s*,?\s+(?P<pii>{NAME_WORD}(?:\s+{NAME_WORD})?)", _named)],
    name="RoleNameRecognizer",
    needs=rf"{_ROLE}",
)


class GazetteerNameRecognizer(RegexRecognizer):
    """Given names from a word list, in any case, with the surname beside them."""

    def __init__(self):
        super().__init__(
            "PERSON", [r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’\-]*"], name="GazetteerNameRecognizer", score=0.9
        )

    @staticmethod
    def _key(word: str) -> str:
        word = word.lower()
        return word[:-2] if word.endswith(("'s", "’s")) else word

    def _is_surname(self, word: str, given: str) -> bool:
        key = self._key(word)
        if key in SURNAMES or key in GIVEN_NAMES:
            return not is_protected_term(word)
        # an unlisted surname in capitals after a capitalised given name: "Priya Ramaswamy"
        return given[0].isupper() and re.fullmatch(NAME_WORD, word) is not None and not is_plain_word(word)

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        words = list(self.patterns[0][0].finditer(text))
        i = 0
        while i < len(words):
            token = words[i].group(0)
            if self._key(token) not in GIVEN_NAMES or is_protected_term(token):
                i += 1
                continue
            first = last = i
            # a word or two more, one space apart: the surname (or a second given name)
            while last + 1 < len(words) and last - i < 2:
                nxt = words[last + 1].group(0)
                if text[words[last].end() : words[last + 1].start()] != " " or re.search(
                    r"['’]s$", words[last].group(0)
                ):
                    break
                if token[0].isupper() and not nxt[0].isupper():
                    break  # "Priya said": a lower-case word after a capitalised name is no surname
                if not self._is_surname(nxt, token):
                    break
                last += 1
            # a surname first, as in Zhang Wei
            if first > 0:
                prev = words[first - 1].group(0)
                if (
                    text[words[first - 1].end() : words[first].start()] == " "
                    and self._key(prev) in SURNAMES
                    and prev[0].isupper() == token[0].isupper()
                    and not is_plain_word(prev)
                ):
                    first -= 1
            start, end = words[first].start(), words[last].end()
            yield start, end - len(re.search(r"(?:['’]s)?$", text[start:end]).group(0))
            i = last + 1


# ---- schools, trusts and other organisations, by the word that ends their name ----------

SCHOOL_WORDS = ("school", "academy", "college", "primary", "infant", "infants", "junior", "juniors", "nursery")
TRUST_WORDS = ("trust", "mat", "federation", "partnership", "alliance")
ORG_WORDS = (
    "ltd", "limited", "plc", "llp", "cic", "council", "solicitors", "services", "solutions", "recruitment",
    "consulting", "consultants", "partners", "associates", "group", "diocese",
)  # fmt: skip
_KEYWORD = "|".join(w.capitalize() for w in SCHOOL_WORDS + TRUST_WORDS + ORG_WORDS if w != "diocese")
_KEYWORD += "|MAT|PLC|plc"
_ORG_CHAIN = (
    rf"(?:(?:St\.?|Saint)\s+)?{NAME_WORD}"
    rf"(?:\s+(?:{NAME_WORD}|&|C\s+of\s+E|Church\s+of\s+England|CofE|CE|RC)){{0,5}}?"
    rf"(?:\s+(?:{_KEYWORD}))+(?:['’]s)?\b"
)


# Stop words that can start a name ("The Three Rivers Federation"): numbers.
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty forty fifty sixty hundred "
    "first third fifth sixth eighth".split()
)


def _sentence_word(word: str) -> bool:
    """A word before a body's name that belongs to the sentence: "Both", "At", "Ofsted"."""
    w = word.lower()
    if w in _NUMBER_WORDS or word in {"St", "St.", "Saint"}:
        return False
    return w in STOPWORDS or is_protected_term(word)


def _organisation(match: re.Match) -> tuple[int, int] | None:
    start, end = match.span()
    text = match.string
    end -= len(re.search(r"(?:['’]s)?$", text[start:end]).group(0))
    # leave out leading words that belong to the sentence ("Both", "At", "Ofsted and"),
    # unless nothing but generic words would be left ("Leeds City Council" stays whole)
    words = list(re.finditer(r"\S+", text[start:end]))
    k = 0
    while k < len(words) - 1 and _sentence_word(words[k].group(0)):
        k += 1
    if any(not is_plain_word(w.group(0)) for w in words[k:]):
        start += words[k].start()
    return start, end


def organisation_kind(words: str) -> str:
    """SCHOOL, TRUST or ORGANISATION, by the last word that says what the body is."""
    kind = "ORGANISATION"
    for word in re.findall(r"[\w\-]+", words.lower()):
        if word in SCHOOL_WORDS:
            kind = "SCHOOL"
        elif word in TRUST_WORDS or word in {"mats", "multi-academy"}:
            kind = "TRUST"
        elif word in ORG_WORDS:
            kind = "ORGANISATION"
    return kind


def has_organisation_word(words: str) -> bool:
    return any(w in SCHOOL_WORDS + TRUST_WORDS + ORG_WORDS for w in re.findall(r"[\w\-]+", words.lower()))


class OrganisationRecognizer(RegexRecognizer):
    """Riverside Academy, St Mary's C of E Academy, Oakwood Trust, Meridian MAT, Fresh
    Plates Ltd, Northshire County Council, the Diocese of Hallam."""

    def __init__(self):
        super().__init__(
            "ORGANISATION",
            [
                (_ORG_CHAIN, _organisation),
                rf"\bDiocese\s+of\s+{NAME_WORD}(?:\s+(?:and\s+)?{NAME_WORD})?",
            ],
            name="UkOrganisationRecognizer",
            entities=["SCHOOL", "TRUST", "ORGANISATION"],
            needs=rf"\b(?:{_KEYWORD}|Diocese)\b",
        )

    def analyze(self, text, entities, nlp_artifacts=None) -> list[RecognizerResult]:
        return [self.result(organisation_kind(text[s:e]), s, e) for s, e in self.spans(text)]
