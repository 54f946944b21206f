"""The batch store: an embedded SQLite database that makes ``caretext tag`` resumable.

``caretext tag PATH... -o OUT`` keeps its state in ``OUT/caretext.sqlite``:

* ``documents`` — one row per distinct content (sha256): status (``done`` or
  ``error``), the findings or error record as JSON, the clean text (zlib), the
  seconds and peak memory it took, and the caretext/model/rule versions that
  made it;
* ``paths`` — every path seen, the content it held (with size and mtime, so a
  re-run need not hash unchanged files again), or the problem that kept it from
  being read;
* ``runs`` — each run's arguments, start, end and counts.

The main process is the only writer (WAL journal; one transaction per
document), so a crash or ``kill -9`` loses at most the documents in flight:
running the same command again resumes. A lock file refuses a second run into
the same OUT while one is writing. ``findings.jsonl``/``errors.jsonl`` (or
``.csv``) are written from the store to a temporary file and moved into place,
so they are never torn.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
import zlib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import IO, Any

from caretext.errors import CaretextError

DB_NAME = "caretext.sqlite"
LOCK_NAME = ".caretext.lock"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('done', 'error')),
    findings TEXT,
    error TEXT,
    text BLOB,
    versions TEXT NOT NULL,
    seconds REAL,
    peak_rss_mb REAL,
    run_id INTEGER,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS paths (
    path TEXT PRIMARY KEY,
    sha256 TEXT,
    size INTEGER,
    mtime REAL,
    problem TEXT,
    run_id INTEGER,
    seen REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS paths_by_sha ON paths (sha256);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    args TEXT NOT NULL,
    versions TEXT NOT NULL,
    started REAL NOT NULL,
    ended REAL,
    counts TEXT
);
"""


class OutputError(CaretextError):
    """OUT cannot hold the results: not a folder, not writable, disk full, or in use by another run."""

    code = "output_error"

    def __init__(self, message: str, path: str | None = None, usage: bool = False) -> None:
        super().__init__(message, path)
        #: a mistake in the command (exit 2) rather than a failure of the output (exit 3)
        self.usage = usage


@cache
def versions(models: str | None = None) -> str:
    """What made a record: caretext's version, the model set's manifest (the shipped one, or ``models``)
    and the packaged rules. A record made by other versions is not reused without ``--force``."""
    from importlib import resources

    from caretext import __version__

    digest = hashlib.sha256()
    data = resources.files("caretext.data")
    for name in sorted(p.name for p in data.iterdir() if p.name.endswith((".jsonl", ".json", ".txt"))):
        digest.update(name.encode())
        digest.update(data.joinpath(name).read_bytes())
    manifest = Path(models) / "manifest.json" if models else resources.files("caretext.models").joinpath("manifest.json")
    model_hash = hashlib.sha256(manifest.read_bytes()).hexdigest()[:12] if manifest.is_file() else "none"
    return f"caretext {__version__}; models {model_hash}; rules {digest.hexdigest()[:12]}"


def file_sha256(path: str, chunk: int = 1 << 20) -> str:
    """The content hash of a file, read in pieces (never whole into memory)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def _output_problem(exc: BaseException, out: Path) -> OutputError:
    text = str(exc).lower()
    if (isinstance(exc, OSError) and exc.errno == 28) or "disk is full" in text or "no space" in text:
        return OutputError("the disk is full; free some space and run the same command again to resume", str(out))
    if "readonly" in text or "read-only" in text or (isinstance(exc, PermissionError)) or "permission" in text:
        return OutputError("cannot write here (read-only or no permission); choose another -o folder or fix its "
                           "permissions, then run the same command again", str(out))
    return OutputError(f"cannot write the results ({exc}); fix the problem and run the same command again to resume",
                       str(out))


class Store:
    """The state of the batch runs into one OUT folder. Use as a context manager: it takes the lock."""

    def __init__(self, out: Path, models: str | None = None) -> None:
        self.out = Path(out)
        #: what makes this run's records (another model set is another version: its records are redone)
        self.versions = versions(models)
        if self.out.exists() and not self.out.is_dir():
            raise OutputError("is a file, not a folder: give -o a folder (it is created if missing)", str(self.out),
                              usage=True)
        self._lock_fh: IO[str] | None = None
        self.db: sqlite3.Connection | None = None
        self.run_id: int | None = None

    # --- opening, locking ------------------------------------------------------------------------
    def __enter__(self) -> Store:
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            self._lock()
            self.db = sqlite3.connect(self.out / DB_NAME, isolation_level=None, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
            self._check_schema()
        except OutputError:
            self.close()
            raise
        except (OSError, sqlite3.Error) as exc:
            self.close()
            raise _output_problem(exc, self.out) from exc
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
            self.db = None
        if self._lock_fh is not None:
            with contextlib.suppress(OSError):
                self._lock_fh.close()
            self._lock_fh = None

    def _lock(self) -> None:
        import fcntl

        path = self.out / LOCK_NAME
        fh = open(path, "a+")  # noqa: SIM115 - held for the whole run
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            fh.close()
            raise OutputError(f"another caretext run ({holder}) is writing to this folder; wait for it to finish "
                              "or choose another -o folder", str(self.out), usage=True) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        self._lock_fh = fh

    def _check_schema(self) -> None:
        assert self.db is not None
        row = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None:
            self.db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        elif int(row[0]) != SCHEMA_VERSION:
            raise OutputError(f"holds a caretext store of schema {row[0]}, not {SCHEMA_VERSION}; use a new -o folder",
                              str(self.out), usage=True)

    def _write(self, sql: str, params: tuple[Any, ...] = ()) -> None:
        assert self.db is not None
        try:
            self.db.execute(sql, params)
        except sqlite3.Error as exc:
            raise _output_problem(exc, self.out) from exc

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Many writes as one transaction (planning a run records every path; one commit is far
        cheaper than one per path). Nothing is half-written: the whole block commits or none of it."""
        self._write("BEGIN")
        try:
            yield
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                assert self.db is not None
                self.db.execute("ROLLBACK")
            raise
        self._write("COMMIT")

    # --- runs ------------------------------------------------------------------------------------
    def begin_run(self, args: dict[str, Any]) -> int:
        assert self.db is not None
        try:
            cur = self.db.execute("INSERT INTO runs (args, versions, started) VALUES (?, ?, ?)",
                                  (json.dumps(args, default=str), self.versions, time.time()))
        except sqlite3.Error as exc:
            raise _output_problem(exc, self.out) from exc
        self.run_id = int(cur.lastrowid or 0)
        return self.run_id

    def end_run(self, counts: dict[str, Any]) -> None:
        self._write("UPDATE runs SET ended = ?, counts = ? WHERE id = ?", (time.time(), json.dumps(counts), self.run_id))

    # --- what is known -----------------------------------------------------------------------------
    def known_hash(self, path: str, size: int, mtime: float) -> str | None:
        """The content hash recorded for ``path`` if the file has not changed since (size and mtime)."""
        assert self.db is not None
        row = self.db.execute("SELECT sha256, size, mtime FROM paths WHERE path = ?", (path,)).fetchone()
        if row and row[0] and row[1] == size and row[2] == mtime:
            return str(row[0])
        return None

    def status(self, sha256: str) -> tuple[str, str] | None:
        """``(status, versions)`` of a document already analysed, or None."""
        assert self.db is not None
        row = self.db.execute("SELECT status, versions FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return (str(row[0]), str(row[1])) if row else None

    def other_versions(self) -> dict[str, int]:
        """Documents made by versions other than this caretext's, counted by version."""
        assert self.db is not None
        rows = self.db.execute("SELECT versions, COUNT(*) FROM documents WHERE versions != ? GROUP BY versions",
                               (self.versions,)).fetchall()
        return {str(v): int(n) for v, n in rows}

    # --- recording --------------------------------------------------------------------------------
    def record_path(self, path: str, sha256: str | None, size: int | None, mtime: float | None,
                    problem: dict[str, Any] | None = None) -> None:
        self._write(
            "INSERT INTO paths (path, sha256, size, mtime, problem, run_id, seen) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, mtime = excluded.mtime, "
            "problem = excluded.problem, run_id = excluded.run_id, seen = excluded.seen",
            (path, sha256, size, mtime, json.dumps(problem) if problem else None, self.run_id, time.time()),
        )

    def record_document(self, sha256: str, findings: dict[str, Any] | None, error: dict[str, Any] | None,
                        text_z: bytes | None, seconds: float, peak_rss_mb: float) -> None:
        """One analysed document, in one transaction."""
        status = "done" if findings is not None else "error"
        self._write(
            "INSERT INTO documents (sha256, status, findings, error, text, versions, seconds, peak_rss_mb, run_id, "
            "updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(sha256) DO UPDATE SET status = excluded.status, "
            "findings = excluded.findings, error = excluded.error, text = excluded.text, versions = excluded.versions, "
            "seconds = excluded.seconds, peak_rss_mb = excluded.peak_rss_mb, run_id = excluded.run_id, "
            "updated = excluded.updated",
            (sha256, status,
             json.dumps(findings, ensure_ascii=False) if findings is not None else None,
             json.dumps(error, ensure_ascii=False) if error is not None else None,
             text_z, self.versions, seconds, peak_rss_mb, self.run_id, time.time()),
        )

    # --- reading back -----------------------------------------------------------------------------
    def text(self, sha256: str) -> str | None:
        """The clean text of a document, which every offset in its findings points into."""
        assert self.db is not None
        row = self.db.execute("SELECT text FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return zlib.decompress(row[0]).decode("utf-8", "surrogatepass") if row and row[0] else None

    def records(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """``("findings" | "error", record)`` for every path, in path order: one findings record per
        distinct content (its first path; the others listed in ``source.also_at``), one error record
        per path that could not be read or whose content failed."""
        assert self.db is not None
        return _records(self.db)

    def export(self, fmt: str = "jsonl") -> tuple[Path, Path]:
        """Write ``findings`` and ``errors`` files from the store (temporary file, then moved into place)."""
        from caretext.findings import ErrorRecord, Findings
        from caretext.io.writers import CsvWriter, JsonlWriter, RecordWriter

        outs = {kind: self.out / f"{kind}.{fmt}" for kind in ("findings", "errors")}
        tmp = {kind: self.out / f".{kind}.{fmt}.tmp" for kind in outs}
        try:
            writers: dict[str, RecordWriter] = {
                kind: JsonlWriter(tmp[kind]) if fmt == "jsonl" else CsvWriter(tmp[kind], kind) for kind in outs
            }
            try:
                for kind, record in self.records():
                    if kind == "findings":
                        writers["findings"].write(Findings.from_dict(record))
                    else:
                        writers["errors"].write(ErrorRecord.model_validate(
                            {k: record.get(k) for k in ErrorRecord.model_fields}))
            finally:
                for w in writers.values():
                    w.close()
            for kind in outs:
                os.replace(tmp[kind], outs[kind])
        except OSError as exc:
            for p in tmp.values():
                with contextlib.suppress(OSError):
                    p.unlink()
            raise _output_problem(exc, self.out) from exc
        return outs["findings"], outs["errors"]


def _records(db: sqlite3.Connection) -> Iterator[tuple[str, dict[str, Any]]]:
    """The records of :meth:`Store.records`, streamed: the paths are read first (small), then each
    document's record as the cursor reaches it, so an archive of any size is read in little memory."""
    by_sha: dict[str, list[str]] = {}
    for path, sha in db.execute(
        "SELECT p.path, p.sha256 FROM paths p JOIN documents d ON d.sha256 = p.sha256 "
        "WHERE d.status = 'done' ORDER BY p.path"
    ):
        by_sha.setdefault(sha, []).append(path)
    rows = db.execute(
        "SELECT p.path, p.sha256, p.problem, d.status, d.findings, d.error FROM paths p "
        "LEFT JOIN documents d ON d.sha256 = p.sha256 ORDER BY p.path"
    )
    for path, sha, problem, status, findings, error in rows:
        if problem:
            yield "error", json.loads(problem)
        elif status == "done" and findings:
            paths = by_sha[sha]
            if path != paths[0]:
                continue
            record = json.loads(findings)
            record["source"]["path"] = path
            record["source"]["also_at"] = paths[1:]
            yield "findings", record
        elif status == "error" and error:
            record = json.loads(error)
            record["path"] = path
            yield "error", record


class StoreReader:
    """Read access to a tagged OUT folder: ``caretext.open_store(OUT)``.

    Opens ``OUT/caretext.sqlite`` read-only (no lock: a run may be writing it; SQLite's WAL lets
    readers see every document committed so far). Iterate ``findings()`` and ``errors()``, get the
    clean text every offset points into with ``text(doc_id)``, and the long tables of
    :mod:`caretext.io.tables` with ``table()``, ``to_arrow()``, ``to_pandas()``, or write them all
    with ``export()``."""

    def __init__(self, out: str | Path) -> None:
        self.out = Path(out)
        db_path = self.out / DB_NAME
        if not db_path.is_file():
            raise OutputError("holds no caretext store (caretext.sqlite): tag a folder into it first",
                              str(self.out), usage=True)
        try:
            self.db = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
            row = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.Error as exc:
            raise _output_problem(exc, db_path) from exc
        if row is None or int(row[0]) != SCHEMA_VERSION:
            raise OutputError(f"holds a caretext store of schema {row[0] if row else '?'}, not {SCHEMA_VERSION}",
                              str(self.out))

    def __enter__(self) -> StoreReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def _records(self, kind: str) -> Iterator[dict[str, Any]]:
        return (record for k, record in _records(self.db) if k == kind)

    def findings(self) -> Iterator[Any]:
        """Every findings record, as :class:`caretext.Findings`, one per distinct document."""
        from caretext.findings import Findings

        return (Findings.from_dict(r) for r in self._records("findings"))

    def errors(self) -> Iterator[Any]:
        """Every path that could not be read, as :class:`caretext.ErrorRecord`."""
        from caretext.findings import ErrorRecord

        return (ErrorRecord.model_validate({k: r.get(k) for k in ErrorRecord.model_fields})
                for r in self._records("error"))

    def text(self, doc_id: str) -> str | None:
        """The clean text of a document (by ``doc_id`` or full sha256), which its offsets point into."""
        row = self.db.execute("SELECT text FROM documents WHERE sha256 LIKE ? AND status = 'done'",
                              (doc_id.lower() + "%",)).fetchone()
        return zlib.decompress(row[0]).decode("utf-8", "surrogatepass") if row and row[0] else None

    def table(self, name: str) -> Iterator[dict[str, Any]]:
        """The rows of one long table (``caretext.io.tables.TABLES``), as dicts."""
        from caretext.io.tables import ERROR_TABLES, TABLES, rows

        if name not in TABLES:
            raise KeyError(f"no table {name!r}; the tables are {', '.join(TABLES)}")
        return rows(name, self._records("error" if name in ERROR_TABLES else "findings"))

    def to_arrow(self, name: str) -> Any:
        """One table as a ``pyarrow.Table`` with explicit types (descriptions in field metadata)."""
        from caretext.io.tables import ERROR_TABLES, to_arrow

        return to_arrow(name, self._records("error" if name in ERROR_TABLES else "findings"))

    def to_pandas(self, name: str) -> Any:
        """One table as a pandas ``DataFrame`` (needs pandas; nullable dtypes keep nulls in numbers)."""
        import pandas as pd

        return self.to_arrow(name).to_pandas(types_mapper=pd.ArrowDtype)

    def export(self, directory: str | Path, fmt: str = "parquet", tables: list[str] | None = None,
               with_text: bool = False, force: bool = False) -> list[Path]:
        """Write the tables to ``directory`` (see :func:`caretext.io.exports.export_tables`)."""
        from caretext.io.exports import export_tables

        return export_tables(self, Path(directory), fmt, tables=tables, with_text=with_text, force=force)

    def texts(self) -> Iterator[tuple[str, str]]:
        """``(doc_id, clean text)`` of every analysed document."""
        for sha, blob in self.db.execute("SELECT sha256, text FROM documents WHERE status = 'done' ORDER BY sha256"):
            if blob:
                yield sha[:16], zlib.decompress(blob).decode("utf-8", "surrogatepass")


def open_store(out: str | Path) -> StoreReader:
    """Read a tagged OUT folder (``caretext tag PATHS -o OUT``): findings, texts and long tables."""
    return StoreReader(out)
