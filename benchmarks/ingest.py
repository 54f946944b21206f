"""Ingestion speed, measured as ratios in one run (run: ``make bench`` or
``.venv/bin/python benchmarks/ingest.py``).

Measures on the sample PDFs and on a generated ~500-page corpus:
caretext's cleaned ingest (pdfium engine) pages/s, raw pdfplumber
``extract_text`` pages/s, raw pypdfium2 ``get_text_range`` pages/s, and
``pdftotext`` if installed; then peak traced memory of ingest for PDFs of
growing length (it should grow with the text, not with per-page objects).
Interleaved, median of 3 runs.
"""

from __future__ import annotations

import gc
import io
import shutil
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from caretext import extract_text  # noqa: E402


def generated_corpus(target_pages: int = 500) -> list[bytes]:
    """Re-render the sample decisions (different fonts/styles) until ~target pages."""
    from build_sample_corpus import render_pdf
    from corpus_sources import decision_sources

    out_dir = ROOT / "benchmarks" / "_generated"
    out_dir.mkdir(exist_ok=True)
    blobs, pages, i = [], 0, 0
    sources = decision_sources()
    while pages < target_pages:
        src = sources[i % len(sources)]
        path = out_dir / f"{i:03d}-{src.name}.pdf"
        render_pdf(src, i, path)
        data = path.read_bytes()
        blobs.append(data)
        pages += len(pdfium.PdfDocument(data))
        i += 1
    return blobs


def count_pages(blobs: list[bytes]) -> int:
    return sum(len(pdfium.PdfDocument(b)) for b in blobs)


def run_caretext(blobs):
    for b in blobs:
        extract_text(b, name="x.pdf")


def run_pdfplumber(blobs):
    for b in blobs:
        with pdfplumber.open(io.BytesIO(b)) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()


def run_pdfium(blobs):
    for b in blobs:
        pdf = pdfium.PdfDocument(b)
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            tp.get_text_range()
            tp.close()
            page.close()
        pdf.close()


def run_pdftotext(blobs):
    for b in blobs:
        subprocess.run(["pdftotext", "-", "-"], input=b, capture_output=True, check=True)


def timed(fn, blobs, repeats=3):
    times = []
    for _ in range(repeats):
        gc.collect()
        t0 = time.perf_counter()
        fn(blobs)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def measure(name: str, blobs: list[bytes]) -> dict[str, float]:
    pages = count_pages(blobs)
    engines = {"caretext": run_caretext, "pdfplumber": run_pdfplumber, "pypdfium2": run_pdfium}
    if shutil.which("pdftotext"):
        engines["pdftotext"] = run_pdftotext
    rates = {}
    for label, fn in engines.items():
        rates[label] = pages / timed(fn, blobs)
    print(f"\n{name}: {len(blobs)} PDFs, {pages} pages")
    for label, rate in rates.items():
        print(f"  {label:<11} {rate:8.1f} pages/s")
    print(f"  caretext / pdfplumber = {rates['caretext'] / rates['pdfplumber']:.2f}  (goal >= 1.0)")
    print(f"  pypdfium2 / caretext  = {rates['pypdfium2'] / rates['caretext']:.2f}  (goal <= 3.0)")
    return rates


def memory_profile() -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    print("\npeak traced memory of extract_text by PDF length (text grows linearly):")
    for n_pages in (50, 200, 800):
        buf = io.BytesIO()
        c = canvas.Canvas(buf, pagesize=A4, invariant=1)
        for n in range(n_pages):
            c.setFont("Helvetica", 8)
            c.drawString(72, 800, "Running header")
            c.drawCentredString(297, 40, f"Page {n + 1} of {n_pages}")
            c.setFont("Helvetica", 11)
            for row in range(45):
                c.drawString(
                    72, 760 - row * 15, f"Line {row} of page {n + 1} with ordinary words in it."
                )
            c.showPage()
        c.save()
        data = buf.getvalue()
        tracemalloc.start()
        doc = extract_text(data, name="long.pdf")
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        per_page = peak / n_pages / 1024
        print(
            f"  {n_pages:>4} pages: peak {peak / 1e6:6.1f} MB, {per_page:5.1f} KiB/page, "
            f"text {len(doc.text) / 1e6:.2f} MB"
        )


def main() -> None:
    sample = [
        p.read_bytes() for p in sorted((ROOT / "corpora" / "sample" / "decisions").glob("*.pdf"))
    ]
    measure("sample corpus", sample)
    measure("generated corpus", generated_corpus())
    memory_profile()


if __name__ == "__main__":
    main()
