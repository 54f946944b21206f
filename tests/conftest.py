"""Shared paths and fixtures. The shared press seeds are read from ../shared at test time."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "sample"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpora" / "press-seeds"

sys.path.insert(0, str(ROOT / "scripts"))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"shared press seeds not found at {SEEDS}")
    return SEEDS


def free_port() -> int:
    """A TCP port on the loopback address that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def local_server(commands: list[list[str]], env: dict[str, str], log_path: Path, health_url: str, *,
                 any_answer: bool = False, timeout: float = 300) -> Iterator[None]:
    """Run a real tool's server processes (integration tests) until ``health_url`` answers 200 — or, with
    ``any_answer``, any HTTP response — and stop them afterwards; raise with the end of their log if they
    die or time out first."""
    with log_path.open("w") as log:
        procs = [subprocess.Popen(c, env=env, stdout=log, stderr=subprocess.STDOUT) for c in commands]
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    with urllib.request.urlopen(health_url, timeout=2) as response:
                        if response.status == 200:
                            break
                except urllib.error.HTTPError:
                    if any_answer:
                        break
                except OSError:
                    pass
                if any(p.poll() is not None for p in procs) or time.monotonic() > deadline:
                    raise RuntimeError(f"{commands[0][0]} did not start:\n{log_path.read_text()[-3000:]}")
                time.sleep(1)
            yield
        finally:
            for p in procs:
                p.terminate()
            for p in procs:
                try:
                    p.wait(20)
                except subprocess.TimeoutExpired:
                    p.kill()
