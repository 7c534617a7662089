"""Presidio recognisers for what members write in England: UK formats (postcodes, phone
numbers, URNs and UKPRNs), chat platforms' ids and mention syntax, every form of email
and link, and names that the statistical model misses (after a title or a role, before
"HMI", in lower case, schools and trusts by the word that ends their name).

Each recogniser returns spans of one Presidio entity named in placeholders.PLACEHOLDERS;
which span wins where two overlap is decided later, in resolve.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

import phonenumbers
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.predefined_recognizers import PhoneRecognizer

from bot.privacy.names import GIVEN_NAMES, SURNAMES
from bot.privacy.vocabulary import GENERIC_WORDS, SENTENCE_STARTERS, is_protected_term, is_public_domain

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


def _strip_trailing(match: re.Match) -> tuple[int, int]:
    start, end = match.span()
    text = match.string
    while end > start and text[end - 1] in _TRAILING:
        # keep a closing bracket that closes one opened inside the link
        if text[end - 1] == ")" and text[start:end].count("(") >= text[start:end].count(")"):
            break
        end -= 1
    return start, end


# ---- emails -------------------------------------------------------------------------

_DOT = r"(?:\s*\.\s*|\s+dot\s+|\s*[\[\(\{<]\s*dot\s*[\]\)\}>]\s*)"
_AT_WRITTEN = r"(?:\s*[\[\(\{<]\s*at\s*[\]\)\}>]\s*|\s+at\s+)"


def _written_email(match: re.Match) -> tuple[int, int] | None:
    """'sarah dot jones at oakwoodtrust dot org dot uk', 'priya [at] beaconedu [dot] com'.
    With a bare ' at ', some part must be spelt out with 'dot' (or the name be dotted), so
    that 'look at gov.uk' stays a sentence."""
    local, domain = match.group("local"), match.group("domain")
    bracketed = re.search(r"[\[\(\{<]\s*at\s*[\]\)\}>]", match.group(0), re.IGNORECASE) is not None
    spelt = re.search(r"\bdot\b", f"{local} {domain}", re.IGNORECASE) is not None
    if not bracketed and not spelt and "." not in local:
        return None
    start = match.start()
    if not bracketed and len(local.split()) == 1 and local.lower() in STOPWORDS:  # "email me at x dot org"
        return None
    return start, _strip_trailing(match)[1]


EMAILS = RegexRecognizer(
    "EMAIL",
    [
        # Slack's <mailto:a@b|a@b>: the label repeats the address
        r"<mailto:[^|>\s]+(?:\|[^>]*)?>",
        # plain and mailto: addresses; apostrophes in names (siobhan.o'brien@…)
        (r"(?:mailto:)?[\w.+%'’\-]*\w@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}", _strip_trailing),
        # an @ with a space each side: "k.nowak @ elmhurst.sch.uk"
        rf"[\w.+'’\-]*\w\s@\s[\w\-]+(?:\.[\w\-]+)*\.(?:{TLDS})\b",
        # spelt out
        (
            rf"(?i)(?<![\w@])(?P<local>[\w'’\-]+(?:{_DOT}[\w'’\-]+)*){_AT_WRITTEN}"
            rf"(?P<domain>[\w\-]+(?:{_DOT}[\w\-]+)*{_DOT}(?:{TLDS}))\b",
            _written_email,
        ),
    ],
    name="UkEmailRecognizer",
    score=1.0,
    needs=r"(?i)@|\bat\b",
)


# ---- links --------------------------------------------------------------------------


def _link(match: re.Match) -> tuple[int, int] | None:
    start, end = _strip_trailing(match)
    url = match.string[start:end]
    bare = re.sub(r"^(?:[a-z][a-z0-9+.\-]*://)", "", url, flags=re.IGNORECASE)
    host, _, path = bare.partition("/")
    if not path.strip("/") and not re.search(r"[?#]", host) and is_public_domain(host):
        return None  # a public body's own site, e.g. gov.uk or ofsted.gov.uk
    return start, end


LINKS = RegexRecognizer(
    "LINK",
    [
        # Slack's <https://…|label>: the label can name someone too
        r"<(?:https?|ftp)://[^>\s]+(?:\|[^>]*)?>",
        (r"(?i)\b(?:https?|ftp)://[^\s<>\"]+", _link),
        (r"(?i)(?<![\w@.\-/])www\d{0,3}\.[^\s<>\"]+", _link),
        # bare domains, with or without a path: sarahjones.co.uk, bit.ly/SarahJonesCV
        (
            rf"(?<![\w@.\-/])(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+(?:{TLDS})(?![\w\-@])"
            r"(?:[/?#][^\s<>\"]*)?",
            _link,
        ),
    ],
    name="LinkRecognizer",
    score=1.0,
    needs=r"\w\.\w",
)


# ---- phone numbers --------------------------------------------------------------------


class UkPhoneRecognizer(PhoneRecognizer):
    """Presidio's phone recogniser (python-phonenumbers), reading numbers as UK ones unless
    they start with a country code. Fictional Ofcom ranges (07700 900xxx) count too, so
    the matcher is lenient; what it finds must then look dialled, starting with 0 or +,
    which keeps "2023 2024 2025", "£2,500,000" and "Year 6" out."""

    def __init__(self):
        super().__init__(
            supported_entity="PHONE",
            supported_regions=("GB",),
            leniency=phonenumbers.Leniency.POSSIBLE,
            name="UkPhoneRecognizer",
        )

    def analyze(self, text, entities, nlp_artifacts=None) -> list[RecognizerResult]:
        if not re.search(r"\d{3}", text):
            return []
        results = []
        for match in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=self.leniency):
            raw = match.raw_string
            digits = re.sub(r"\D", "", re.split(r"(?i)\s*(?:ext|x)", raw)[0])
            if not re.match(r"\(?(?:\+|0)", raw):
                continue
            if raw.lstrip("(").startswith(("+", "00")):
                if not 8 <= len(digits) <= 15:
                    continue
            elif not 10 <= len(digits) <= 11:
                continue
            if match.start > 0 and text[match.start - 1] in "£$€.,/-":
                continue
            results.append(
                RecognizerResult(
                    "PHONE",
                    match.start,
                    match.end,
                    0.9,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    },
                )
            )
        return results


# ---- places -------------------------------------------------------------------------

_STREET = (
    r"(?:Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Close|Drive|Dr|Way|Crescent|Cres|Place|Grove|Terrace|"
    r"Gardens|Court|Square|Row|Mews|Walk|Hill|Rise|Parade|View|Green|Park)"
)


def _street(match: re.Match) -> tuple[int, int] | None:
    if is_protected_term(match.group("street")):  # Downing Street
        return None
    return match.start(), match.end("street")


PLACES = RegexRecognizer(
    "PLACE",
    [
        # UK postcodes, with or without the space; "KS2 2nd" is a key stage and an ordinal
        r"(?i)\b(?:GIR\s?0AA|[A-PR-UWYZ](?:[0-9][0-9A-HJKPS-UW]?|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?)\s?"
        r"(?!\d(?:st|nd|rd|th)\b)[0-9][ABD-HJLNP-UW-Z]{2})\b",
        # a numbered street address: 14 Elm Road, 7a Mill Street
        (rf"\b\d{{1,4}}[A-Za-z]?,?\s+(?P<street>(?:{NAME_WORD}\s+){{1,3}}{_STREET})\b", _street),
    ],
    name="UkPlaceRecognizer",
    score=1.0,
    needs=r"\d",
)


# ---- ids ----------------------------------------------------------------------------

_ID_NUMBER = r"(?:[A-Z]{2}\d{6}|\d{3}/\d{4}|\d{6,8})"
_ID_KEYWORD = (
    r"(?i:\b(?:URNs?|UKPRNs?|LAESTAB|DfE\s+(?:number|no\.?)|"
    r"(?:company|charity|registered\s+charity)(?:\s+registration)?\s+(?:number|no\.?)|"
    r"registered\s+charity))"
)


def _slack_id(match: re.Match) -> tuple[int, int] | None:
    word = match.group(0)
    digits = sum(c.isdigit() for c in word)
    if digits < 2 or not any(c.isdigit() for c in word[1:4]) or re.fullmatch(r"[A-Z]+\d{4}", word):
        return None
    return match.span()


class IdRecognizer(RegexRecognizer):
    """Reference numbers that point at one school or trust (URN 123456, UKPRN 10012345,
    company and charity numbers) and bare platform ids (Slack U024BE7LH, Discord
    snowflakes of 17-20 digits). Only the number is masked: "URN [an id]" still reads."""

    _keyword = re.compile(_ID_KEYWORD)
    _after_keyword = re.compile(rf"(?:['’]s)?[\s:#]*(?:(?i:is|was|of)\s+)?(?P<n>{_ID_NUMBER})\b")
    _more = re.compile(rf"\s*(?:,|and|&|or|/)\s*(?P<n>{_ID_NUMBER})\b")

    def __init__(self):
        super().__init__(
            "ID",
            [
                # Slack users, workspaces, channels, groups, bots, user groups
                (r"(?<![\w<@#^!&])[UWBCGTSDE][A-Z0-9]{8,11}(?![\w>|])", _slack_id),
                # Discord snowflakes
                r"(?<![\w<@#^!&,.£$€])\d{17,20}(?![\d,])",
            ],
            name="IdRecognizer",
            score=1.0,
            needs=r"\d",
        )

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        yield from super().spans(text)
        if not self.needs.search(text):
            return
        for keyword in self._keyword.finditer(text):
            number = self._after_keyword.match(text, keyword.end())
            while number:
                yield number.span("n")
                number = self._more.match(text, number.end())


# ---- platform mentions and social handles ---------------------------------------------


def _handle(match: re.Match) -> tuple[int, int] | None:
    handle = match.group("handle")
    if handle.lower() in {"here", "channel", "everyone", "all"}:
        return None  # notify-everyone keywords name no one
    end = match.end("handle")
    # "@Sarah Jones": a display name goes on for a word or two
    if handle[0].isupper() and handle.isalpha():
        for word in re.finditer(rf"\s+({NAME_WORD})", match.string[end : match.end()]):
            if is_plain_word(word.group(1)):
                break
            end = match.end("handle") + word.end(1)
    text = match.string[match.start() : end]
    return match.start(), end - len(re.search(r"(?:['’]s)?$", text).group(0))


HANDLES = RegexRecognizer(
    "HANDLE",
    [
        # Slack <@U123>, <@U123|name>, <#C123|channel>, <!subteam^S1|@team>; Discord <@123>, <@!123>, <@&456>, <#123>
        r"<(?:@[!&]?|#|!subteam\^)[A-Za-z0-9]+(?:\|[^>]*)?>",
        (
            rf"(?<![\w.@/<|!^])@(?P<handle>[A-Za-z0-9_](?:[\w.\-]*[A-Za-z0-9_])?)(?:#\d{{4}})?"
            rf"(?:\s+{NAME_WORD}){{0,2}}",
            _handle,
        ),
    ],
    name="HandleRecognizer",
    score=1.0,
    needs=r"[@<]",
)


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


# Recognisers whose spans come first where name-like spans overlap (resolve.py).
PATTERN_NAME_RECOGNISERS = frozenset(
    {"TitledNameRecognizer", "InspectorNameRecognizer", "RoleNameRecognizer", "UkOrganisationRecognizer"}
)
GAZETTEER_RECOGNISER = "GazetteerNameRecognizer"


def all_recognisers() -> list[LocalRecognizer]:
    """Everything but the statistical model, in no particular order (resolve.py ranks)."""
    return [
        EMAILS,
        LINKS,
        UkPhoneRecognizer(),
        PLACES,
        IdRecognizer(),
        HANDLES,
        TITLED_NAMES,
        HMI_NAMES,
        ROLE_NAMES,
        GazetteerNameRecognizer(),
        OrganisationRecognizer(),
    ]
