"""How long `caretext report` takes for a 10,000-document archive, and how big its pages get.

Run: ``.venv/bin/python benchmarks/report.py [--docs 10000]`` (about a minute on 2 cores).

The archive is made from the bundled sample's own findings (tagged once into a temporary OUT):
each record is copied with a new doc_id, a council drawn from the gazetteer's 455, a decision date
spread over 2015–2024 and a rotated outcome, and written straight into a store with the text
it points into, so that what is timed is the report, not the tagging. Recorded: build seconds,
documents per second, pages written, the largest page and the total size.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_archive(out: Path, n: int, seed: int = 19) -> None:
    from caretext.nlp.gazetteer import default_gazetteer
    from caretext.store import Store, StoreReader

    sample = out.parent / "sample"
    subprocess.run([sys.executable, "-m", "caretext.cli", "tag", str(ROOT / "corpora" / "sample"), "-o", str(sample)],
                   check=False, capture_output=True)  # fmt: skip
    with StoreReader(sample) as reader:
        seeds = [(f.model_dump(mode="json"), reader.text(f.doc_id) or "") for f in reader.findings()]
    councils = [r for r in default_gazetteer().records if r.council]
    outcomes = ["upheld", "not_upheld", "closed_after_initial_enquiries"]
    rng = random.Random(seed)
    with Store(out) as store:
        store.begin_run({"benchmark": "report"})
        for i in range(n):
            record, text = seeds[i % len(seeds)]
            record = {**record, "source": dict(record["source"])}
            sha = f"{i:064x}"
            record["doc_id"], record["source"]["sha256"] = sha[:16], sha
            council = councils[rng.randrange(len(councils))]
            record["councils"] = [
                {**c, "name": council.name, "gss": council.gss, "code": council.code} if c["role"] == "subject" else c
                for c in record["councils"]
            ]
            if record["source"]["kind"] == "decision":
                record["published"] = f"{rng.randrange(2015, 2025)}-{rng.randrange(1, 13):02d}-15"
                if record.get("outcome"):
                    record["outcome"] = {**record["outcome"], "label": outcomes[rng.randrange(3)]}
            path = f"archive/{i:05d}.txt"
            store.record_path(path, sha, len(text), 0.0)
            store.record_document(sha, record, None, zlib.compress(text.encode("utf-8")), 0.0, 0.0)
        store.end_run({})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10_000)
    args = parser.parse_args(argv)
    from caretext.report import build_report

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        started = time.perf_counter()
        make_archive(out, args.docs)
        made = time.perf_counter() - started
        summary = build_report(out, Path(tmp) / "report")
        pages = [p for p in (Path(tmp) / "report").rglob("*.html")]
        sizes = sorted((p.stat().st_size, p.name) for p in pages)
        print(f"archive of {args.docs} documents made in {made:.1f} s")
        print(f"report: {summary.seconds:.1f} s, {args.docs / summary.seconds:.0f} documents/s, {summary.pages} pages, "
              f"{summary.councils} councils")  # fmt: skip
        print(f"largest page {sizes[-1][0] / 1e6:.2f} MB ({sizes[-1][1]}), total {sum(s for s, _ in sizes) / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
