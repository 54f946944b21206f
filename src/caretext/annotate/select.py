"""Which documents are worth labelling next.

``caretext annotate select SOURCE --n 50 --strategy uncertainty|diverse|random``, where SOURCE is a tagged
OUT folder (its store is read, nothing is analysed again) or files and folders (analysed now):

* ``uncertainty`` — least-confident first: a document's confidence is the lowest of the scores its
  classifiers gave (outcome, category, themes; the closer a theme's score is to 0.5 the less sure), and
  a document whose words are nearly those of one already chosen (cosine of word n-gram counts ≥ 0.8) is passed over, so
  fifty near-identical statements are never picked together;
* ``diverse`` — k-centre greedy over the same TF-IDF vectors, starting from the least confident: each
  pick is the document farthest from everything chosen so far;
* ``random`` — a seeded sample, the baseline the other two should beat.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STRATEGIES = ("uncertainty", "diverse", "random")
#: cosine similarity above which two documents count as near-duplicates
NEAR_DUPLICATE = 0.8


@dataclass(frozen=True)
class Candidate:
    path: str
    doc_id: str
    text: str
    confidence: float


def confidence(findings: Any) -> float:
    """The lowest confidence among a findings record's classifier scores (1.0 when it has none)."""
    scores = []
    if findings.outcome is not None:
        scores.append(findings.outcome.score)
    if findings.category is not None:
        scores.append(findings.category.score)
    scores += [max(t.score, 1 - t.score) for t in findings.themes]  # a theme near 0.5 is a toss-up
    return round(min(scores), 4) if scores else 1.0


def candidates(sources: Iterable[str | Path]) -> list[Candidate]:
    """Candidates from tagged OUT folders (their stores) and from files or folders (analysed now)."""
    from caretext.analysis import analyze
    from caretext.ingest import extract_text
    from caretext.store import DB_NAME, open_store
    from caretext.tagging import walk

    out: list[Candidate] = []
    files: list[str | Path] = []
    for source in sources:
        if Path(source).is_dir() and (Path(source) / DB_NAME).exists():
            with open_store(source) as archive:
                for f in archive.findings():
                    out.append(Candidate(f.source.path or f.doc_id, f.doc_id, archive.text(f.doc_id) or "",
                                         confidence(f)))
        else:
            files.append(source)
    for found in walk(files) if files else []:
        if found.problem is None:
            document = extract_text(found.path)
            f = analyze(document)
            out.append(Candidate(found.path, f.doc_id, document.text, confidence(f)))
    return out


def _vectors(texts: list[str], idf: bool) -> Any:
    """Word 1-2-gram vectors, unit length. Near-duplicates are judged without IDF (in a small pool, IDF
    makes the few words two copies do not share outweigh all those they do); spread with it."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(sublinear_tf=True, use_idf=idf, ngram_range=(1, 2), max_features=50_000).fit_transform(texts)


def select(pool: list[Candidate], n: int, strategy: str = "uncertainty", seed: int = 0) -> list[Candidate]:
    """``n`` candidates by ``strategy`` (fewer if the pool is smaller), in the order they were chosen."""
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}: use one of {', '.join(STRATEGIES)}")
    if n < 1 or not pool:
        return []
    if strategy == "random":
        return random.Random(seed).sample(pool, min(n, len(pool)))
    order = sorted(range(len(pool)), key=lambda i: (pool[i].confidence, pool[i].doc_id))
    chosen: list[int] = []
    if strategy == "uncertainty":
        vectors = _vectors([c.text for c in pool], idf=False)
        for i in order:
            if len(chosen) == n:
                break
            if chosen and float((vectors[chosen] @ vectors[i].T).max()) >= NEAR_DUPLICATE:
                continue  # nearly a document already chosen
            chosen.append(i)
        return [pool[i] for i in chosen]
    import numpy as np

    vectors = _vectors([c.text for c in pool], idf=True)
    chosen = [order[0]]
    nearest = 1.0 - (vectors @ vectors[order[0]].T).toarray().ravel()  # cosine distance to the chosen set
    while len(chosen) < min(n, len(pool)):
        nearest[chosen] = -1.0
        far = int(np.argmax(nearest))
        chosen.append(far)
        nearest = np.minimum(nearest, 1.0 - (vectors @ vectors[far].T).toarray().ravel())
    return [pool[i] for i in chosen]
