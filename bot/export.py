"""Writing what has been recorded to files: one record per current vote, reply,
reaction and idea, with members as pseudonyms and deleted replies without text.

Which tables there are is storage's to say: the application passes them in
(`storage.exports.datasets()`), and the core reads each through the reading unit."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

from tqdm import tqdm

from bot.ports import Dataset, Store

FORMATS = ("json", "csv")


# A cell starting with one of these is a formula to a spreadsheet; member text must not run.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


async def export(
    store: Store, fmt: str, out: Path, *, tables: Sequence[Dataset], progress: bool = True
) -> dict[str, Path]:
    """Write each of `tables` to `out` as `<table>.<fmt>`; returns the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"--out must be a folder; {out} is a file")
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    async with store.reading() as unit:
        total = sum([await unit.readouts.count_rows(t) for t in tables])
        with tqdm(total=total, unit="rows", desc="export", disable=not progress or total < 10_000) as bar:
            for table in tables:
                path = out / f"{table.name}.{fmt}"
                with path.open("w", encoding="utf-8", newline="") as file:
                    if fmt == "csv":
                        writer = csv.DictWriter(file, fieldnames=table.columns)
                        writer.writeheader()
                        async for record in unit.readouts.records(table):
                            writer.writerow({k: _spreadsheet_safe(v) for k, v in record.items()})
                            bar.update()
                    else:
                        file.write("[")
                        first = True
                        async for record in unit.readouts.records(table):
                            file.write("\n  " if first else ",\n  ")
                            file.write(json.dumps(record, ensure_ascii=False))
                            first = False
                            bar.update()
                        file.write("\n]\n" if not first else "]\n")
                written[table.name] = path
    return written
