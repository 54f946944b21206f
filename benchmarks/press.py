"""Press analysis speed: full ``analyze`` vs ingestion alone on the 39 press articles
(run: ``make bench`` or ``.venv/bin/python benchmarks/press.py``).

Each round times ``extract_text`` on every article, then ``analyze`` on every
article (ingest + entities + quotes, statistics, reports + article themes);
interleaved, median of 3 rounds after a warm-up round. No target is set for
press; the figures are recorded in benchmarks/README.md so a slowdown shows.
"""

from __future__ import annotations

import gc
import statistics
import time
from pathlib import Path

from caretext import analyze, extract_text

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    files = sorted((ROOT / "corpora" / "press").glob("*.htm*")) + sorted((ROOT / "corpora" / "press").glob("*.txt"))
    chars = sum(len(extract_text(f).text) for f in files)
    for f in files:  # warm-up: pipeline built, data loaded
        analyze(f)
    ingest, full = [], []
    for _ in range(3):
        gc.collect()
        t0 = time.perf_counter()
        for f in files:
            extract_text(f)
        t1 = time.perf_counter()
        for f in files:
            analyze(f)
        t2 = time.perf_counter()
        ingest.append(t1 - t0)
        full.append(t2 - t1)
    i, a = statistics.median(ingest), statistics.median(full)
    print(f"{len(files)} articles, {chars:,} characters of article text")
    print(f"ingestion alone: {len(files) / i:.1f} articles/s ({1000 * i / len(files):.1f} ms each)")
    print(f"full analyze:    {len(files) / a:.1f} articles/s ({1000 * a / len(files):.1f} ms each)")
    print(f"press stages (analyze - ingest): {1000 * (a - i) / len(files):.1f} ms per article")


if __name__ == "__main__":
    main()
