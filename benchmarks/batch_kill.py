"""kill -9 a batch run at random moments, then resume: count what was lost, repeated or left running.

Run: ``.venv/bin/python benchmarks/batch_kill.py [--docs 324] [--kills 10] [--seed 14]``. The archive is
the first ``--docs`` statements of corpora/decisions (written for the project). Each round starts
``caretext tag`` into the same OUT, kills the main process with SIGKILL after a random delay, and checks
that its workers are gone; a last run finishes. Then every document must have exactly one record.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from caretext.workers import child_pids, is_running

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=324)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for src in sorted((ROOT / "corpora" / "decisions").glob("*.txt"))[: args.docs]:
            shutil.copy(src, folder / src.name)
        out = Path(tmp) / "out"
        command = [sys.executable, "-m", "caretext.cli", "tag", str(folder), "-o", str(out), "-w", "2", "-q"]
        orphans = killed = 0
        for _ in range(args.kills):
            proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(1.0, 6.0))
            if proc.poll() is not None:
                continue
            workers = child_pids(proc.pid)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            killed += 1
            time.sleep(2.0)
            orphans += sum(is_running(w) for w in workers)
        started = time.perf_counter()
        final = subprocess.run(command, capture_output=True, text=True)
        last = time.perf_counter() - started
        findings = [json.loads(x) for x in (out / "findings.jsonl").read_text().splitlines()]
        errors = (out / "errors.jsonl").read_text().splitlines()
        names = [Path(f["source"]["path"]).name for f in findings]
        lost = args.docs - len(set(names))
        repeated = len(names) - len(set(names))
        print(f"{args.docs} documents, {killed} runs killed with SIGKILL at random moments, then one more run "
              f"(exit {final.returncode}, {last:.1f} s): lost {lost}, repeated {repeated}, error records "
              f"{len(errors)}, workers left running after a kill {orphans}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
