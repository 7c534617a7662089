"""Member text arrives from anywhere; keep it faithful but storable."""

import re
from dataclasses import dataclass

# PostgreSQL text cannot hold NUL, and lone surrogates cannot be encoded as UTF-8:
# both would make a commit fail and lose the whole event, so they become U+FFFD.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def clean_text(text: str) -> str:
    return _UNSTORABLE.sub("\ufffd", text)


def strip_unstorable(text: str) -> str:
    """Drop them instead: for words that are looked up (`show CARD-0003\x00`)."""
    return _UNSTORABLE.sub("", text)


def clean_value(value):
    """`clean_text` on every string in a JSON-like value (keys too), the rest as it is."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_value(k): clean_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_value(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class Unmasked:
    """A member's text whose masked copy is not made yet: whatever quotes it masks it first.
    Not a `str`, so it cannot be quoted as it is by mistake."""

    text: str

    def __repr__(self) -> str:  # member text never reaches a log
        return f"Unmasked(<{len(self.text)} characters>)"
