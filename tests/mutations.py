"""Payloads with a field missing or of the wrong type: hypothesis strategies that take a
payload shaped as a platform documents it and break it the way fuzzing found the bot broken
(`ts: "-inf"`, `thread_ts: true`, `text: 1.5`, `state.values` as a string, a missing `item.ts`,
a 160-character id), a few fields at a time."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

ODD_TEXT = st.sampled_from(
    [
        "",
        " ",
        "-inf",
        "inf",
        "nan",
        "1e400",
        "0",
        "-1",
        "1700000000",
        "true",
        "null",
        "\x00",
        "\ud800",
        "é" * 3,
        "x" * 160,
        "x" * 5000,
        "<!channel>",
        "@everyone",
        "vote:1:999999999999",
        "vote:١:٢",
        "[",
        "{}",
        "\n\r\t",
    ]
)
ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    ODD_TEXT,
    st.text(max_size=40),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.builds(lambda: [{}]),  # a fresh object each time: one placed twice could end up inside itself
    st.builds(lambda: {"nested": {"deeper": [None]}}),
)


def paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON-like value a mutation can reach."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, inner in value.items():
            found += paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += paths(inner, (*prefix, index))
    return found


def _apply(payload: Any, path: tuple, replacement: Any, delete: bool) -> None:
    *parents, last = path
    holder = payload
    for step in parents:
        holder = holder[step]
    if delete and isinstance(holder, dict):
        holder.pop(last, None)
    else:
        holder[last] = replacement


@st.composite
def broken(draw, base: dict, most: int = 3) -> dict:
    """`base` with one to `most` of its fields deleted or replaced by an odd value."""
    payload = copy.deepcopy(base)
    for _ in range(draw(st.integers(min_value=1, max_value=most))):
        places = paths(payload)
        if not places:
            break
        path = draw(st.sampled_from(places))
        try:
            _apply(payload, path, draw(ODD), draw(st.booleans()))
        except (KeyError, IndexError, TypeError):  # an earlier mutation moved this place away
            continue
    return payload


def fuzz(examples: int):
    """Hypothesis settings for the suite: a fixed sequence of examples (the same in CI and here),
    no example database, no deadline (the suite's speed is watched as a whole)."""
    from hypothesis import HealthCheck, settings

    return settings(
        derandomize=True, deadline=None, database=None, max_examples=examples, suppress_health_check=list(HealthCheck)
    )


def mutate(base: dict, rng, most: int = 3) -> dict:
    """The same kind of breakage as `broken`, from a `random.Random` (for bench/, which runs
    tens of thousands without hypothesis's bookkeeping)."""
    odd = [
        None,
        True,
        False,
        0,
        -1,
        2**70,
        1.5,
        float("inf"),
        float("nan"),
        "",
        "-inf",
        "1e400",
        "\x00",
        "\ud800",
        "x" * 160,
        "x" * 5000,
        "<!channel>",
        "vote:1:999999999999",
        "vote:١:٢",
        [],
        [{}],
        {},
        {"nested": [None]},
    ]
    payload = copy.deepcopy(base)
    for _ in range(rng.randint(1, most)):
        places = paths(payload)
        if not places:
            break
        try:
            _apply(payload, rng.choice(places), copy.deepcopy(rng.choice(odd)), rng.random() < 0.5)
        except (KeyError, IndexError, TypeError):
            continue
    return payload
