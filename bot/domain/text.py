"""Member text arrives from anywhere; keep it faithful but storable."""

import re

# PostgreSQL text cannot hold NUL, and lone surrogates cannot be encoded as UTF-8:
# both would make a commit fail and lose the whole event, so they become U+FFFD.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def clean_text(text: str) -> str:
    return _UNSTORABLE.sub("\ufffd", text)
