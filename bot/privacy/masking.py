"""mask(), mask_many() and warm(): one masker per process, built on first use.

Masking reads each sentence, replaces what it found, and reads the sentences it changed
once more, until nothing changes (at most MAX_PASSES): the model may see a name it
missed once its neighbour has become "[a person]". So masking masked text changes
nothing. Unchanged sentences, most of them, are read once.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

from bot.privacy import segments
from bot.privacy.placeholders import NAME_LIKE, PLACEHOLDERS

MAX_PASSES = 3

# "[a person] [a person]": two finds that met after a second pass read as one
_REPEATED = re.compile(
    "|".join(rf"{re.escape(PLACEHOLDERS[k])}(?:\s+{re.escape(PLACEHOLDERS[k])})+" for k in NAME_LIKE)
)


def _replace(text: str, spans) -> str:
    out, last = [], 0
    for span in spans:
        out.append(text[last : span.start])
        out.append(PLACEHOLDERS[span.kind])
        last = span.end
    out.append(text[last:])
    return _REPEATED.sub(lambda m: m.group(0)[: m.group(0).index("]") + 1], "".join(out))


class Masker:
    """Masks text with one analyser (engine.Analyser), one caller at a time: spaCy's
    pipeline is not documented as safe to share between threads."""

    def __init__(self, analyser=None):
        if analyser is None:
            from bot.privacy.engine import Analyser  # heavy (spaCy, Presidio): only when first needed

            analyser = Analyser()
        self.analyser = analyser
        self._lock = threading.Lock()

    def _pieces(self, pieces: list[str]) -> list[str]:
        from bot.privacy.resolve import resolve

        current = list(pieces)
        pending = [i for i, piece in enumerate(current) if piece.strip()]
        for _ in range(MAX_PASSES):
            if not pending:
                break
            changed = []
            for i, results in zip(pending, self.analyser.analyse([current[i] for i in pending]), strict=True):
                masked = _replace(current[i], resolve(current[i], results))
                if masked != current[i]:
                    current[i] = masked
                    changed.append(i)
            pending = changed
        return current

    def mask(self, text: str) -> str:
        if not text or not text.strip():
            return text
        with self._lock:
            return "".join(self._pieces(segments.split(text)))

    def mask_many(self, texts: Iterable[str]) -> list[str]:
        texts = list(texts)
        pieces, owners = [], []
        for n, text in enumerate(texts):
            for piece in segments.split(text or ""):
                pieces.append(piece)
                owners.append(n)
        with self._lock:
            masked = self._pieces(pieces)
        out = ["" if text else text for text in texts]
        for n, piece in zip(owners, masked, strict=True):
            out[n] += piece
        return out


_build_lock = threading.Lock()
_masker: Masker | None = None


def _get() -> Masker:
    global _masker
    if _masker is None:
        with _build_lock:
            if _masker is None:
                _masker = Masker()
    return _masker


def warm() -> None:
    """Build the masker now (a second or two: the model and Presidio load) rather than on
    the first reply."""
    _get()


def mask(text: str) -> str:
    """The text with every personal detail replaced by a placeholder such as "[a person]"."""
    return _get().mask(text)


def mask_many(texts: Iterable[str]) -> list[str]:
    """mask() on each text, the model reading sentences from all of them in batches."""
    return _get().mask_many(texts)
