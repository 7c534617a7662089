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

Limits (bot/domain/limits.py): a file is at most 256 KiB, its front matter at most
64 KiB, lists and mappings nest at most 10 deep, and YAML anchors and aliases (`&`, `*`)
are refused. In a folder, one broken file is reported and never stops the others.
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

from bot.domain.limits import MAX_CARD_FILE, MAX_FRONT_MATTER, MAX_YAML_DEPTH, out_of_range
from bot.domain.text import clean_text
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
    except ValueError:
        raise AuthoringError(path, [("front matter", "must be closed by a line with just ---")]) from None
    if len(head) > MAX_FRONT_MATTER:
        raise AuthoringError(
            path, [("front matter", f"too long: {len(head):,} characters, at most {MAX_FRONT_MATTER:,}")]
        )
    try:
        _check_shape(head, path)
        fields = yaml.load(head, Loader=yaml.BaseLoader)  # noqa: S506 - BaseLoader builds only str, list, dict
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "front matter"  # the head starts on the --- line
        raise AuthoringError(path, [(where, f"not valid YAML ({getattr(err, 'problem', err)})")]) from None
    except RecursionError:  # the shape check should make this impossible
        raise AuthoringError(path, [("front matter", "nested too deeply")]) from None
    if not isinstance(fields, dict) or not fields:
        raise AuthoringError(path, [("front matter", "must be a list of `field: value` lines")])
    return fields, body


def _check_shape(head: str, path: Path | str) -> None:
    """Refuse deep nesting and aliases before building anything: PyYAML builds nested
    lists recursively (400 `[` exhaust the stack) and aliases can multiply a small file
    into billions of values. Its parser, which this walks, is not recursive."""
    depth = 0
    for event in yaml.parse(head, Loader=yaml.BaseLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            line = event.start_mark.line + 1
            raise AuthoringError(path, [(f"line {line}", "YAML anchors and aliases (& and *) are not supported")])
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH + 1:  # +1: the front matter is itself a mapping
                line = event.start_mark.line + 1
                raise AuthoringError(
                    path, [(f"line {line}", f"nested too deeply: at most {MAX_YAML_DEPTH} levels of lists")]
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _slug_from(path: Path | str) -> str | None:
    path = Path(path)
    if path.suffix not in SUFFIXES:
        return None
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:80]
    return slug or None


def parse(text: str, path: Path | str, zone: ZoneInfo, now: datetime | None = None) -> PolicyCard | QuickPoll:
    """Times before 2000 are refused, and after 2100, or more than 5 years after `now`
    if it is given (publishing always checks that too)."""
    fields, body = _split(clean_text(text.removeprefix("\ufeff")), path)
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
        content = model.model_validate(fields)
    except ValidationError as err:
        problems = []
        for e in err.errors():
            field = ".".join(str(p) for p in e["loc"]) or "front matter"
            problems.append((field, e["msg"].removeprefix("Value error, ")))
        raise AuthoringError(path, problems) from None
    times = {name: getattr(content, name) for name in ("publish_at", "opens_at", "closes_at")}
    problems = [(name, out_of_range(when, now)) for name, when in times.items() if when is not None]
    if any(problem for _, problem in problems):
        raise AuthoringError(path, [(name, problem) for name, problem in problems if problem])
    return content


def load(path: Path, zone: ZoneInfo, now: datetime | None = None) -> PolicyCard | QuickPoll:
    """A card or poll file; any fault in it is an AuthoringError naming the file."""
    try:
        if not path.is_file():  # a folder, a device or a pipe (which would never finish reading)
            if not path.exists():
                raise FileNotFoundError
            raise AuthoringError(path, [("file", "is not a regular file")])
        size = path.stat().st_size
        if size > MAX_CARD_FILE:
            raise AuthoringError(path, [("file", f"too big: {size:,} bytes, at most {MAX_CARD_FILE:,}")])
        with path.open("rb") as file:
            raw = file.read(MAX_CARD_FILE + 1)  # it may have grown since
        if len(raw) > MAX_CARD_FILE:
            raise AuthoringError(path, [("file", f"too big: more than {MAX_CARD_FILE:,} bytes")])
        text = raw.decode("utf-8-sig")  # a byte-order mark from Windows editors is fine
    except FileNotFoundError:
        raise AuthoringError(path, [("file", "not found")]) from None
    except (OSError, UnicodeDecodeError) as err:
        raise AuthoringError(path, [("file", f"cannot be read ({err})")]) from None
    try:
        return parse(text, path, zone, now)
    except AuthoringError:
        raise
    except (RecursionError, MemoryError, ValueError, TypeError) as err:  # whatever slips past the limits
        raise AuthoringError(path, [("file", f"cannot be read ({type(err).__name__})")]) from None


def library(folder: Path, zone: ZoneInfo, now: datetime | None = None) -> tuple[list[Authored], list[AuthoringError]]:
    """Every card and poll file in a folder, and the errors of the ones that are broken.

    Only files really in the folder: a link to a file elsewhere is reported, not read."""
    found, broken = [], []
    if not folder.is_dir():
        return found, broken
    root = folder.resolve()
    for path in sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.name.lower() != "readme.md"):
        try:
            try:
                inside = path.resolve(strict=True).is_relative_to(root)
            except (OSError, RuntimeError):  # a broken link, or a loop of links
                raise AuthoringError(path, [("file", "is a link that leads nowhere")]) from None
            if not inside:
                raise AuthoringError(path, [("file", "links to a file outside the cards folder; copy it in instead")])
            found.append(Authored(path, load(path, zone, now)))
        except AuthoringError as err:
            broken.append(err)
        except Exception as err:  # noqa: BLE001 - one bad file must never hide the others
            broken.append(AuthoringError(path, [("file", f"cannot be read ({type(err).__name__})")]))
    return found, broken
