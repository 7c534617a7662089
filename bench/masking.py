"""Masking personal details: how much it catches, how much it wrongly changes, how fast.

On the labelled set (tests/data/personal_details.jsonl) and on 20,000 short replies
composed from it, side by side with the old regex masker
(bench/_old_anonymise.py, kept only to compare) run in the same process:

- recall per kind of detail (caught when no identifying word of it survives) and the
  share of ordinary words changed in replies that carry no personal details;
- mask(): mean and p99 ms per reply (the bot masks each reply as it is recorded);
- mask_many(): replies per second (migrations, this bench);
- warm(): building the engine (spaCy model, Presidio), the cost of a process start;
- one 40,000-character reply;
- with --full-pipeline, the same recall and speed with every spaCy pipe left on,
  to show what disabling the tagger, parser and lemmatiser costs in recall.

    python -m bench.masking [--replies 20000] [--sample 2000] [--full-pipeline]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from bot.privacy import evaluation

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "personal_details.jsonl"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def generated(records: list[evaluation.Record], count: int, seed: int) -> list[evaluation.Record]:
    """Short replies of one to three labelled sentences; four in five pieces are ordinary."""
    rng = random.Random(seed)
    personal = [r for r in records if r.details]
    ordinary = [r for r in records if not r.details]
    out = []
    for n in range(count):
        pieces = [rng.choice(personal if rng.random() < 0.2 else ordinary) for _ in range(rng.choice((1, 1, 2, 3)))]
        out.append(
            evaluation.Record(
                f"generated-{n}", " ".join(p.text for p in pieces), tuple(d for p in pieces for d in p.details)
            )
        )
    return out


def per_reply(fn, texts: list[str]) -> dict:
    latencies = []
    for text in texts:
        t0 = time.perf_counter()
        fn(text)
        latencies.append(time.perf_counter() - t0)
    return {"mean_ms": 1000 * statistics.mean(latencies), "p99_ms": 1000 * percentile(latencies, 0.99)}


def batched(fn, texts: list[str]) -> tuple[float, dict[str, str]]:
    """Replies per second, and what each text became (to score without masking again)."""
    t0 = time.perf_counter()
    out = fn(texts)
    return len(texts) / (time.perf_counter() - t0), dict(zip(texts, out, strict=True))


def quality(records, many) -> tuple[dict, float, list]:
    return evaluation.run(records, many)


def print_quality(title: str, columns: dict[str, tuple[dict, float, list]]) -> None:
    names = list(columns)
    kinds = sorted({k for recall, _, _ in columns.values() for k in recall})
    print(f"\n{title}\n{'kind':<16}" + "".join(f"{n:>22}" for n in names))
    for kind in kinds:
        row = f"{kind:<16}"
        for name in names:
            caught, total = columns[name][0].get(kind, (0, 0))
            row += f"{f'{caught}/{total} = {caught / total:.2f}' if total else '-':>22}"
        print(row)
    totals = {n: [sum(c for c, _ in r.values()), sum(t for _, t in r.values())] for n, (r, _, _) in columns.items()}
    print(f"{'all details':<16}" + "".join(f"{f'{c}/{t} = {c / t:.3f}':>22}" for c, t in totals.values()))
    print(f"{'words changed*':<16}" + "".join(f"{f'{o:.2%}':>22}" for _, o, _ in columns.values()))
    print("* share of words changed in the replies with no personal details (over-masking)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replies", type=int, default=20000)
    parser.add_argument("--sample", type=int, default=2000, help="generated replies timed one by one with mask()")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--full-pipeline", action="store_true")
    parser.add_argument("--missed", action="store_true", help="list the details the new masker let through")
    args = parser.parse_args()

    t0 = time.perf_counter()
    from bot.privacy import mask, mask_many, warm

    warm()
    warm_s = time.perf_counter() - t0
    from bench._old_anonymise import anonymise

    def old_many(texts):
        return [anonymise(t) for t in texts]

    records = evaluation.load(DATA)
    many = generated(records, args.replies, args.seed)
    labelled_texts = [r.text for r in records]
    sample = [r.text for r in many[: args.sample]]

    new_q = quality(records, mask_many)
    old_q = quality(records, old_many)
    title = f"Labelled set: {sum(1 for r in records if r.details)} replies with details, "
    title += f"{sum(1 for r in records if not r.details)} without"
    print_quality(title, {"presidio (new)": new_q, "regex (old)": old_q})
    if args.missed:
        for record_id, kind, detail, out in new_q[2]:
            print(f"  missed {record_id} {kind}: {detail!r} -> {out!r}")

    mask("warm-up: Sarah Jones at Oakwood Trust.")
    timings = {
        "labelled, mask()": (per_reply(mask, labelled_texts), per_reply(anonymise, labelled_texts)),
        f"generated ({len(sample)}), mask()": (per_reply(mask, sample), per_reply(anonymise, sample)),
    }
    print(f"\nwarm() (imports + model + engine): {warm_s:.2f} s")
    header = f"{'new mean ms':>12} {'new p99 ms':>11} {'old mean ms':>12} {'old p99 ms':>11} {'new/old':>9}"
    print(f"\n{'per reply':<28} {header}")
    for name, (new, old) in timings.items():
        print(
            f"{name:<28} {new['mean_ms']:>12.2f} {new['p99_ms']:>11.2f} {old['mean_ms']:>12.3f} "
            f"{old['p99_ms']:>11.3f} {new['mean_ms'] / old['mean_ms']:>9.0f}"
        )
    texts = [r.text for r in many]
    (new_rate, new_out), (old_rate, old_out) = batched(mask_many, texts), batched(old_many, texts)
    print(
        f"\nmask_many on {len(texts)} generated replies: {new_rate:,.0f} replies/s "
        f"(old: {old_rate:,.0f}/s, {old_rate / new_rate:.0f}x faster)"
    )
    big = " ".join(texts)[:40000]
    t0 = time.perf_counter()
    mask(big)
    print(f"one 40,000-character reply: {time.perf_counter() - t0:.2f} s")
    print_quality(
        f"Generated replies ({len(many)})",
        {
            "presidio (new)": quality(many, lambda ts: [new_out[t] for t in ts]),
            "regex (old)": quality(many, lambda ts: [old_out[t] for t in ts]),
        },
    )

    if args.full_pipeline:
        from bot.privacy.engine import Analyser
        from bot.privacy.masking import Masker

        t0 = time.perf_counter()
        full = Masker(Analyser(exclude=()))
        build_s = time.perf_counter() - t0
        full.mask("warm-up")
        print(f"\nFull spaCy pipeline ({', '.join(full.analyser.pipe_names)}): built in {build_s:.2f} s")
        print_quality(
            "Labelled set, NER only vs full pipeline", {"ner only": new_q, "full": quality(records, full.mask_many)}
        )
        t = per_reply(full.mask, labelled_texts)
        rate, _ = batched(full.mask_many, texts[: args.sample * 2])
        print(
            f"full pipeline, labelled, mask(): mean {t['mean_ms']:.2f} ms, p99 {t['p99_ms']:.2f} ms; "
            f"mask_many: {rate:,.0f} replies/s"
        )


if __name__ == "__main__":
    main()
