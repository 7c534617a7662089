"""The chat commands the core understands, whatever the platform.

Slack's `/listening close CARD-0003`, Discord's `/listening close`, and the
console's `close 3` all arrive here as text.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field

from bot.domain.limits import MAX_COMMAND
from bot.domain.text import strip_unstorable
from bot.errors import Refusal

# Phones and Macs turn straight quotes into curly ones; members should not have to care.
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    args: tuple[str, ...] = ()
    flags: dict[str, str | bool] = field(default_factory=dict)


def split(text: str) -> list[str]:
    """The words of a command. NUL and lone surrogates are dropped first: the database
    cannot store them, and `show CARD-0003` followed by a stray NUL still finds the card."""
    text = strip_unstorable(text)
    if len(text) > MAX_COMMAND:
        raise Refusal(f"That command is too long: {len(text):,} characters, at most {MAX_COMMAND:,}. Nothing was done.")
    try:
        return shlex.split(text.translate(_QUOTES))
    except ValueError:
        raise Refusal('A quote is left open. Put each option in its own pair of quotes: "Yes" "No"') from None


def parse(text: str, value_flags: frozenset[str] = frozenset({"closes", "publish"})) -> Command:
    """`poll "Q" "A" "B" --closes 3d --multiple` → name, positional args, flags."""
    words = split(text)
    if not words:
        return Command("help")
    name, rest = words[0].lower().lstrip("/"), words[1:]
    args: list[str] = []
    flags: dict[str, str | bool] = {}
    i = 0
    while i < len(rest):
        word = rest[i]
        if word.startswith("--") and len(word) > 2:
            key, _, value = word[2:].partition("=")
            if key in value_flags and not value:
                if i + 1 >= len(rest):
                    raise Refusal(f"--{key} needs a value, e.g. --{key} 3d")
                value, i = rest[i + 1], i + 1
            flags[key] = value or True
        else:
            args.append(word)
        i += 1
    return Command(name, tuple(args), flags)
