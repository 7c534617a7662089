"""What members said, grouped into themes, per card.

Stock openers and sign-offs, learned from the period's replies across cards (`learn_stock`), are
taken off first; the rest is grouped by `clusters` (TF-IDF, LSA, a neighbour graph whose spectrum
gives the number of themes, spectral clustering), so a card gets as many themes as it has, and
replies that fit none go to "Other comments". Each theme has a label that sets it apart from the
card's other themes (`labels`), up to three quotes (the replies closest to its centre, in whole
sentences) and how its repliers voted.

Offline and deterministic: the same replies give the same themes, in whatever order they come.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from bot.summary import clusters
from bot.summary.labels import banned_terms, labels
from bot.summary.quotes import QUOTE_LENGTH, quote
from bot.summary.stock import StockPhrases, learn_stock
from bot.summary.terms import words

__all__ = [
    "ReplyText",
    "Theme",
    "StockPhrases",
    "learn_stock",
    "themes",
    "themes_of_cards",
    "vote_line",
    "replies_line",
]

QUOTES = 3
OTHER = "Other comments"
ALL = "All replies"
SMALL = 5  # this many replies or fewer are one group


@dataclass(frozen=True, slots=True)
class ReplyText:
    ref: str  # the reply's stable reference, e.g. "R-000123"
    text: str  # already masked
    author: str  # a key for the replier (a pseudonym), to count people not replies
    choice: str | None  # the replier's current choice on the card, or None


@dataclass(frozen=True, slots=True)
class Theme:
    label: str
    refs: tuple[str, ...]  # the replies in this theme, most representative first
    quotes: tuple[str, ...]
    votes: tuple[tuple[str, int], ...]  # (choice, repliers who chose it), most first
    repliers: int  # distinct authors in the theme
    other: bool = False  # True for the "Other comments" group

    @property
    def replies(self) -> int:
        return len(self.refs)


def _clean(replies: Sequence[ReplyText]) -> list[ReplyText]:
    """Replies with text, one per reference, in a fixed order (whatever order they came in)."""
    kept: dict[str, ReplyText] = {}
    for number, reply in enumerate(replies or ()):
        if isinstance(reply, str):  # a bare text, as callers gave before: its own replier, no vote
            reply = ReplyText(f"#{number:06d}", reply, f"#{number:06d}", None)
        text = getattr(reply, "text", None)
        if not isinstance(text, str) or not text.strip():
            continue
        ref = str(getattr(reply, "ref", "") or "")
        author = getattr(reply, "author", None)
        choice = getattr(reply, "choice", None)
        reply = ReplyText(
            ref=ref,
            text=text,
            author=str(author) if author not in (None, "") else f"ref:{ref}",
            choice=str(choice) if choice not in (None, "") else None,
        )
        key = ref or f"text:{text}"
        if key not in kept or (reply.text, reply.author) < (kept[key].text, kept[key].author):
            kept[key] = reply
    return sorted(kept.values(), key=lambda r: (r.ref, r.text, r.author))


def _votes(members: Sequence[ReplyText]) -> tuple[tuple[tuple[str, int], ...], int]:
    """(choice, repliers) most first, and the number of distinct repliers: each person once."""
    by_author: dict[str, Counter] = {}
    for reply in members:
        by_author.setdefault(reply.author, Counter())
        if reply.choice is not None:
            by_author[reply.author][reply.choice] += 1
    choices: Counter = Counter()
    for counts in by_author.values():
        if counts:
            choices[min(counts.items(), key=lambda item: (-item[1], item[0]))[0]] += 1
    return tuple(sorted(choices.items(), key=lambda item: (-item[1], item[0]))), len(by_author)


def _quotes(members: Sequence[ReplyText], stock: StockPhrases) -> tuple[str, ...]:
    """Up to three quotes from the most representative replies, each said once, by different people
    where there are enough of them; a reply of a word or two only when nothing longer is left."""
    picked: list[str] = []
    people: set[str] = set()
    for rounds in (("long", "new"), ("long", "any"), ("any", "any")):
        for reply in members:
            if len(picked) == QUOTES:
                return tuple(picked)
            text = quote(stock.trim(reply.text), QUOTE_LENGTH)
            if not text or text in picked:
                continue
            if rounds[0] == "long" and len(text.split()) < 4:
                continue
            if rounds[1] == "new" and reply.author in people:
                continue
            picked.append(text)
            people.add(reply.author)
    return tuple(picked)


def _theme(label: str, members: Sequence[ReplyText], stock: StockPhrases, other: bool = False) -> Theme:
    votes, repliers = _votes(members)
    return Theme(
        label=label,
        refs=tuple(r.ref for r in members),
        quotes=_quotes(members, stock),
        votes=votes,
        repliers=repliers,
        other=other,
    )


@contextmanager
def _no_collection():
    """Many small objects, none in a cycle: the garbage collector's passes only cost time (some 15%)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def themes(replies: Sequence[ReplyText], stock: StockPhrases | None = None) -> list[Theme]:
    """A card's replies in themes, largest first, "Other comments" last."""
    with _no_collection():
        return _themes(replies, stock)


def _themes(replies: Sequence[ReplyText], stock: StockPhrases | None) -> list[Theme]:
    stock = stock if isinstance(stock, StockPhrases) else StockPhrases()
    items = _clean(replies)
    if not items:
        return []
    own = [stock.strip(r.text) for r in items]
    said = [words(text) for text in own]
    banned = banned_terms(stock.words)
    authors = [r.author for r in items]
    if len(items) <= SMALL:
        (label,) = labels([range(len(items))], said, authors, banned)
        return [_theme(label or ALL, items, stock)]
    # The same words said again are grouped once and go where the first went.
    copies: dict[tuple[str, ...], list[int]] = {}
    for i, w in enumerate(said):
        copies.setdefault(w.terms or ("", own[i].lower()), []).append(i)
    firsts = [same[0] for same in copies.values()]
    again = {same[0]: same for same in copies.values()}
    grouping = clusters.group([said[i].features() for i in firsts])
    groups = [[j for u in g for j in again[firsts[u]]] for g in grouping.groups]
    other = [j for u in grouping.other for j in again[firsts[u]]]
    found = labels(groups, said, authors, banned) if groups else []
    result: list[Theme] = []
    for members, label in zip(groups, found, strict=True):
        if label is None:  # nothing sets it apart: it is no theme
            other += members
            continue
        result.append(_theme(label, [items[i] for i in members], stock))
    if not result and other:  # nothing to tell apart: one group of all replies
        everyone = [i for g in groups for i in g] + sorted(set(other) - {i for g in groups for i in g})
        (label,) = labels([everyone], said, authors, banned)
        return [_theme(label or ALL, [items[i] for i in everyone], stock)]
    result.sort(key=lambda t: (-t.replies, t.label))
    if other:
        result.append(_theme(OTHER, [items[i] for i in sorted(set(other))], stock, other=True))
    return result


def _card(job: tuple[Sequence[ReplyText], StockPhrases | None]) -> list[Theme]:
    return themes(*job)


def themes_of_cards(
    cards: Sequence[Sequence[ReplyText]], stock: StockPhrases | None = None, *, workers: int | None = None
) -> list[list[Theme]]:
    """`themes` of many cards at once (the stock phrases learned from them all when not given), on
    up to `workers` processes (default: the machine's cores, at most two), the same result as one
    by one. A week of 20,000 replies takes about half the time on two cores."""
    cards = [list(c or ()) for c in cards]
    if stock is None:
        stock = learn_stock([[r.text for r in c if isinstance(getattr(r, "text", None), str)] for c in cards])
    import multiprocessing
    import os

    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    total = sum(len(c) for c in cards)
    if workers <= 1 or len(cards) < 2 or total < 2000 or "fork" not in multiprocessing.get_all_start_methods():
        return [themes(c, stock) for c in cards]
    from concurrent.futures import ProcessPoolExecutor

    order = sorted(range(len(cards)), key=lambda i: -len(cards[i]))  # the largest first, spread over both
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        done = list(pool.map(_card, [(cards[i], stock) for i in order], chunksize=max(1, len(cards) // (8 * workers))))
    result: list[list[Theme]] = [[] for _ in cards]
    for i, found in zip(order, done, strict=True):
        result[i] = found
    return result


def _people(n: int) -> str:
    return f"the {n} who replied"


def vote_line(theme: Theme) -> str:
    """How the theme's repliers voted, as a sentence: "9 of the 14 who replied voted “Disagree”";
    a tie: "Of the 10 who replied, 4 voted “Agree” and 4 “Disagree”"; nobody: "None of the 3
    who replied voted". Each replier counts once; the choice is the one they held at the end."""
    n = theme.repliers
    votes = [(choice, count) for choice, count in theme.votes if count > 0]
    if not votes:
        return "The 1 who replied did not vote" if n == 1 else f"None of {_people(n)} voted"
    top = votes[0][1]
    leaders = [f"“{choice}”" for choice, count in votes if count == top]
    if len(leaders) == 1:
        if n == 1:
            return f"The 1 who replied voted {leaders[0]}"
        return f"{top} of {_people(n)} voted {leaders[0]}"
    named = f"{top} voted {leaders[0]}" + "".join(
        f"{' and ' if i == len(leaders) - 1 else ', '}{top} {choice}" for i, choice in enumerate(leaders[1:], 1)
    )
    return f"Of {_people(n)}, {named}"


def replies_line(theme: Theme) -> str:
    """ "1 reply", "14 replies from 9 people"."""
    count = theme.replies
    said = "1 reply" if count == 1 else f"{count} replies"
    if theme.repliers and theme.repliers != count:
        said += f" from {theme.repliers} {'person' if theme.repliers == 1 else 'people'}"
    return said
