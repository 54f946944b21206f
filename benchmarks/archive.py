"""A 10,000-document archive: local workers vs a Dask LocalCluster, memory, exports, and a projection.

Run: ``.venv/bin/python benchmarks/archive.py [--docs 10000]`` (about 15 minutes on 2 cores). The archive
is generated deterministically from the project's own corpora (never third-party text): every statement
of ``corpora/decisions`` and every article of ``corpora/press`` re-rendered with another council, other
dates, sums and references, some paragraphs repeated for length, as text, saved HTML or (one in ten) a
PDF drawn with reportlab. It is tagged with ``--workers 1``, ``--workers 2`` and ``--dask local:2`` in
one run of this script; then the store is exported to Parquet. Recorded: documents/s and pages/s, the
scaling efficiency at 2 workers (docs/s with 2 ÷ twice docs/s with 1; goal ≥ 0.85 on 2 cores), peak RSS of
a worker over the first 1,000 and over all documents (from the store), the export time, and what 100,000
decisions would take at the measured rate.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: councils the generator swaps in (names as the gazetteer knows them)
COUNCILS = [
    "Kent County Council", "Leeds City Council", "Norfolk County Council", "Cornwall Council",
    "Birmingham City Council", "Bristol City Council", "Lancashire County Council", "Devon County Council",
    "Manchester City Council", "Essex County Council", "Surrey County Council", "Sheffield City Council",
    "Hampshire County Council", "Nottinghamshire County Council", "Suffolk County Council",
    "London Borough of Hackney", "Liverpool City Council", "Derbyshire County Council",
]  # fmt: skip
_COUNCIL = re.compile(r"\b(?:[A-Z][a-z]+ )+(?:County|City|Borough|District) Council\b|\bLondon Borough of [A-Z][a-z]+")
_MONEY = re.compile(r"£(\d[\d,]*)")
_REF = re.compile(r"\b\d{2} \d{3} \d{3}\b")
_YEAR = re.compile(r"\b20(1\d|2[0-4])\b")


def _sources() -> list[tuple[str, str]]:
    out = []
    for path in sorted((ROOT / "corpora" / "decisions").glob("*.txt")):
        out.append(("decision", path.read_text(encoding="utf-8")))
    for path in sorted((ROOT / "corpora" / "press").glob("*")):
        if path.suffix in (".txt", ".html"):
            from caretext import extract_text

            out.append(("article", extract_text(path).text))
    return out


def _variant(text: str, i: int, rng: random.Random) -> str:
    council = COUNCILS[i % len(COUNCILS)]
    text = _COUNCIL.sub(council, text)
    text = _MONEY.sub(lambda m: f"£{rng.randrange(50, 5000):,}", text)
    text = _REF.sub(lambda m: f"{rng.randrange(16, 25)} {rng.randrange(0, 999):03d} {i % 1000:03d}", text)
    text = _YEAR.sub(lambda m: str(rng.randrange(2016, 2025)), text)
    paragraphs = text.split("\n\n")
    if len(paragraphs) > 4 and rng.random() < 0.3:  # longer: some paragraphs told twice
        k = rng.randrange(2, len(paragraphs))
        paragraphs[k:k] = paragraphs[1:k][: rng.randrange(1, 6)]
    return "\n\n".join(paragraphs) + f"\n\n(Archive copy {i}.)\n"


def _pdf(path: Path, text: str) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = getSampleStyleSheet()["BodyText"]
    story = [Paragraph(html.escape(p).replace("\n", " "), style) for p in text.split("\n\n") if p.strip()]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


def generate(folder: Path, n: int, seed: int = 16) -> None:
    rng = random.Random(seed)
    sources = _sources()
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        kind, text = sources[i % len(sources)]
        body = _variant(text, i, rng)
        sub = folder / f"{i // 1000:02d}"
        sub.mkdir(exist_ok=True)
        if i % 10 == 0:
            _pdf(sub / f"{kind}-{i:05d}.pdf", body)
        elif i % 3 == 0:
            paras = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n"))
            (sub / f"{kind}-{i:05d}.html").write_text(
                f"<html><head><title>{html.escape(body.splitlines()[0])}</title></head><body><nav>Home | News"
                f"</nav><article>{paras}</article><footer>© Example</footer></body></html>", encoding="utf-8")
        else:
            (sub / f"{kind}-{i:05d}.txt").write_text(body, encoding="utf-8")


def tag(folder: Path, out: Path, *extra: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "caretext.cli", "tag", str(folder), "-o", str(out), "-q", *extra],
                   check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def store_figures(out: Path) -> dict[str, float]:
    with sqlite3.connect(out / "caretext.sqlite") as db:
        rows = db.execute("SELECT peak_rss_mb, findings FROM documents ORDER BY rowid").fetchall()
    pages = sum(json.loads(f)["source"]["pages"] for _, f in rows if f)
    first = [r for r, _ in rows[:1000] if r]
    return {"docs": len(rows), "pages": pages, "rss_first_1000": max(first, default=0.0),
            "rss_all": max((r for r, _ in rows if r), default=0.0)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--runs", default="workers 1,workers 2,dask local:2",
                        help="which runs, comma-separated (the ratios need all three)")
    args = parser.parse_args(argv)
    chosen = [r.strip() for r in args.runs.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        generate(work / "archive", args.docs)
        print(f"generated {args.docs} documents in {time.perf_counter() - t0:.0f} s")
        runs = {}
        for name, extra in (("workers 1", ["-w", "1"]), ("workers 2", ["-w", "2"]), ("dask local:2", ["--dask", "local:2"])):
            if name not in chosen:
                continue
            out = work / name.replace(" ", "-").replace(":", "")
            seconds = tag(work / "archive", out, *extra)
            figures = store_figures(out)
            runs[name] = (seconds, figures)
            print(f"{name:13s} {seconds:7.1f} s  {figures['docs'] / seconds:6.1f} docs/s  "
                  f"{figures['pages'] / seconds:6.1f} pages/s  peak worker RSS: first 1,000 docs "
                  f"{figures['rss_first_1000']:.0f} MB, all {figures['rss_all']:.0f} MB")
        if len(runs) < 3:
            return 0
        one, two = (runs[k][1]["docs"] / runs[k][0] for k in ("workers 1", "workers 2"))
        dask_rate = runs["dask local:2"][1]["docs"] / runs["dask local:2"][0]
        print(f"scaling efficiency at 2 workers: {two / (2 * one):.2f} (goal >= 0.85); dask local:2 / workers 2: "
              f"{dask_rate / two:.2f}")
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "caretext.cli", "export", str(work / "workers-2"), "-o",
                        str(work / "tables")], check=True, stdout=subprocess.DEVNULL)
        export_s = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in (work / "tables").glob("*.parquet")) / 1e6
        print(f"export to Parquet: {export_s:.1f} s for {runs['workers 2'][1]['docs']} documents ({size:.1f} MB)")
        print(f"projection: 100,000 decisions at {two:.1f} docs/s (2 workers) = {100_000 / two / 3600:.1f} h on this "
              "machine")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
