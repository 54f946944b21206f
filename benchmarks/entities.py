"""Entity pipeline speed vs spaCy's blank English tokenizer, in one run
(run: ``make bench`` or ``.venv/bin/python benchmarks/entities.py``).

The text is the clean text of every sample-corpus document (decisions,
decision pages, articles) plus the entity gold documents, repeated to about
1.5 million characters. Words/s counts alphabetic tokens. Interleaved, median
of 3 runs. Also: the time to build the pipeline (load all data, compile the
matchers), which every worker process pays once.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]

from caretext import extract_text  # noqa: E402
from caretext.evaluate.entity_markup import read_gold_dir  # noqa: E402
from caretext.nlp.pipeline import build_pipeline, make_doc  # noqa: E402


def texts(target_chars: int = 1_500_000) -> list[tuple[str, str]]:
    base: list[tuple[str, str]] = []
    for path in sorted((ROOT / "corpora" / "sample").glob("*/*")):
        if path.parent.name in ("broken", "other"):
            continue
        doc = extract_text(path)
        base.append((doc.text, doc.kind))
    for folder in ("dev", "test"):
        base += [
            (g.text, g.meta.get("kind", "other"))
            for g in read_gold_dir(ROOT / "annotations" / "entities" / folder)
        ]
    out, size = [], 0
    while size < target_chars:
        for text, kind in base:
            out.append((text, kind))
            size += len(text)
    return out


def main() -> None:
    t0 = time.perf_counter()
    nlp = build_pipeline()
    load = time.perf_counter() - t0
    blank = spacy.blank("en")
    corpus = texts()
    words = sum(1 for t in blank.pipe(text for text, _ in corpus) for tok in t if tok.is_alpha)
    chars = sum(len(text) for text, _ in corpus)
    tok_times, full_times = [], []
    for _ in range(3):
        t0 = time.perf_counter()
        for _doc in blank.pipe(text for text, _ in corpus):
            pass
        tok_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for _doc in nlp.pipe(make_doc(nlp, text, kind=kind) for text, kind in corpus):
            pass
        full_times.append(time.perf_counter() - t0)
    tok, full = statistics.median(tok_times), statistics.median(full_times)
    print(f"text: {len(corpus)} documents, {chars:,} chars, {words:,} words")
    print(f"pipeline build (load data, compile matchers): {load:.2f} s")
    print(f"blank tokenizer: {words / tok:,.0f} words/s")
    print(f"caretext entity pipeline: {words / full:,.0f} words/s")
    print(f"ratio pipeline / tokenizer: {tok / full:.2f} (goal >= 0.5)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
