"""``tag``: many files through ``analyze``, one result per file, whatever the files are.

Files are found by :func:`walk`, which never skips one silently: a folder it
cannot read, a dangling or looping link and a name that is not valid UTF-8 each
come back as a problem to report. Each file is analysed in an isolated worker
process (:mod:`caretext.workers`) under a time and memory limit, so a file that
crashes, hangs or floods memory costs only its own record. Results come back
as soon as each file is done.
"""

from __future__ import annotations

import gc
import logging
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from caretext.errors import ArgumentTypeError
from caretext.findings import ErrorRecord, Findings

log = logging.getLogger(__name__)

Result = Findings | ErrorRecord


def display_path(path: str | bytes | os.PathLike[str]) -> str:
    """A path as text that can always be written out: bytes that are not UTF-8 in a file name
    become ``\\xNN`` escapes instead of crashing a writer."""
    raw = os.fsencode(path)
    return raw.decode("utf-8", "backslashreplace")


@dataclass(frozen=True)
class Found:
    """A file to analyse, or a path that cannot be (``problem`` = (error code, message))."""

    path: str
    problem: tuple[str, str] | None = None


def _as_paths(paths: Any) -> list[str | os.PathLike[str]]:
    if isinstance(paths, (str, os.PathLike)):
        return [paths]
    if isinstance(paths, (bytes, bytearray)):
        raise ArgumentTypeError("tag() takes paths, not bytes: use caretext.analyze(data) for one document")
    try:
        return list(paths)
    except TypeError:
        raise ArgumentTypeError(f"tag() takes a path or an iterable of paths, not a {type(paths).__name__}") from None


def walk(paths: Any) -> Iterator[Found]:
    """Every file under ``paths`` (a path or an iterable of them), in a stable order, hidden files
    and folders skipped; linked folders followed once (loops detected); anything that cannot be read
    comes back with its problem."""
    seen_dirs: set[tuple[int, int]] = set()
    for raw in _as_paths(paths):
        top = os.fspath(raw)
        yield from _walk_one(top, seen_dirs)


def _walk_one(path: str | bytes, seen: set[tuple[int, int]]) -> Iterator[Found]:
    name = display_path(path)
    try:
        st = os.stat(path)  # follows links
    except FileNotFoundError:
        if os.path.islink(path):
            yield Found(name, ("broken_link", "a link to a file or folder that does not exist"))
        else:
            yield Found(name, ("file_not_found", "no such file or folder"))
        return
    except OSError as exc:
        yield Found(name, ("unreadable", f"cannot read it ({exc.strerror})"))
        return
    if stat.S_ISDIR(st.st_mode):
        ident = (st.st_dev, st.st_ino)
        if ident in seen:
            if os.path.islink(path):
                yield Found(name, ("link_loop", "a link back to a folder already read; not read twice"))
            return
        seen.add(ident)
        try:
            entries = sorted(os.listdir(os.fsencode(path)))
        except OSError as exc:
            yield Found(name, ("unreadable_folder", f"cannot list this folder ({exc.strerror}); its files were not read"))
            return
        for entry in entries:
            if entry.startswith(b"."):
                continue
            yield from _walk_one(os.path.join(os.fsencode(path), entry), seen)
        return
    if not stat.S_ISREG(st.st_mode):
        yield Found(name, ("not_a_file", "not a regular file (a device, socket or pipe)"))
        return
    if not os.access(path, os.R_OK):
        yield Found(name, ("unreadable", "cannot read it (permission denied)"))
        return
    if isinstance(path, bytes):
        try:
            path.decode("utf-8")
        except UnicodeDecodeError:
            yield Found(display_path(path), ("bad_file_name", "the file name is not valid UTF-8; rename the file to read it"))
            return
        path = os.fsdecode(path)
    yield Found(path)


def warm_up(models: str | None = None) -> None:
    """Load the entity pipeline and decision models once, in a worker, before the first document."""
    from caretext.classify.decision import DecisionClassifier
    from caretext.nlp.pipeline import load_pipeline

    load_pipeline()
    DecisionClassifier.load(Path(models) if models else None)
    # the loaded models are long-lived; keep the cyclic GC from rescanning them
    gc.freeze()


def analyse_file(path: str, engine: str = "pdfium", ocr: bool = True,
                 models: str | None = None) -> tuple[dict[str, Any] | None, dict[str, Any] | None, str | None]:
    """``(findings, error, clean text)`` for one file, as plain data (what a worker sends back);
    any failure becomes an error record naming the file."""
    from caretext.analysis import analyze
    from caretext.ingest import extract_text

    try:
        document = extract_text(Path(path), engine=engine, ocr=ocr)
        findings = analyze(document, models=models)
        return findings.to_dict(), None, document.text
    except MemoryError:
        raise
    except Exception as exc:
        if not hasattr(exc, "code"):
            log.exception("unexpected failure on %s", path)
        return None, ErrorRecord.from_exception(exc, path).to_dict(), None


def problem_record(found: Found) -> ErrorRecord:
    assert found.problem is not None
    code, message = found.problem
    return ErrorRecord(path=found.path, error=code, error_type="PathError", message=message)


def tag(
    paths: Any,
    *,
    workers: int = 1,
    engine: str = "pdfium",
    ocr: bool = True,
    timeout: float | None = None,
    max_memory_mb: int | None = None,
    models: str | Path | None = None,
) -> Iterator[Result]:
    """Yield ``Findings`` or ``ErrorRecord`` for every file under ``paths`` (a path or an iterable).

    ``models``: a model set of your own (``caretext train --out DIR``) instead of the shipped one.

    Each file is analysed in an isolated worker process with a time limit (``timeout`` seconds) and
    a memory cap (``max_memory_mb``); a file that breaks either, or crashes its worker, yields an
    ``ErrorRecord`` (``timeout``, ``memory_limit``, ``worker_crashed``) and the rest go on. Results
    arrive in completion order.
    """
    from caretext.workers import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT, Job, Limits, WorkerPool

    found = list(walk(paths))
    for f in found:
        if f.problem is not None:
            yield problem_record(f)
    jobs = [Job(str(i), f.path) for i, f in enumerate(found) if f.problem is None]
    if not jobs:
        return
    limits = Limits(timeout if timeout is not None else DEFAULT_TIMEOUT,
                    max_memory_mb if max_memory_mb is not None else DEFAULT_MAX_MEMORY_MB)
    model_dir = str(Path(models).resolve()) if models else None
    with WorkerPool(min(workers, len(jobs)), limits, engine, ocr, model_dir) as pool:
        for done in pool.run(jobs):
            if done.findings is not None:
                yield Findings.from_dict(done.findings)
            else:
                yield ErrorRecord(**(done.error or {}))
