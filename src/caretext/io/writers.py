"""Record writers that persist each record as soon as it is written.

Every ``write`` is flushed to the operating system, so a crash (or Ctrl-C)
part-way through a batch loses nothing already written.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Protocol

from caretext.findings import ErrorRecord, Findings


class RecordWriter(Protocol):
    def write(self, record: Findings | ErrorRecord) -> None: ...
    def close(self) -> None: ...


class JsonlWriter:
    """One JSON object a line, UTF-8, flushed per record."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: IO[str] = path.open("w", encoding="utf-8")

    def write(self, record: Findings | ErrorRecord) -> None:
        self._fh.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()


FINDINGS_CSV_COLUMNS = [
    "doc_id",
    "path",
    "kind",
    "format",
    "pages",
    "title",
    "published",
    "subject_council",
    "subject_gss",
    "councils",
    "outcome",
    "outcome_detail",
    "category",
    "subcategory",
    "themes",
    "remedies_total_gbp",
    "injustice",
    "references",
    "n_quotes",
    "n_statistics",
    "warnings",
    "findings_json",
    # added with the press stage (issue 6); appended so earlier columns keep their positions
    "author",
    "publisher",
    "speakers",
]


def findings_row(f: Findings) -> dict[str, Any]:
    """A flat spreadsheet row; the full record stays in ``findings_json``."""
    subject = next((c for c in f.councils if c.role == "subject"), None)
    payments = [r.amount_gbp for r in f.remedies if r.amount_gbp is not None]
    return {
        "doc_id": f.doc_id,
        "path": f.source.path,
        "kind": f.source.kind,
        "format": f.source.format,
        "pages": f.source.pages,
        "title": f.title,
        "published": f.published,
        "subject_council": subject.name if subject else None,
        "subject_gss": subject.gss if subject else None,
        "councils": "; ".join(c.name for c in f.councils),
        "outcome": f.outcome.label if f.outcome else None,
        "outcome_detail": f.outcome.detail if f.outcome else None,
        "category": f.category.category if f.category else None,
        "subcategory": f.category.subcategory if f.category else None,
        "themes": "; ".join(t.label for t in f.themes),
        "remedies_total_gbp": sum(payments) if payments else None,
        "injustice": "; ".join(f.injustice),
        "references": "; ".join(dict.fromkeys(r.id for r in f.references)),
        "n_quotes": len(f.quotes),
        "n_statistics": len(f.statistics),
        "warnings": "; ".join(f.warnings),
        "findings_json": f.to_json(),
        "author": f.author,
        "publisher": f.publisher,
        "speakers": "; ".join(dict.fromkeys(q.speaker for q in f.quotes if q.speaker)),
    }


#: what a spreadsheet would run as a formula at the start of a cell
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula ("=HYPERLINK(...)", "+44...", "@SUM") gets a
    leading apostrophe (OWASP's advice for CSV injection); numbers and other cells pass unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class CsvWriter:
    """Findings or errors as CSV rows (RFC 4180 quoting), flushed per record."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path = path
        self._fh: IO[str] = path.open("w", encoding="utf-8", newline="")
        columns = FINDINGS_CSV_COLUMNS if kind == "findings" else list(ErrorRecord.model_fields)
        self._writer = csv.DictWriter(self._fh, fieldnames=columns)
        self._writer.writeheader()
        self._fh.flush()

    def write(self, record: Findings | ErrorRecord) -> None:
        row = findings_row(record) if isinstance(record, Findings) else record.to_dict()
        self._writer.writerow({k: neutralise(v) for k, v in row.items()})
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()


def open_writer(outdir: Path, kind: str, fmt: str) -> RecordWriter:
    """``findings``/``errors`` writer in ``outdir`` for ``jsonl`` or ``csv``."""
    outdir.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        return JsonlWriter(outdir / f"{kind}.jsonl")
    if fmt == "csv":
        return CsvWriter(outdir / f"{kind}.csv", kind)
    raise ValueError(f"unknown output format {fmt!r}")


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)
