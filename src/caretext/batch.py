"""A batch run into an OUT folder: find the files, skip what the store already has, analyse the
rest in isolated workers, record each result as it comes, and write the outputs from the store.

Running the same command again after any interruption — Ctrl-C, ``kill -9``, a full disk, a
power cut — resumes: documents already recorded (same content, same caretext/model/rule
versions) are skipped and said to be. This module is the library side of ``caretext tag``;
the CLI only parses arguments and prints.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from caretext.cluster import DaskPool
from caretext.store import DB_NAME, OutputError, Store, file_sha256
from caretext.tagging import walk
from caretext.workers import Job, Limits, WorkerPool

#: warning texts, by the kind the summary counts them under
_WARNING_KINDS = (
    ("damaged", "damaged_text"),
    ("no text layer", "no_text_layer"),
    ("ocr", "ocr"),
    ("no subject council", "no_subject_council"),
    ("not a council", "subject_not_a_council"),
    ("does not look like english", "non_english"),
)


def warning_kind(text: str) -> str:
    low = text.lower()
    return next((kind for needle, kind in _WARNING_KINDS if needle in low), "other")


@dataclass
class Progress:
    """What a progress display needs, updated as the run goes."""

    total: int = 0
    finished: int = 0
    #: the document running longest and for how long, once it has run past half its time limit
    stuck: tuple[str, float] | None = None


@dataclass
class Summary:
    """What one run did, for the printed summary (and the runs table)."""

    found: int = 0
    skipped: int = 0
    analysed: int = 0
    duplicates: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    #: errors recorded by earlier runs for documents skipped now
    earlier_errors: int = 0
    warnings: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    payments_gbp: float = 0.0
    pages: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    outputs: tuple[Path, Path] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "found": self.found, "skipped": self.skipped, "analysed": self.analysed, "duplicates": self.duplicates,
            "errors": dict(self.errors), "earlier_errors": self.earlier_errors, "warnings": dict(self.warnings),
            "kinds": dict(self.kinds), "outcomes": dict(self.outcomes), "payments_gbp": round(self.payments_gbp, 2),
            "pages": self.pages, "seconds": round(self.seconds, 2), "interrupted": self.interrupted,
        }

    @property
    def failed(self) -> int:
        return sum(self.errors.values()) + self.earlier_errors


def _previous_outputs(out: Path) -> list[Path]:
    """Result files in OUT that no store made (an older caretext, or the user's own files)."""
    if (out / DB_NAME).exists():
        return []
    return [p for p in (out / f"{k}.{f}" for k in ("findings", "errors") for f in ("jsonl", "csv")) if p.exists()]


def run(
    paths: Any,
    out: Path,
    *,
    workers: int = 1,
    limits: Limits | None = None,
    engine: str = "pdfium",
    ocr: bool = True,
    fmt: str = "jsonl",
    force: bool = False,
    retry_errors: bool = False,
    progress: Callable[[Progress], None] | None = None,
    dask: str | None = None,
    send_files: bool = False,
    models: str | Path | None = None,
) -> Summary:
    """Tag every file under ``paths`` into ``out``; see the module docstring. Raises
    :class:`OutputError` when OUT cannot hold the results (nothing already recorded is lost)."""
    out = Path(out)
    paths = _listed(paths)  # once: an iterator given as paths is read a single time
    limits = limits or Limits()
    started = time.perf_counter()
    previous = [] if force else _previous_outputs(out)
    if previous:
        raise OutputError(
            f"already holds {previous[0].name} from a run without a store; caretext will not overwrite it: "
            "choose a new -o folder, or pass --force to replace it",
            str(out), usage=True,
        )
    summary = Summary()
    state = Progress()
    model_dir = str(Path(models).resolve()) if models else None
    with Store(out, models=model_dir) as store:
        older = store.other_versions()
        if older and not force:
            made_by = "; ".join(f"{n} by {v}" for v, n in older.items())
            raise OutputError(
                f"holds documents tagged by another caretext, model or rule version ({made_by}); this is "
                f"{store.versions}: pass --force to redo them, or use a new -o folder",
                str(out), usage=True,
            )
        store.begin_run({"paths": [os.fsdecode(os.fspath(p)) for p in paths], "workers": workers, "dask": dask,
                         "models": model_dir,
                         "timeout": limits.timeout, "max_memory_mb": limits.max_memory_mb, "engine": engine,
                         "ocr": ocr, "format": fmt, "force": force, "retry_errors": retry_errors})
        try:
            with store.transaction():
                jobs = list(_plan(store, paths, summary, force, retry_errors))
            state.total = len(jobs)
            if progress:
                progress(state)
            if jobs:
                pool: WorkerPool | DaskPool
                if dask:  # the documents go to a Dask cluster; the store and everything else stay here
                    pool = DaskPool(dask, limits, engine, ocr, send_files=send_files, models=model_dir)
                else:
                    pool = WorkerPool(min(workers, len(jobs)), limits, engine, ocr, model_dir)
                with pool:
                    for done in pool.run(jobs):
                        store.record_document(done.job.key, done.findings, done.error, done.text_z, done.seconds,
                                              done.peak_rss_mb)
                        _count(summary, done.findings, done.error)
                        state.finished += 1
                        slow = pool.slowest
                        state.stuck = (slow[0].path, slow[1]) if slow and slow[1] > limits.timeout / 2 else None
                        if progress:
                            progress(state)
        except KeyboardInterrupt:
            summary.interrupted = True
        finally:
            summary.seconds = time.perf_counter() - started
            if store.db is not None:
                summary.outputs = store.export(fmt)
                store.end_run(summary.to_dict())
    return summary


def _listed(paths: Any) -> list[Any]:
    return [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)


def _plan(store: Store, paths: list[Any], summary: Summary, force: bool, retry_errors: bool) -> Iterator[Job]:
    """Record every path found and yield a job for each content the store does not have yet."""
    this_run: set[str] = set()
    for found in walk(paths):
        summary.found += 1
        if found.problem is not None:
            code, message = found.problem
            store.record_path(found.path, None, None, None,
                              {"path": found.path, "error": code, "error_type": "PathError", "message": message})
            summary.errors[code] += 1
            continue
        try:
            st = os.stat(found.path)
            known = store.known_hash(found.path, st.st_size, st.st_mtime)
            sha = known or file_sha256(found.path)
        except OutputError:
            raise
        except OSError as exc:
            store.record_path(found.path, None, None, None, {"path": found.path, "error": "unreadable",
                              "error_type": "PathError", "message": f"cannot read it ({exc.strerror})"})
            summary.errors["unreadable"] += 1
            continue
        if known is None:  # a new or changed file (an unchanged one is recorded already)
            store.record_path(found.path, sha, st.st_size, st.st_mtime)
        if sha in this_run:
            summary.duplicates += 1
            continue
        this_run.add(sha)
        recorded = store.status(sha)
        if recorded is not None and not force and not (retry_errors and recorded[0] == "error"):
            summary.skipped += 1
            summary.earlier_errors += recorded[0] == "error"
            continue
        yield Job(sha, found.path)


def _count(summary: Summary, findings: dict[str, Any] | None, error: dict[str, Any] | None) -> None:
    if findings is None:
        summary.errors[(error or {}).get("error", "internal_error")] += 1
        return
    summary.analysed += 1
    source = findings.get("source") or {}
    summary.kinds[source.get("kind", "other")] += 1
    summary.pages += int(source.get("pages") or 0)
    for w in findings.get("warnings") or []:
        summary.warnings[warning_kind(w)] += 1
    if findings.get("outcome"):
        summary.outcomes[findings["outcome"]["label"]] += 1
    summary.payments_gbp += sum(r.get("amount_gbp") or 0.0 for r in findings.get("remedies") or []
                                if r.get("type") == "payment")
