"""``tag``: many files through ``analyze``, in parallel, one result per file.

Each file is processed whole in one worker process (the measured fastest way
to use several cores for per-document NLP). Failures become ``ErrorRecord``
values and never stop the batch. Results are yielded as soon as each file is
done, so writers can persist them immediately; at most ``2 * workers`` files
are in flight, so memory does not grow with the size of the archive.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path

from caretext.findings import ErrorRecord, Findings

log = logging.getLogger(__name__)

Result = Findings | ErrorRecord


def iter_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files under ``paths`` in a stable order; hidden files and folders skipped."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        else:
            yield path


def process_file(path: str, engine: str = "pdfium", ocr: bool = True) -> Result:
    """Analyse one file; any failure becomes an ``ErrorRecord`` naming it."""
    from caretext.analysis import analyze

    try:
        return analyze(Path(path), engine=engine, ocr=ocr)
    except Exception as exc:
        if not hasattr(exc, "code"):
            log.exception("unexpected failure on %s", path)
        return ErrorRecord.from_exception(exc, path)


def _init_worker() -> None:
    from caretext.nlp.pipeline import load_pipeline

    load_pipeline()
    # the loaded models are long-lived; keep the cyclic GC from rescanning them
    gc.freeze()


def tag(
    paths: Iterable[str | os.PathLike[str]],
    *,
    workers: int = 1,
    engine: str = "pdfium",
    ocr: bool = True,
) -> Iterator[Result]:
    """Yield ``Findings`` or ``ErrorRecord`` for every file under ``paths``.

    With ``workers > 1`` results arrive in completion order, not input order.
    """
    files = (str(p) for p in iter_files(paths))
    if workers <= 1:
        _init_worker()
        for path in files:
            yield process_file(path, engine, ocr)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker) as pool:
        pending: set[Future[Result]] = set()
        for path in files:
            pending.add(pool.submit(process_file, path, engine, ocr))
            if len(pending) >= 2 * workers:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (f.result() for f in done)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            yield from (f.result() for f in done)
