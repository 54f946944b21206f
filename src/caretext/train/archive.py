"""Score caretext on a user's own archive: a folder of documents against a gold JSONL file.

The gold file needs one record per document — ``{"id": "<file name without
extension>", "outcome": ..., ...}`` — with any of the fields of
``annotations/decisions/README.md``; quotes and offsets are not needed. Each
document goes through the same ingestion and decision classifier as
``caretext tag`` (so PDFs, saved web pages and text all work), and only the fields the gold file gives are
scored. Published outcome/category lines on a saved page are not used: the
scores are of caretext's own reading of the prose.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from caretext.errors import CaretextError
from caretext.train.decisions import GoldError, read_records
from caretext.train.score_decisions import Labels, score

FIELDS = ("outcome", "detail", "category", "subcategory", "themes", "injustice", "remedies")


def _gold(rec: dict[str, Any]) -> Labels:
    remedies = rec.get("remedies") or []
    return Labels(
        outcome=rec.get("outcome"),
        detail=rec.get("detail"),
        category=rec.get("category"),
        subcategory=rec.get("subcategory"),
        themes=set(rec.get("themes") or []),
        injustice=set(rec.get("injustice") or []),
        remedy_types=Counter(r.get("type") for r in remedies),
        total_payment=round(sum(float(r.get("amount_gbp") or 0) for r in remedies if r.get("type") == "payment"), 2),
    )


def _predicted(path: Path) -> Labels:
    from caretext.classify.decision import DecisionClassifier
    from caretext.ingest import extract_text
    from caretext.train.fit import predicted_labels

    # the models' reading of the prose; a saved page's published header is not used
    return predicted_labels(DecisionClassifier.load().classify(extract_text(path).text))


def score_folder(gold_file: Path, folder: Path) -> dict[str, Any]:
    """Metrics of caretext on the documents in ``folder`` named by the records of ``gold_file``."""
    records = read_records(gold_file)
    if not records:
        raise GoldError(f"{gold_file}: no records")
    files = {p.stem: p for p in sorted(folder.iterdir()) if p.is_file()}
    missing = [str(r.get("id")) for r in records if r.get("id") not in files]
    if missing:
        raise GoldError(f"{gold_file}: no document in {folder} for ids {missing[:5]}")
    gold, pred, unreadable = [], [], []
    for r in records:
        try:
            pred.append(_predicted(files[r["id"]]))
        except CaretextError as exc:  # an unreadable document is reported, the rest are still scored
            unreadable.append({"id": r["id"], "path": str(files[r["id"]]), "error": exc.code, "message": exc.message})
            continue
        gold.append(_gold(r))
    if not pred:
        raise GoldError(f"{folder}: none of the documents could be read ({unreadable[0]['message']})")
    metrics = score(gold, pred)
    present = {f for f in FIELDS if all(f in r for r in records)}
    keep = {
        "outcome": "outcome" in present,
        "detail": "detail" in present,
        "category": "category" in present,
        "subcategory": "subcategory" in present,
        "themes": "themes" in present,
        "theme_evidence": False,
        "injustice": "injustice" in present,
        "remedy_types": "remedies" in present,
        "total_payment": "remedies" in present,
    }
    return {"n": metrics["n"], "unreadable": unreadable, **{k: v for k, v in metrics.items() if keep.get(k)}}
