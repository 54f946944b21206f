"""What runs inside a Dask worker for :mod:`caretext.cluster`: the plugin that starts the worker's
caretext worker process, and the task that hands it one document. Kept apart so that a local run never
imports Dask."""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from typing import Any

from distributed import WorkerPlugin, get_worker

from caretext.workers import Done, Job, Limits, WorkerPool

PLUGIN_NAME = "caretext"


class CaretextWorkerPlugin(WorkerPlugin):
    """Starts one isolated caretext worker process per Dask worker (models loaded once) and stops it
    with the Dask worker. Registered with ``client.register_plugin``."""

    name = PLUGIN_NAME

    def __init__(self, limits: Limits, engine: str, ocr: bool, models: str | None = None) -> None:
        self.limits, self.engine, self.ocr, self.models = limits, engine, ocr, models
        self.pool: WorkerPool | None = None  # made on the worker (setup): a pool cannot be pickled
        self.lock: threading.Lock | None = None

    def setup(self, worker: Any) -> None:
        self.lock = threading.Lock()
        self.pool = WorkerPool(1, self.limits, self.engine, self.ocr, self.models).__enter__()

    def teardown(self, worker: Any) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool = None


def analyse_on_worker(items: list[tuple[str, str, bytes | None, str]]) -> list[Done]:
    """The Dask task: a few documents (``(key, path, bytes or None, suffix)``), one after another, through
    the Dask worker's caretext worker process. Several per task spread the scheduler's cost per task."""
    plugin: CaretextWorkerPlugin = get_worker().plugins[PLUGIN_NAME]  # type: ignore[assignment]
    if plugin.pool is None or plugin.lock is None:
        raise RuntimeError("caretext could not start its worker process on this Dask worker; start Dask workers "
                           "with DASK_DISTRIBUTED__WORKER__DAEMON=False (and --nthreads 1)")
    jobs, temps, paths = [], [], {}
    try:
        for key, path, data, suffix in items:
            where = path
            if data is not None:  # sent as bytes: the worker cannot see the path
                fd, where = tempfile.mkstemp(prefix="caretext-", suffix=suffix)
                temps.append(where)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
            jobs.append(Job(key, where))
            paths[key] = path
        with plugin.lock:  # one document at a time per caretext worker
            done = list(plugin.pool.run(jobs))
    finally:
        for tmp in temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    for d in done:
        d.job = Job(d.job.key, paths[d.job.key])
        if d.error is not None:
            d.error["path"] = d.job.path
    return done
