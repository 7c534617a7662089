"""One line per notable event, and never a secret."""

from __future__ import annotations

import logging
from pathlib import Path

HANDLER_NAME = "listening-bot"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactingFormatter(logging.Formatter):
    """Replaces any configured secret that finds its way into a log line,
    tracebacks included."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__(FORMAT)
        self.secrets = [s for s in secrets if len(s) >= 4]

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        for secret in self.secrets:
            line = line.replace(secret, "********")
        return line


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
    for noisy in ("sqlalchemy", "aiosqlite", "asyncpg", "alembic"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))
