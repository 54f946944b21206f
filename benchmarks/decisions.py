"""Decision analysis speed: full ``analyze`` vs ingestion alone and raw PDFium text on the same PDFs,
in one run
(run: ``make bench`` or ``.venv/bin/python benchmarks/decisions.py``).

The PDFs are the 14 sample decisions (1-10 pages each). Each round times raw
pypdfium2 ``get_text_range`` on every page (the floor any PDF reader pays),
``extract_text`` on every PDF, then ``analyze`` on every PDF (ingest + entities
+ decision models and rules); interleaved, median of 3 rounds after a warm-up
round that loads the models. Also: the time to load the shipped decision
models in a fresh process, with and without the library imports every
worker pays anyway.
"""

from __future__ import annotations

import gc
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from caretext import analyze, extract_text  # noqa: E402


def load_time() -> tuple[float, float]:
    code = (
        "import time; t0 = time.perf_counter()\n"
        "import sklearn.linear_model, sklearn.multiclass, sklearn.compose, skops.io\n"
        "from caretext.classify.decision import DecisionClassifier\n"
        "t1 = time.perf_counter(); DecisionClassifier.load(); t2 = time.perf_counter()\n"
        "print(t2 - t0, t2 - t1)\n"
    )
    runs = [
        tuple(map(float, subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                        check=True).stdout.split()))
        for _ in range(3)
    ]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def raw_text(path: Path) -> str:
    """Every page's text as PDFium gives it, nothing else."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        out = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            out.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(out)
    finally:
        pdf.close()


def main() -> None:
    pdfs = sorted((ROOT / "corpora" / "sample" / "decisions").glob("*.pdf"))
    pages = sum(extract_text(p).page_count for p in pdfs)
    for p in pdfs:  # warm-up: models and pipeline loaded once, as in a worker
        analyze(p)
    gc.freeze()
    raw, ingest, full = [], [], []
    for _ in range(3):
        t0 = time.perf_counter()
        for p in pdfs:
            raw_text(p)
        raw.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for p in pdfs:
            extract_text(p)
        ingest.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for p in pdfs:
            analyze(p)
        full.append(time.perf_counter() - t0)
    raw_rate = pages / statistics.median(raw)
    ingest_rate = pages / statistics.median(ingest)
    full_rate = pages / statistics.median(full)
    with_imports, models_only = load_time()
    print(f"{len(pdfs)} PDFs, {pages} pages")
    print(f"raw pypdfium2 text     {raw_rate:8.1f} pages/s")
    print(f"ingestion alone        {ingest_rate:8.1f} pages/s")
    print(f"full analyze           {full_rate:8.1f} pages/s")
    print(f"ratio analyze/ingest   {full_rate / ingest_rate:8.2f}")
    print(f"ratio analyze/raw      {full_rate / raw_rate:8.2f}   (goal >= 0.33)")
    print(f"model load             {models_only:8.3f} s   (goal < 1 s); with library imports {with_imports:.3f} s")


if __name__ == "__main__":
    main()
