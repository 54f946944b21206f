"""Write the long tables of a tagged archive to a folder: Parquet, CSV or JSON Lines.

``caretext export OUT --format parquet -o DIR`` writes one file per table of :mod:`caretext.io.tables`
(``documents.parquet``, ``councils.parquet``, ...) and ``caretext-export.json`` (what was written,
from which store, when, with the column descriptions). Each file is written to a temporary name and
moved into place, so a reader never sees half a table. A folder holding files caretext did not write
is refused rather than overwritten (``--force`` to replace them).

Parquet goes through pyarrow with the explicit schema of each table, in row groups, so memory stays
flat however large the archive. CSV has one value per cell (RFC 4180 quoting, cells a spreadsheet
would run as formulas neutralised); JSON Lines one object per row.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from caretext.io.tables import ERROR_TABLES, TABLES, arrow_schema, rows
from caretext.io.writers import neutralise
from caretext.store import OutputError

if TYPE_CHECKING:
    from caretext.store import StoreReader

FORMATS = ("parquet", "csv", "jsonl")
MANIFEST = "caretext-export.json"
#: rows per Parquet row group (and per batch handed to pyarrow)
BATCH_ROWS = 50_000


def _batches(items: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _write_parquet(path: Path, schema: Any, data: Iterable[dict[str, Any]], batch_rows: int = BATCH_ROWS) -> int:
    """Rows into a Parquet file with an explicit Arrow schema, a row group per batch (memory stays flat)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    n = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for batch in _batches(data, batch_rows):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


def _texts_schema() -> Any:
    import pyarrow as pa

    return pa.schema([
        pa.field("doc_id", pa.string(), metadata={"description": "the document's id"}),
        pa.field("text", pa.large_string(), metadata={"description": "its clean text, which every offset points into"}),
    ])


def _write_csv(path: Path, names: list[str], data: Iterable[dict[str, Any]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=names)
        writer.writeheader()
        for row in data:
            writer.writerow({k: neutralise(v) for k, v in row.items()})
            n += 1
    return n


def _write_jsonl(path: Path, data: Iterable[dict[str, Any]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for row in data:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def _texts_rows(store: StoreReader) -> Iterator[dict[str, Any]]:
    for doc_id, text in store.texts():
        yield {"doc_id": doc_id, "text": text}


def _refuse_foreign(directory: Path, targets: list[Path], force: bool) -> None:
    """Files at our target names that an earlier export did not write belong to the user."""
    if force or not directory.exists():
        return
    written: set[str] = set()
    manifest = directory / MANIFEST
    if manifest.is_file():
        with contextlib.suppress(OSError, ValueError):
            written = {t["file"] for t in json.loads(manifest.read_text(encoding="utf-8")).get("tables", [])}
            written.add(MANIFEST)
    foreign = [p.name for p in targets if p.exists() and p.name not in written]
    if foreign:
        raise OutputError(
            f"already holds {', '.join(sorted(foreign))}, not written by caretext export: choose another -o "
            "folder or pass --force to replace them", str(directory), usage=True)


def export_tables(store: StoreReader, directory: Path, fmt: str = "parquet", *, tables: list[str] | None = None,
                  with_text: bool = False, force: bool = False) -> list[Path]:
    """Write each table to ``directory/<table>.<fmt>`` and a manifest; return the files written."""
    if fmt not in FORMATS:
        raise OutputError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}", usage=True)
    names = list(tables or TABLES)
    unknown = [t for t in names if t not in TABLES]
    if unknown:
        raise OutputError(f"no table {', '.join(unknown)}; the tables are {', '.join(TABLES)}", usage=True)
    if with_text:
        names.append("texts")
    targets = [directory / f"{name}.{fmt}" for name in names]
    _refuse_foreign(directory, [*targets, directory / MANIFEST], force)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the export folder: {exc.strerror or exc}", str(directory)) from exc
    written: list[dict[str, Any]] = []
    for name, target in zip(names, targets, strict=True):
        tmp = target.with_name(f".{target.name}.tmp")
        if name == "texts":
            data: Iterable[dict[str, Any]] = _texts_rows(store)
            columns = ["doc_id", "text"]
        else:
            data = store.table(name)
            columns = TABLES[name].names
        try:
            if fmt == "parquet":
                n = (_write_parquet(tmp, arrow_schema(name), data) if name != "texts"
                     else _write_parquet(tmp, _texts_schema(), data, batch_rows=1000))  # texts are long: small groups
            elif fmt == "csv":
                n = _write_csv(tmp, columns, data)
            else:
                n = _write_jsonl(tmp, data)
            os.replace(tmp, target)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise OutputError(f"cannot write {target.name}: {exc.strerror or exc}", str(directory)) from exc
        written.append({"table": name, "file": target.name, "rows": n})
    manifest = {
        "store": str(store.out.resolve()),
        "format": fmt,
        "written": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "tables": written,
        "columns": {name: {c.name: {"type": c.type, "description": c.description} for c in TABLES[name].columns}
                    for name in names if name in TABLES},
    }
    tmp = directory / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, directory / MANIFEST)
    return [*targets, directory / MANIFEST]


__all__ = ["ERROR_TABLES", "FORMATS", "export_tables", "rows"]
