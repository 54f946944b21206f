"""Batch runs on a Dask cluster: ``caretext tag PATHS -o OUT --dask tcp://scheduler:8786`` (or ``local:N``).

The cluster only replaces the machine's worker processes; everything else about a run stays in the main
process and is the same as a local run (:mod:`caretext.batch`): the plan, the store in OUT, resume,
duplicates, outputs. Each Dask worker holds one caretext worker process (:class:`caretext.workers.WorkerPool`
of size one, started by a worker plugin, so the models load once per Dask worker) and hands it one
document at a time, so a document's time limit, memory cap and crash isolation are exactly those of a local
run: a hostile PDF costs that document, not the Dask worker. Results stream back as they complete and are
recorded in the store at once.

Files are read where they are — the Dask workers must see the same paths (a shared file system) — or,
with ``send_files=True``, sent as bytes with the task and written to a temporary file on the worker.
A Dask worker that dies mid-run costs its in-flight documents only: the scheduler gives the task to another
worker (Dask's ``allowed-failures``), and a document that kills workers every time is recorded as
``worker_crashed``.

Dask workers must be started with ``--nthreads 1`` (one document at a time each; ``local:N`` does this)
and must be allowed to start processes: ``DASK_DISTRIBUTED__WORKER__DAEMON=False`` in their environment
(``local:N`` sets it).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from caretext.workers import Done, Job, Limits, _error

#: tasks in flight per Dask worker: enough to keep each busy, few enough that a lost worker costs little
IN_FLIGHT_PER_WORKER = 2
#: documents per task: spreads the scheduler's per-task cost (a decision takes ~30 ms to analyse)
CHUNK = 8


def parse_address(address: str) -> tuple[str, int | None]:
    """``("local", N)`` for ``local:N`` (a LocalCluster of N workers), else ``(scheduler address, None)``."""
    if address == "local" or address.startswith("local:"):
        _, _, n = address.partition(":")
        try:
            count = int(n) if n else max(1, (os.cpu_count() or 1))
        except ValueError:
            raise ValueError(f"--dask {address!r}: write local:N with N a number of workers") from None
        if count < 1:
            raise ValueError(f"--dask {address!r}: at least one worker")
        return "local", count
    if "://" not in address:
        raise ValueError(f"--dask {address!r}: give a scheduler address (tcp://host:8786) or local:N")
    return address, None


class DaskPool:
    """The :class:`caretext.workers.WorkerPool` interface over a Dask cluster."""

    def __init__(self, address: str, limits: Limits | None = None, engine: str = "pdfium", ocr: bool = True,
                 send_files: bool = False, chunk: int = CHUNK, models: str | None = None) -> None:
        self.address, self.workers = parse_address(address)
        self.limits = limits or Limits()
        self.engine, self.ocr, self.send_files = engine, ocr, send_files
        self.chunk = max(1, chunk)
        self.models = models
        self.client: Any = None
        self.cluster: Any = None
        self._config: Any = None
        self.slowest: tuple[Job, float] | None = None

    def __enter__(self) -> DaskPool:
        try:
            return self._connect()
        except Exception:
            self.close()
            raise

    def _connect(self) -> DaskPool:
        import dask
        from distributed import Client, LocalCluster

        if self.address == "local":
            # the nanny reads this when it (re)starts a worker, so it stays set while the cluster lives
            self._config = dask.config.set({"distributed.worker.daemon": False})
            self.cluster = LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                memory_limit=0,  # caretext's own per-document cap applies inside each worker
                silence_logs=40,
            )
            self.client = Client(self.cluster)
        else:
            self.client = Client(self.address, timeout="30s")
        from caretext.cluster_worker import PLUGIN_NAME, CaretextWorkerPlugin

        self.client.register_plugin(CaretextWorkerPlugin(self.limits, self.engine, self.ocr, self.models),
                                    name=PLUGIN_NAME)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.client is not None:
            with contextlib.suppress(Exception):
                self.client.close()
            self.client = None
        if self.cluster is not None:
            with contextlib.suppress(Exception):
                self.cluster.close()
            self.cluster = None
        if self._config is not None:
            self._config.__exit__(None, None, None)
            self._config = None

    def _submit(self, chunk: list[Job]) -> Any:
        from caretext.cluster_worker import analyse_on_worker

        items = [(j.key, j.path, Path(j.path).read_bytes() if self.send_files else None, Path(j.path).suffix)
                 for j in chunk]
        return self.client.submit(analyse_on_worker, items, key=f"caretext-{chunk[0].key}-{time.monotonic_ns()}",
                                  pure=False)

    def run(self, jobs: Iterable[Job]) -> Iterator[Done]:
        """Analyse every job on the cluster, a few per task; yield each result as its task completes."""
        from distributed import as_completed

        queue = iter(jobs)
        n_workers = max(1, len(self.client.scheduler_info().get("workers", {})) or (self.workers or 1))
        running: dict[Any, tuple[list[Job], float]] = {}
        pending = as_completed()

        def submit_next() -> bool:
            chunk = list(itertools.islice(queue, self.chunk))
            if not chunk:
                return False
            fut = self._submit(chunk)
            running[fut] = (chunk, time.monotonic())
            pending.add(fut)
            return True

        for _ in range(n_workers * IN_FLIGHT_PER_WORKER):
            if not submit_next():
                break
        for fut in pending:
            chunk, started = running.pop(fut)
            yield from self._results(fut, chunk, started)
            submit_next()
            now = time.monotonic()
            oldest = min(running.values(), key=lambda r: r[1], default=None)
            self.slowest = (oldest[0][0], now - oldest[1]) if oldest else None

    @staticmethod
    def _results(fut: Any, chunk: list[Job], started: float) -> list[Done]:
        try:
            done: list[Done] = fut.result()
            return done
        except Exception as exc:  # the task failed on every worker it was given (e.g. KilledWorker)
            seconds = time.monotonic() - started
            return [Done(job, error=_error(job, "worker_crashed",
                                           f"the Dask workers analysing this file died ({type(exc).__name__}: {exc})"),
                         seconds=seconds) for job in chunk]
