"""One line per notable event, and never a secret, a member's words or a platform user id.

The bot's own lines name members by pseudonym only. The platform libraries log payloads at INFO
and DEBUG (bolt logs the body of a request it refuses; discord.py every gateway frame), so they
are held at WARNING whatever the level, and what they do say has platform ids taken out. Every
line is one line: a newline in a message or a traceback is written as "\\n", so nobody can forge
a line of the log by sending text.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

HANDLER_NAME = "listening-bot"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
OURS = ("bot", "adapters", "storage", "bench", "__main__")
# Libraries that log payloads below WARNING.
TALKATIVE = ("slack_bolt", "slack_sdk", "discord", "websockets", "aiohttp", "urllib3", "httpx", "httpcore")
QUIET = ("sqlalchemy", "aiosqlite", "asyncpg", "alembic", "presidio-analyzer", "presidio_analyzer", "spacy")
# Slack user/bot/team ids ("U024BE7LH") and Discord snowflakes (17–20 digits).
_PLATFORM_ID = re.compile(r"\b(?:[UWBT][A-Z0-9]{8,12}|\d{17,20})\b")


def one_line(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")


class RedactingFormatter(logging.Formatter):
    """Replaces any configured secret that finds its way into a log line, tracebacks included;
    takes platform ids out of other libraries' lines; writes every record as one line."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__(FORMAT)
        self.secrets = [s for s in secrets if len(s) >= 4]

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        for secret in self.secrets:
            line = line.replace(secret, "********")
        if not record.name.startswith(OURS):
            line = _PLATFORM_ID.sub("[an id]", line)
        return one_line(line)


def configure(level: str, secrets: list[str], file: Path | None = None, quiet_console: bool = False) -> None:
    """`quiet_console`: the console adapter owns the terminal, so only warnings go there."""
    handler: logging.Handler = logging.FileHandler(file) if file else logging.StreamHandler()
    handler.setFormatter(RedactingFormatter(secrets))
    if quiet_console and file is None:
        handler.setLevel(logging.WARNING)
    handler.set_name(HANDLER_NAME)
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:  # ours from an earlier call
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level)
    floor = max(logging.WARNING, logging.getLevelName(level))
    for noisy in QUIET + TALKATIVE:
        logging.getLogger(noisy).setLevel(floor)
