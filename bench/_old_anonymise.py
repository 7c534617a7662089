"""The regex masker that bot/privacy replaced, kept here only so bench.masking can compare the two.

Quotes that cannot be traced to a person: addresses, numbers, personal links and
mentions are masked before any member text reaches a summary."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# UK and international phone numbers: +44 7700 900123, 07700 900123, (020) 7946 0958
_PHONE = re.compile(r"(?<![\w£$€.,])(?:\+\d{1,3}[\s-]?)?\(?0?\d{2,5}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\w,.]\d)")
# Slack wraps links as <https://…|label>: the label can name someone too.
_SLACK_LINK = re.compile(r"<(https?://[^\s|>]+)\|[^>]*>", re.IGNORECASE)
_URL = re.compile(
    r"(?:https?://|(?<![\w@.])www\.)([^\s/?#<>|]+)([/?#][^\s<>|]*)?"
    r"|(?<![\w@./])((?:[a-z0-9-]+\.)+(?:com|org|net|uk|io|co|edu|gov|info))(/[^\s<>|]+)",
    re.IGNORECASE,
)
# Slack <@U123>, <!subteam^S1|@team>, <!channel>; Discord <@123>, <@!123>, <@&456>; plain @name
_MENTION = re.compile(r"<[@!#][^>]*>|<@!?&?\d+>|(?<![\w.])@[A-Za-z][\w-]*(?:\.[\w-]+)*")


def _url(match: re.Match) -> str:
    host = match.group(1) or match.group(3)
    rest = match.group(2) or match.group(4) or ""
    host = host if not match.group(0).lower().startswith("www.") else "www." + host
    # A bare site is public; a path, query or fragment may name someone (a profile, a shared document).
    return f"https://{host}/[link]" if rest.strip("/") else f"https://{host}"


def anonymise(text: str) -> str:
    text = _SLACK_LINK.sub(r"\1", text)
    text = _URL.sub(_url, text)
    text = _EMAIL.sub("[email]", text)
    text = _PHONE.sub("[phone]", text)
    text = _MENTION.sub("[someone]", text)
    return text
