"""Read and check decision gold (``annotations/decisions/README.md``).

A gold record is one JSON line naming a statement in ``corpora/decisions``.
Quotes (remedy and evidence ``text``) are located in the statement when read,
so annotators write words, not offsets, and a quote that is not in the text
is caught here rather than silently scored as a miss.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from caretext.data import data_text
from caretext.evaluate.gold import SPLITS, GoldError, check_batch, load_batches, read_records

__all__ = ["SPLITS", "GoldDecision", "GoldError", "GoldQuote", "load_gold", "parse_record", "read_records", "taxonomy"]


@cache
def taxonomy() -> dict[str, Any]:
    """The label ids of ``design/taxonomy.md`` as packaged data."""
    data: dict[str, Any] = json.loads(data_text("taxonomy.json"))
    return data


@dataclass(frozen=True)
class GoldQuote:
    label: str  # theme id (evidence) or remedy type
    text: str
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass
class GoldDecision:
    id: str
    text: str
    split: str
    outcome: str
    detail: str | None
    category: str
    subcategory: str
    themes: list[str]
    injustice: list[str]
    remedies: list[GoldQuote]
    evidence: list[GoldQuote]
    meta: dict[str, Any]
    path: Path | None = None

    @property
    def total_payment(self) -> float:
        return round(sum(r.attrs.get("amount_gbp") or 0.0 for r in self.remedies if r.label == "payment"), 2)


def _locate(text: str, quote: str, where: str) -> tuple[int, int]:
    """Where ``quote`` stands in the statement's clean text: the first exact occurrence, else the first
    one that differs only in whitespace (ingestion re-flows list lines into paragraphs)."""
    start = text.find(quote)
    if start >= 0:
        return start, start + len(quote)
    words = quote.split()
    m = re.search(r"\s+".join(map(re.escape, words)), text) if words else None
    if m is None:
        raise GoldError(f"{where}: quote not found in the statement: {quote[:80]!r}")
    return m.start(), m.end()


def _check_labels(rec: dict[str, Any], where: str) -> list[str]:
    tax = taxonomy()
    problems = []
    outcome = rec.get("outcome")
    if outcome not in tax["outcomes"]:
        problems.append(f"outcome {outcome!r} is not one of {tax['outcomes']}")
    elif rec.get("detail") is not None and rec["detail"] not in tax["details"][outcome]:
        problems.append(f"detail {rec['detail']!r} is not allowed for {outcome}: {tax['details'][outcome]}")
    category = rec.get("category")
    if category not in tax["categories"]:
        problems.append(f"category {category!r} is not in the taxonomy")
    elif rec.get("subcategory") not in tax["categories"][category]:
        problems.append(f"subcategory {rec.get('subcategory')!r} is not under {category!r}")
    for key, allowed in (("themes", tax["themes"]), ("injustice", tax["injustice"])):
        values = rec.get(key)
        if not isinstance(values, list):
            problems.append(f"{key} must be a list")
            continue
        problems += [f"{key}: unknown id {v!r}" for v in values if v not in allowed]
        if len(set(values)) != len(values):
            problems.append(f"{key}: repeated id")
    for remedy in rec.get("remedies") or []:
        if remedy.get("type") not in tax["remedies"]:
            problems.append(f"remedy type {remedy.get('type')!r} is not in the taxonomy")
        amount = remedy.get("amount_gbp")
        if amount is not None and not isinstance(amount, (int, float)):
            problems.append(f"amount_gbp must be a number or null, not {amount!r}")
        if amount is not None and remedy.get("type") != "payment":
            problems.append("amount_gbp only belongs on a payment")
    themes = set(rec.get("themes") or [])
    evidenced = {e.get("label") for e in rec.get("evidence") or []}
    problems += [f"evidence for {e!r}, which is not in themes" for e in sorted(evidenced - themes, key=str)]
    problems += [f"theme {t!r} has no evidence sentence" for t in sorted(themes - evidenced)]
    return [f"{where}: {p}" for p in problems]


def statement_text(path: Path, where: str = "") -> str:
    """A statement's text as ``caretext tag`` reads it: through ingestion, so models are trained on the
    same clean text (furniture removed, list lines as paragraphs) that they classify."""
    from caretext.errors import CaretextError
    from caretext.ingest import extract_text

    try:
        return extract_text(path).text
    except CaretextError as exc:
        raise GoldError(f"{where or path}: cannot read {path}: {exc.message}") from exc
    except OSError as exc:
        raise GoldError(f"{where or path}: cannot read {path}: {exc.strerror or exc}") from exc


def parse_record(rec: dict[str, Any], corpus: Path, where: str) -> GoldDecision:
    """One gold record with its statement read and every quote located."""
    if not isinstance(rec.get("id"), str) or not rec["id"]:
        raise GoldError(f"{where}: record has no id")
    where = f"{where} ({rec['id']})"
    problems = _check_labels(rec, where)
    if rec.get("split") not in SPLITS:
        problems.append(f"{where}: split {rec.get('split')!r} is not one of {SPLITS}")
    if problems:
        raise GoldError("\n".join(problems))
    path = corpus / f"{rec['id']}.txt"
    text = statement_text(path, where)
    remedies = []
    for r in rec.get("remedies") or []:
        start, end = _locate(text, r.get("text") or "", where)
        attrs = {k: v for k, v in r.items() if k not in ("type", "text")}
        remedies.append(GoldQuote(r["type"], r["text"], start, end, attrs))
    evidence = []
    for e in rec.get("evidence") or []:
        start, end = _locate(text, e.get("text") or "", where)
        evidence.append(GoldQuote(e["label"], e["text"], start, end))
    return GoldDecision(
        id=rec["id"],
        text=text,
        split=rec["split"],
        outcome=rec["outcome"],
        detail=rec.get("detail"),
        category=rec["category"],
        subcategory=rec["subcategory"],
        themes=list(rec["themes"]),
        injustice=list(rec["injustice"]),
        remedies=remedies,
        evidence=evidence,
        meta={k: rec.get(k) for k in ("council", "date", "writer", "style")},
        path=path,
    )


def load_gold(
    annotations: Path | str = "annotations/decisions",
    corpus: Path | str = "corpora/decisions",
    splits: tuple[str, ...] = SPLITS,
) -> list[GoldDecision]:
    """Every gold decision in ``annotations`` (a folder of ``*.jsonl`` or one file), in id order."""
    return load_batches(annotations, corpus, splits, parse_record)


def _outcomes(golds: list[GoldDecision]) -> str:
    counts: dict[str, int] = {}
    for gold in golds:
        counts[gold.outcome] = counts.get(gold.outcome, 0) + 1
    return f"outcomes {counts}"


if __name__ == "__main__":
    sys.exit(check_batch(sys.argv[1:], "caretext.evaluate.decision_gold", "corpora/decisions", parse_record, _outcomes))
