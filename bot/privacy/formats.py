"""Recognisers for details with a format: every form of email and link, UK and international
phone numbers, postcodes and street addresses, URNs, UKPRNs, company numbers, chat platforms'
ids and mention syntax, and social handles."""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers
from presidio_analyzer import RecognizerResult
from presidio_analyzer.predefined_recognizers import PhoneRecognizer

from bot.privacy.patterns import NAME_WORD, STOPWORDS, TLDS, RegexRecognizer, is_plain_word, strip_trailing
from bot.privacy.vocabulary import is_protected_term, is_public_domain

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
    return start, strip_trailing(match)[1]


EMAILS = RegexRecognizer(
    "EMAIL",
    [
        # Slack's <mailto:a@b|a@b>: the label repeats the address
        r"<mailto:[^|>\s]+(?:\|[^>]*)?>",
        # plain and mailto: addresses; apostrophes in names (siobhan.o'brien@…)
        (r"(?:mailto:)?[\w.+%'’\-]*\w@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}", strip_trailing),
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
    start, end = strip_trailing(match)
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
