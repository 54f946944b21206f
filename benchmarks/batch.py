"""Batch runs: the hostile corpus under limits, resume overhead, and the store's cost.

Run: ``.venv/bin/python benchmarks/batch.py [--docs 1000] [--workers 2]``. Figures are measured in one
run on this machine; the ratios are what the goals are stated in:

* hostile corpus (scripts/hostile_corpus.py) with ``--timeout 20 --max-memory 1024``: wall time, records
  per file, peak resident memory per document, processes left behind;
* resume: tag an archive of N generated decisions, then run the same command again: the second run's
  time as a share of the first (goal < 5%);
* the store: the same archive through ``caretext.tag`` (workers, no store) and through the CLI's
  batch run (workers + store): throughput ratio (goal: within 5%).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))


def archive(folder: Path, n: int) -> None:
    """N short decisions, each different (so each is analysed)."""
    folder.mkdir(parents=True, exist_ok=True)
    councils = ["Kent County Council", "Leeds City Council", "Norfolk County Council", "Cornwall Council"]
    for i in range(n):
        (folder / f"d{i:05d}.txt").write_text(
            f"{councils[i % 4]} ({20 + i % 6} {i % 1000:03d} {i:03d})\n\nThe Ombudsman's final decision\n\n"
            f"Summary: Mrs X complained the Council delayed her son's assessment by {i % 12 + 1} months. "
            f"We found fault. The Council has agreed to apologise and pay Mrs X £{100 + i % 400}.\n\n"
            "The complaint\n\n1. Mrs X complained about the assessment of her son's needs.\n\n"
            "Final decision\n\n2. I have completed my investigation. There was fault causing injustice.\n",
            encoding="utf-8",
        )


def tag(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "caretext.cli", "tag", *args, "-q"], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    import hostile_corpus

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        hostile = work / "hostile"
        files = len(hostile_corpus.build(hostile, zip_mb=400, paragraphs=300_000)) + 2  # + the two links
        seconds = tag([str(hostile), "-o", str(work / "h-out"), "-w", str(args.workers), "--timeout", "20",
                       "--max-memory", "1024"])
        findings = (work / "h-out" / "findings.jsonl").read_text().splitlines()
        errors = [json.loads(line) for line in (work / "h-out" / "errors.jsonl").read_text().splitlines()]
        with sqlite3.connect(work / "h-out" / "caretext.sqlite") as db:
            peak = db.execute("SELECT MAX(peak_rss_mb) FROM documents").fetchone()[0] or 0.0
        left = subprocess.run(["pgrep", "-f", str(work / "h-out")], capture_output=True, text=True).stdout.split()
        print(f"hostile corpus: {files} files, {len(findings)} findings + {len(errors)} errors "
              f"({', '.join(sorted({e['error'] for e in errors}))}), {seconds:.1f} s, peak RSS of a worker on one "
              f"document {peak:.0f} MB, processes left {len(left)}")

        folder = work / "archive"
        archive(folder, args.docs)
        first = tag([str(folder), "-o", str(work / "a-out"), "-w", str(args.workers)])
        again = tag([str(folder), "-o", str(work / "a-out"), "-w", str(args.workers)])
        print(f"resume, short generated decisions: first run {first:.1f} s for {args.docs} documents, the same command again {again:.2f} s "
              f"= {again / first:.1%} of the first (goal < 5%)")

        corpus = ROOT / "corpora" / "decisions"
        n_real = len(list(corpus.glob("*.txt")))
        first = tag([str(corpus), "-o", str(work / "c-out"), "-w", str(args.workers)])
        again = tag([str(corpus), "-o", str(work / "c-out"), "-w", str(args.workers)])
        print(f"resume, statements of real length: first run {first:.1f} s for the {n_real} statements of "
              f"corpora/decisions, again {again:.2f} s = {again / first:.1%} of the first (goal < 5%)")

        import caretext

        started = time.perf_counter()
        n = sum(1 for _ in caretext.tag(folder, workers=args.workers))
        library = time.perf_counter() - started
        stored = tag([str(folder), "-o", str(work / "b-out"), "-w", str(args.workers)])
        print(f"store: {n} documents through caretext.tag (no store) {library:.1f} s = {n / library:.1f} docs/s; "
              f"through caretext tag (store) {stored:.1f} s = {n / stored:.1f} docs/s; "
              f"store/no store throughput {library / stored:.2f} (goal >= 0.95)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
