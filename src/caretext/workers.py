"""Isolated worker processes for batch runs: one document's failure costs that document only.

Every document is analysed in a worker process, never in the process that
owns the batch — also with one worker — so an exception, a hang, a memory
blow-up, a segfault or an abort inside a parser ends at most that worker. The
pool:

* gives each worker one document at a time and times it: past ``timeout`` the
  worker is killed and the document gets a ``timeout`` error;
* caps each worker's memory twice: the worker sets its own address-space
  limit (so most runaway allocations fail as ``MemoryError`` inside it and are
  reported as ``memory_limit``), and a watchdog in the pool reads each
  worker's resident memory and kills it past the cap (allocations the limit
  does not catch, in C libraries);
* replaces any worker that died (``worker_crashed``, with the signal) and
  goes on;
* makes workers die with the pool: on Linux the kernel sends them SIGKILL
  when their parent exits (``PR_SET_PDEATHSIG``), and each worker also checks
  that its parent is alive while waiting for work.

Workers are started with the ``spawn`` method: nothing of the parent's state
(threads, open database connections, progress bars) is inherited.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import logging
import multiprocessing as mp
import os
import signal
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from caretext.settings import SETTINGS

log = logging.getLogger(__name__)

#: defaults from caretext.settings: a 100-page report takes a few seconds, a decision well under one;
#: the models and spaCy take ~300 MB of a worker's memory, a large PDF a few hundred more
DEFAULT_TIMEOUT = SETTINGS.timeout_seconds
DEFAULT_MAX_MEMORY_MB = SETTINGS.max_memory_mb
#: how often the pool checks timeouts and workers' memory
_TICK = 0.1
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Limits:
    """What one document may cost: seconds of wall time and megabytes of a worker's memory."""

    timeout: float = DEFAULT_TIMEOUT
    max_memory_mb: int | None = DEFAULT_MAX_MEMORY_MB


@dataclass(frozen=True)
class Job:
    """One document to analyse: ``key`` is the caller's (the store's content hash), ``path`` the file."""

    key: str
    path: str


@dataclass
class Done:
    """What came back for one job: a findings or error record (as dicts), the clean text (compressed)
    and how long it took."""

    job: Job
    findings: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    text_z: bytes | None = None
    seconds: float = 0.0
    peak_rss_mb: float = 0.0


def _die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent exits (Linux); elsewhere the worker's
    own check of its parent in :func:`_worker_main` does it."""
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _limit_memory(max_memory_mb: int | None) -> None:
    if not max_memory_mb:
        return
    with contextlib.suppress(Exception):
        import resource

        cap = max_memory_mb * 1024 * 1024
        # address space, not resident memory: generous enough for the libraries' reservations
        limit = max(cap * 2, 3 * 1024 * 1024 * 1024)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _error(job: Job, code: str, message: str, error_type: str = "BatchError") -> dict[str, Any]:
    return {"path": job.path, "error": code, "error_type": error_type, "message": message}


def _worker_main(conn: Connection, parent: int, limits: Limits, engine: str, ocr: bool,
                 models: str | None = None) -> None:
    """A worker: load the models once, then analyse one job at a time until told to stop."""
    _die_with_parent()
    _limit_memory(limits.max_memory_mb)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the pool's to handle
    from caretext.tagging import analyse_file, warm_up

    warm_up(models)
    conn.send("ready")
    while True:
        while not conn.poll(1.0):
            if os.getppid() != parent:
                return  # the pool is gone: stop rather than run on as an orphan
        job = conn.recv()
        if job is None:
            return
        started = time.perf_counter()
        try:
            findings, error, text = analyse_file(job.path, engine=engine, ocr=ocr, models=models)
        except MemoryError:
            findings, error, text = None, _error(
                job, "memory_limit", f"the document needed more than the {limits.max_memory_mb} MB memory limit",
                "MemoryError"), None
        text_z = zlib.compress(text.encode("utf-8", "surrogatepass"), 6) if text is not None else None
        conn.send(Done(job, findings, error, text_z, time.perf_counter() - started))


def _rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (Linux /proc), 0 where it cannot be read."""
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, IndexError):
        return 0.0


def child_pids(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc): a run's workers, for the checks that a
    killed run leaves none behind."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rfind(")") + 2 :].split()  # after "(command name)": state, ppid, ...
            if len(fields) > 1 and fields[1] == str(pid):
                out.append(int(entry.name))
    return out


def is_running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie waiting to be reaped is not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "zombie" not in status.lower()


@dataclass
class _Worker:
    process: Any
    conn: Connection
    job: Job | None = None
    started: float = 0.0
    peak: float = 0.0
    killed_for: str | None = None
    #: set when the worker has loaded its models: only then is it given work (and timed)
    ready: bool = False


class WorkerPool:
    """``workers`` isolated processes with ``limits``; :meth:`run` yields a :class:`Done` per job."""

    def __init__(self, workers: int = 1, limits: Limits | None = None, engine: str = "pdfium", ocr: bool = True,
                 models: str | None = None) -> None:
        self.size = max(1, workers)
        self.limits = limits or Limits()
        self.engine, self.ocr, self.models = engine, ocr, models
        self._ctx = mp.get_context("spawn")
        self._workers: list[_Worker] = []
        #: the job running longest and for how long (for progress displays)
        self.slowest: tuple[Job, float] | None = None

    def _start(self) -> _Worker:
        parent_end, child_end = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(
            target=_worker_main, args=(child_end, os.getpid(), self.limits, self.engine, self.ocr, self.models),
            daemon=True,
        )
        process.start()
        child_end.close()
        return _Worker(process, parent_end)

    def __enter__(self) -> WorkerPool:
        self._workers = [self._start() for _ in range(self.size)]
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for w in self._workers:
            with contextlib.suppress(Exception):
                w.conn.send(None)
        deadline = time.monotonic() + 2.0
        for w in self._workers:
            w.process.join(max(0.0, deadline - time.monotonic()))
            if w.process.is_alive():
                w.process.kill()
                w.process.join()
            w.conn.close()
        self._workers = []

    def _replace(self, w: _Worker) -> None:
        with contextlib.suppress(Exception):
            w.conn.close()
        if w.process.is_alive():
            w.process.kill()
        w.process.join()
        self._workers[self._workers.index(w)] = self._start()

    def _lost(self, w: _Worker) -> Done:
        """The record for the job of a worker that died or was killed."""
        assert w.job is not None
        job, seconds = w.job, time.monotonic() - w.started
        if w.killed_for == "timeout":
            err = _error(job, "timeout", f"not finished after {self.limits.timeout:g} s; the worker was stopped")
        elif w.killed_for == "memory":
            err = _error(job, "memory_limit",
                         f"used more than the {self.limits.max_memory_mb} MB memory limit; the worker was stopped")
        else:
            w.process.join(1.0)  # reap it, so its exit code (the signal that ended it) is known
            code = w.process.exitcode
            how = f"signal {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit code {code}"
            err = _error(job, "worker_crashed", f"the worker analysing this file died ({how})")
        return Done(job, error=err, seconds=seconds, peak_rss_mb=w.peak)

    def run(self, jobs: Iterable[Job]) -> Iterator[Done]:
        """Analyse every job; yield each result as it comes (completion order)."""
        queue = iter(jobs)
        exhausted = False
        failed_starts = 0
        while True:
            for i in range(len(self._workers)):
                w = self._workers[i]
                if not w.ready or w.job is not None or exhausted:
                    continue
                job = next(queue, None)
                if job is None:
                    exhausted = True
                    break
                try:
                    w.conn.send(job)
                except (BrokenPipeError, OSError):  # died while idle: its replacement will take a job
                    self._replace(w)
                    queue = itertools.chain([job], queue)
                    continue
                w.job, w.started, w.peak, w.killed_for = job, time.monotonic(), 0.0, None
            busy = [w for w in self._workers if w.job is not None]
            if exhausted and not busy:
                return
            watched = [w for w in self._workers if w.job is not None or not w.ready]
            ready = wait([w.conn for w in watched] + [w.process.sentinel for w in watched], timeout=_TICK)
            now = time.monotonic()
            for w in list(watched):
                if w.conn in ready:
                    try:
                        msg = w.conn.recv()
                    except (EOFError, OSError):
                        msg = None
                    if msg == "ready":
                        w.ready, failed_starts = True, 0
                        continue
                    if isinstance(msg, Done):
                        msg.peak_rss_mb = w.peak
                        w.job = None
                        yield msg
                        continue
                if w.process.sentinel in ready or not w.process.is_alive():
                    if w.job is not None:
                        yield self._lost(w)
                    elif not w.ready:
                        failed_starts += 1
                        if failed_starts > 3 * self.size:
                            raise RuntimeError(
                                f"caretext workers die while loading the models (exit code {w.process.exitcode}); "
                                "run `caretext tag` with one file to see why"
                            )
                    self._replace(w)
                    continue
                if w.job is None:
                    continue
                w.peak = max(w.peak, _rss_mb(w.process.pid))
                if now - w.started > self.limits.timeout:
                    w.killed_for = "timeout"
                elif self.limits.max_memory_mb and w.peak > self.limits.max_memory_mb:
                    w.killed_for = "memory"
                if w.killed_for:
                    w.process.kill()
                    w.process.join()
                    yield self._lost(w)
                    self._replace(w)
            running = [(w.job, now - w.started) for w in self._workers if w.job is not None]
            self.slowest = max(running, key=lambda r: r[1]) if running else None

