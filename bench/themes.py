"""Themes of "what we heard": the old method (TF-IDF + NMF, k from the thread's size) beside the
new one (learned stock phrases, LSA, a neighbour graph whose spectrum gives k, spectral
clustering), on the labelled threads in tests/data/threads; then the time of the theme step
for a 20,000-reply week.

    python -m bench.themes [--repeat 3]

Purity: the share of replies in a theme whose labelled theme is the theme's commonest ("Other
comments", and replies written to fit no theme, count as groups of their own). NMI: normalised
mutual information (scikit-learn). k: themes found, "Other comments" not counted.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections import Counter
from pathlib import Path

from sklearn.metrics import normalized_mutual_info_score

from bench import _old_themes as old
from bot.summary.terms import STOP
from bot.summary.themes import ReplyText, learn_stock, themes, themes_of_cards

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "threads"
_LONG_WORD = re.compile(r"[A-Za-z]{4,}")


def load(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def purity(truth: list, found: list) -> float:
    total = 0
    for group in set(found):
        total += Counter(t for t, f in zip(truth, found, strict=True) if f == group).most_common(1)[0][1]
    return total / len(truth)


def replies_of(card: dict) -> list[ReplyText]:
    return [ReplyText(r["ref"], r["text"], r["author"], r["choice"]) for r in card["replies"]]


def new_assignment(card: dict, stock) -> tuple[list[int], int]:
    where = {}
    found = themes(replies_of(card), stock)
    for index, theme in enumerate(found):
        for ref in theme.refs:
            where[ref] = -1 if theme.other else index
    return [where[r["ref"]] for r in card["replies"]], sum(not t.other for t in found)


def scores(card: dict, assignment: list[int]) -> tuple[float, float, int]:
    truth = [r["theme"] or "(none)" for r in card["replies"]]
    k = len({a for a in assignment if a != -1})
    return purity(truth, assignment), normalized_mutual_info_score(truth, assignment), k


def quality() -> None:
    print(
        f"{'card':<11} {'variant':<7} {'true k':>6}   {'old purity':>10} {'NMI':>5} {'k':>3}"
        f"   {'new purity':>10} {'NMI':>5} {'k':>3}"
    )
    for variant in ("clean", "stock"):
        cards = load(f"{variant}.json")
        stock = learn_stock([[r["text"] for r in c["replies"]] for c in cards])
        totals = {"old": [], "new": []}
        for card in cards:
            before = scores(card, old.assign([r["text"] for r in card["replies"]]))
            after = scores(card, new_assignment(card, stock)[0])
            totals["old"].append(before)
            totals["new"].append(after)
            print(
                f"{card['card']:<11} {variant:<7} {len(card['themes']):>6}"
                f"   {before[0]:>10.2f} {before[1]:>5.2f} {before[2]:>3}"
                f"   {after[0]:>10.2f} {after[1]:>5.2f} {after[2]:>3}"
            )
        mean = {m: [sum(s[i] for s in v) / len(v) for i in range(2)] for m, v in totals.items()}
        print(
            f"{'mean':<11} {variant:<7} {'':>6}   {mean['old'][0]:>10.2f} {mean['old'][1]:>5.2f} {'':>3}"
            f"   {mean['new'][0]:>10.2f} {mean['new'][1]:>5.2f}"
        )
    small = load("small.json")
    found = themes(replies_of(small), learn_stock([]))
    print(f"\n12-reply thread: {[(t.label, t.replies) for t in found]}")


def week(sizes: list[int], rng: random.Random) -> list[list[ReplyText]]:
    """Cards drawn from the labelled ones, each with words of its own (a suffix per card: a
    pessimistic vocabulary of some 200,000 words), the stock openers and sign-offs shared,
    authors and votes at random."""
    stocked = load("stock.json")
    clean = {r["ref"]: r["text"] for c in load("clean.json") for r in c["replies"]}
    cards, ref = [], 0
    for n, size in enumerate(sizes):
        source = stocked[n % len(stocked)]["replies"]
        tag = "bcdfgklmnprstvz"[n % 15] + "aeiou"[n // 15 % 5]  # 75 vocabularies
        replies = []
        order: list[dict] = []
        for i in range(size):
            if not order:
                order = rng.sample(source, len(source))
            reply = order.pop()
            body = clean[reply["ref"]]
            if i >= len(source):  # said again, with a sentence more: no two replies the same
                body += " " + clean[rng.choice(source)["ref"]].split(". ")[0].rstrip(".") + "."
            at = reply["text"].find(body)
            opener, closer = (reply["text"][:at], reply["text"][at + len(body) :]) if at >= 0 else ("", "")
            ref += 1
            replies.append(
                ReplyText(
                    f"R-{ref:06d}",
                    opener
                    + _LONG_WORD.sub(lambda m, t=tag: m.group(0) + ("" if m.group(0).lower() in STOP else t), body)
                    + closer,
                    f"P-{rng.randrange(4000):04d}",
                    rng.choice(["Agree", "Partly agree", "Disagree", "Not sure", None]),
                )
            )
        cards.append(replies)
    return cards


def speed(repeat: int) -> None:
    rng = random.Random(20)
    uneven = sorted(int(rng.paretovariate(1.1) * 30) + 3 for _ in range(220))
    scale = 20_000 / sum(uneven)
    shapes = {
        "125 cards x 160 replies": [160] * 125,
        "uneven sizes": [max(3, round(s * scale)) for s in uneven],
    }
    print()
    for name, sizes in shapes.items():
        cards = week(sizes, rng)
        best = None
        for _ in range(repeat):
            started = time.perf_counter()
            stock = learn_stock([[r.text for r in c] for c in cards])
            learned = time.perf_counter()
            found = [themes(c, stock) for c in cards]
            done = time.perf_counter()
            run = (done - started, learned - started, done - learned)
            best = run if best is None or run < best else best
        two = None
        for _ in range(repeat):
            started = time.perf_counter()
            both = themes_of_cards(cards, workers=2)
            two = min(two or 1e9, time.perf_counter() - started)
        assert both == found, "two processes gave another result"
        print(
            f"{name:<24} {sum(sizes):>6} replies, {len(sizes)} cards (largest {max(sizes)}): "
            f"learn_stock {best[1]:.2f} s + themes {best[2]:.2f} s = {best[0]:.2f} s on one core; "
            f"themes_of_cards on two: {two:.2f} s (best of {repeat}); "
            f"{sum(len(f) for f in found) / len(found):.1f} groups a card"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    quality()
    speed(args.repeat)


if __name__ == "__main__":
    main()
