"""Cards and polls written as Markdown files with YAML front matter.

    ---
    title: Ring-fence SEND funding
    evidence: best-bet
    values: [Fairness, Inclusion]
    question: Should high-needs funding be ring-fenced?
    ---
    The position, in Markdown.

For a card the Markdown body is the position; for a poll (`kind: poll`) it is an
optional note. A bad file raises an error naming the file, the field and the fault.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import frontmatter
import yaml
from pydantic import ValidationError

from bot.domain.topics import PolicyCard, QuickPoll

SUFFIXES = (".md", ".markdown")


class AuthoringError(ValueError):
    """One or more problems in an authored file, each naming the field."""

    def __init__(self, path: Path | str, problems: list[tuple[str, str]]) -> None:
        self.path = str(path)
        self.problems = problems
        lines = [f"{self.path}: {field}: {message}" for field, message in problems]
        super().__init__("\n".join(lines))


@dataclass(frozen=True, slots=True)
class Authored:
    path: Path
    content: PolicyCard | QuickPoll


def _localise(value, zone: ZoneInfo):
    """YAML gives naive datetimes, dates, or (for `2026-12-04 17:00`, with no
    seconds) strings; read them all in the association's time zone."""
    if isinstance(value, str):
        try:
            value = (
                datetime.fromisoformat(value.strip()) if len(value.strip()) > 10 else date.fromisoformat(value.strip())
            )
        except ValueError:
            return value  # left for validation to report
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, date):
        return datetime.combine(value, time(23, 59), tzinfo=zone)  # a bare date means "by the end of that day"
    return value


def _split(text: str, path: Path | str) -> tuple[dict, str]:
    """The front matter's fields and the Markdown body.

    Every value is read as text (YAML's BaseLoader): `Yes`, `No`, `1.0` and
    `2026-12-04` stay as written, and the models decide what each field means.
    """
    handler = frontmatter.YAMLHandler()
    if not handler.detect(text):
        raise AuthoringError(path, [("front matter", "missing: start the file with a --- block of fields")])
    try:
        head, body = handler.split(text)
        fields = yaml.load(head, Loader=yaml.BaseLoader)  # noqa: S506 - BaseLoader builds only str, list, dict
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 2}" if mark else "front matter"  # +1 for 1-based, +1 for the opening ---
        raise AuthoringError(path, [(where, f"not valid YAML ({getattr(err, 'problem', err)})")]) from None
    except ValueError:
        raise AuthoringError(path, [("front matter", "must be closed by a line with just ---")]) from None
    if not isinstance(fields, dict) or not fields:
        raise AuthoringError(path, [("front matter", "must be a list of `field: value` lines")])
    return fields, body


def _slug_from(path: Path | str) -> str | None:
    path = Path(path)
    if path.suffix not in SUFFIXES:
        return None
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:80]
    return slug or None


def parse(text: str, path: Path | str, zone: ZoneInfo) -> PolicyCard | QuickPoll:
    fields, body = _split(text.removeprefix("\ufeff"), path)
    for name in ("publish_at", "opens_at", "closes_at"):
        if name in fields:
            fields[name] = _localise(fields[name], zone)
    kind = fields.get("kind", "card")
    body = body.strip()
    if kind == "card":
        fields.setdefault("position", body)
        model = PolicyCard
    elif kind == "poll":
        if body:
            fields.setdefault("note", body)
        model = QuickPoll
    else:
        raise AuthoringError(path, [("kind", f"must be 'card' or 'poll', not {kind!r}")])
    fields.setdefault("slug", _slug_from(path))
    try:
        return model.model_validate(fields)
    except ValidationError as err:
        problems = []
        for e in err.errors():
            field = ".".join(str(p) for p in e["loc"]) or "front matter"
            problems.append((field, e["msg"].removeprefix("Value error, ")))
        raise AuthoringError(path, problems) from None


def load(path: Path, zone: ZoneInfo) -> PolicyCard | QuickPoll:
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark from Windows editors is fine
    except FileNotFoundError:
        raise AuthoringError(path, [("file", "not found")]) from None
    except (OSError, UnicodeDecodeError) as err:
        raise AuthoringError(path, [("file", f"cannot be read ({err})")]) from None
    return parse(text, path, zone)


def library(folder: Path, zone: ZoneInfo) -> tuple[list[Authored], list[AuthoringError]]:
    """Every card and poll file in a folder, and the errors of the ones that are broken."""
    found, broken = [], []
    if folder.is_dir():
        for path in sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.name.lower() != "readme.md"):
            try:
                found.append(Authored(path, load(path, zone)))
            except AuthoringError as err:
                broken.append(err)
    return found, broken
