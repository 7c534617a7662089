"""Stock openers and sign-offs ("Thanks for sharing this.", "Happy to discuss further."), learned
from the period's replies and seeded with a short list.

A reply is cut into clauses at punctuation followed by a space ("Great card!", "Cheers,",
"Quick thought from a small trust:"). A clause that opens or closes replies again and again, in
several different cards, says nothing about any one card: it is stock. Stock clauses are taken off
both ends of a reply before its words are counted, and their words never name a theme.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

# Placeholders left by the masking ("[a person]", "[link]", "[email]") and links: no one's words.
PLACEHOLDER = re.compile(r"\[(?:an?\s+)?[A-Za-z][A-Za-z -]{0,30}\]")
LINK = re.compile(r"(?:https?://|www\.)\S*", re.IGNORECASE)
# A clause ends at punctuation followed by a space (not "£6,000" or "0.5%"), at a spaced dash or a line end.
_BOUNDARY = re.compile(r"[.!?;:,…]+(?=\s|$)|\s[-–—]+(?=\s)|\n")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
MAX_WORDS = 8  # a stock clause is short

# Whole clauses that are stock wherever they open or close a reply, in any card.
_SEED = re.compile(
    r"(?:hi|hello|hey|morning|afternoon|good (?:morning|afternoon|evening))"
    r"(?: (?:all|everyone|everybody|team|folks|colleagues|there))?"
    r"|(?:ok|okay|right|so)(?: here goes)?"
    r"|(?:many )?thanks?(?: you)?(?: (?:all|everyone|again|so much|very much))?"
    r"(?: (?:for|so much for) (?:\S+ ?){1,4})?"
    r"|(?:really |very )?(?:great|good|interesting|useful|helpful|important)"
    r" (?:one|card|question|post|point|thread|topic)"
    r"(?: (?:thanks|thank you))?"
    r"|(?:just )?(?:my|our) two (?:cents|pennies|pence)(?: worth)?"
    r"|happy to (?:discuss|chat|talk|help|share)(?: (?:further|more|offline|this|anytime))?"
    r"|hope (?:this|that|it) helps"
    r"|cheers|best|best wishes|all the best|(?:kind |warm |best )?regards|ta|thx"
    r"|quick (?:thought|thoughts|one|point)(?: (?:from|here) .{0,40})?"
    r"|speaking as .{1,40}|for what it's worth|fwiw|imho|imo"
    r"|keep up the good work|(?:that's )?(?:just )?my (?:view|take)(?: anyway)?"
    r"|(?:would be )?(?:good|great|interesting) to hear (?:what )?others(?: think| views)?"
    r"|others may (?:see it|feel|think) differently|looking forward to (?:the )?(?:summary|discussion|results)",
)
# Words of the seed phrases: they never name a theme.
SEED_WORDS = frozenset(
    "thanks thank cheers regards wishes hello hi hey morning afternoon evening great interesting useful helpful "
    "card question post thread cents pennies happy discuss chat offline hope helps quick thought thoughts "
    "speaking fwiw imho forward".split()
)
STOP_WORDS = frozenset(
    "a an and are as at be been but by for from had has have here i i'm if in is it it's its just me my not "
    "of on or our so than that that's the their them then there these they this those to too us very was we "
    "were what when which who will with would you your all any more some such can do does".split()
)


@lru_cache(maxsize=100_000)
def _is_stock(phrases: frozenset[str], clause: str) -> bool:
    words = normalise(clause)
    if not words:
        return not re.search(r"\w", clause) or bool(PLACEHOLDER.search(clause))  # "[a person]" after "Cheers,"
    return words in phrases or (words.count(" ") < MAX_WORDS and _SEED.fullmatch(words) is not None)


def normalise(clause: str) -> str:
    """A clause's words, lower case, without placeholders, links or punctuation."""
    clause = clause.lower()
    if "[" in clause or "http" in clause or "www." in clause:
        clause = LINK.sub(" ", PLACEHOLDER.sub(" ", clause))
    return " ".join(_WORD.findall(clause.replace("’", "'")))


def _short(clause: str) -> str:
    """A clause's words if it is short enough to be stock, else ""."""
    return "" if clause.count(" ") > MAX_WORDS + 4 else normalise(clause)


def clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of a text, in order, blanks left out."""
    cuts = [0, *(m.end() for m in _BOUNDARY.finditer(text)), len(text)]
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a and not text[a:b].isspace()]


@dataclass(frozen=True, slots=True)
class StockPhrases:
    """Clauses that open or close replies in every card, learned (`phrases`) and seeded."""

    phrases: frozenset[str] = frozenset()
    words: frozenset[str] = field(default=SEED_WORDS)

    def is_stock(self, clause: str) -> bool:
        if clause.count(" ") > MAX_WORDS + 4:
            return False  # a long clause is the reply's own
        return _is_stock(self.phrases, clause)

    def span(self, text: str) -> tuple[int, int]:
        """Where a reply's own words start and end once stock clauses are off both ends."""
        start, end = 0, len(text)
        cuts = _BOUNDARY.finditer(text)
        while start < end:  # from the front, clause by clause, while they are stock
            match = next(cuts, None)
            stop = match.end() if match else end
            if text[start:stop].strip() and not self.is_stock(text[start:stop]):
                break
            start = stop
        if start >= end:
            return 0, 0
        tail = max(start, end - 240)  # sign-offs are in the last few clauses
        ends = [tail] + [m.end() for m in _BOUNDARY.finditer(text, tail)]
        if ends[-1] != end:
            ends.append(end)
        for i in range(len(ends) - 1, 0, -1):  # from the back
            clause = text[ends[i - 1] : ends[i]]
            if clause.strip() and not self.is_stock(clause):
                break
            end = ends[i - 1]
        if end <= start:
            return 0, 0
        return start, end

    def strip(self, text: str) -> str:
        """The reply without its stock openers and sign-offs ("" if it was nothing else)."""
        start, end = self.span(text)
        return text[start:end].strip()

    def trim(self, text: str) -> str:
        """The same for a quote, readable: a sentence that started mid-way gets its capital back;
        a reply that was all stock stays as it was."""
        kept = self.strip(text)
        if not kept:
            return text.strip()
        kept = kept.rstrip(",;:-–— ")
        return kept[0].upper() + kept[1:] if kept[0].islower() else kept


def learn_stock(threads: Sequence[Sequence[str]], *, min_replies: int = 3) -> StockPhrases:
    """Stock phrases of a period, from every card's reply texts (one inner sequence per card).

    A clause is stock when it is one of the first or last two clauses of at least `min_replies`
    replies (and 0.5% of all), in at least three cards (two when there are only two or three),
    no one card holding most of them. With fewer than two cards nothing can be told apart from a
    card's own theme, and the seed list stands alone."""
    seen: dict[str, Counter] = defaultdict(Counter)
    total = 0
    cards = 0
    for card, texts in enumerate(threads):
        cards += 1
        for text in texts:
            if not isinstance(text, str) or not text.strip():
                continue
            total += 1
            parts = clauses(text)
            ends = {_short(text[a:b]) for a, b in (parts[:2] + parts[-2:] if len(parts) > 4 else parts)}
            for words in ends:
                if words and words.count(" ") < MAX_WORDS:
                    seen[words][card] += 1
    if cards < 2:
        return StockPhrases()
    need_cards = 3 if cards > 3 else 2
    need = max(min_replies, round(0.005 * total))
    phrases = set()
    for words, by_card in seen.items():
        count = sum(by_card.values())
        if count >= need and len(by_card) >= need_cards and max(by_card.values()) <= 0.75 * count:
            phrases.add(words)
    learned_words = {w for p in phrases for w in p.split() if w not in STOP_WORDS and not w.isdigit()}
    return StockPhrases(frozenset(phrases), SEED_WORDS | learned_words)
