"""Score decision predictions against gold: per-label P/R/F1, confusion matrices, payments, slices.

Predictions and gold meet as :class:`Labels` — plain label sets — so the same
scorer serves the held-out split (``caretext evaluate decisions``), a user's
own archive scored against their gold JSONL, and ``caretext train``'s metrics.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Labels:
    """What one statement was labelled: by a person (gold) or by caretext (prediction)."""

    outcome: str | None
    detail: str | None
    category: str | None
    subcategory: str | None
    themes: set[str] = field(default_factory=set)
    injustice: set[str] = field(default_factory=set)
    remedy_types: Counter[str] = field(default_factory=Counter)
    total_payment: float = 0.0
    #: theme -> [(start, end)] evidence spans
    evidence: dict[str, list[tuple[int, int]]] = field(default_factory=dict)


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": tp + fn}


def counted(gold: Sequence[Counter[str]], pred: Sequence[Counter[str]]) -> dict[str, Any]:
    """Micro and per-label P/R/F1 over multisets (two payments in gold need two predicted payments).
    Sets and single labels are multisets with counts of one, so every scorer here counts through it."""
    labels = sorted(set().union(*[set(g) for g in gold], *[set(p) for p in pred])) if gold else []
    per = {}
    for label in labels:
        tp = sum(min(g[label], p[label]) for g, p in zip(gold, pred))
        fp = sum(max(0, p[label] - g[label]) for g, p in zip(gold, pred))
        fn = sum(max(0, g[label] - p[label]) for g, p in zip(gold, pred))
        per[label] = prf(tp, fp, fn)
    tp = sum(sum((g & p).values()) for g, p in zip(gold, pred))
    fp = sum(sum((p - g).values()) for g, p in zip(gold, pred))
    fn = sum(sum((g - p).values()) for g, p in zip(gold, pred))
    return {"micro": prf(tp, fp, fn), "labels": per}


def single_label(gold: Sequence[str | None], pred: Sequence[str | None]) -> dict[str, Any]:
    """Accuracy, per-label P/R/F1 and the confusion matrix (rows gold, columns predicted)."""
    per = counted([Counter([g] if g is not None else []) for g in gold],
                  [Counter([p] if p is not None else []) for p in pred])["labels"]
    labels = list(per)
    confusion = {g: {p: sum(1 for a, b in zip(gold, pred) if a == g and b == p) for p in labels} for g in labels}
    n = len(gold)
    accuracy = sum(1 for g, p in zip(gold, pred) if g == p) / n if n else 0.0
    return {"n": n, "accuracy": round(accuracy, 4), "labels": per, "confusion": confusion}


def multi_label(gold: list[set[str]], pred: list[set[str]]) -> dict[str, Any]:
    """Micro and macro P/R/F1 and per-label scores for set-valued labels."""
    result = counted([Counter(g) for g in gold], [Counter(p) for p in pred])
    per = result["labels"]
    macro = sum(v["f1"] for v in per.values()) / len(per) if per else 0.0
    return {"micro": result["micro"], "macro_f1": round(macro, 4), "labels": per}


def _evidence_hits(gold: list[Labels], pred: list[Labels]) -> dict[str, Any]:
    """Of the themes predicted correctly, how often the first evidence sentence overlaps a gold one."""
    hit = total = 0
    for g, p in zip(gold, pred):
        for theme in g.themes & p.themes:
            spans = p.evidence.get(theme) or []
            gold_spans = g.evidence.get(theme) or []
            if not gold_spans:
                continue
            total += 1
            if spans and any(s < ge and gs < e for s, e in spans[:1] for gs, ge in gold_spans):
                hit += 1
    return {"n": total, "first_evidence_overlaps_gold": round(hit / total, 4) if total else 0.0}


def score(gold: list[Labels], pred: list[Labels]) -> dict[str, Any]:
    """Every decision metric for aligned gold and predicted label lists."""
    if len(gold) != len(pred):
        raise ValueError("gold and predictions differ in length")
    n = len(gold)
    joint_gold = [f"{g.category} > {g.subcategory}" for g in gold]
    joint_pred = [f"{p.category} > {p.subcategory}" for p in pred]
    payment_exact = sum(1 for g, p in zip(gold, pred) if abs(g.total_payment - p.total_payment) < 0.005)
    payers = [(g, p) for g, p in zip(gold, pred) if g.total_payment > 0]
    return {
        "n": n,
        "outcome": single_label([g.outcome for g in gold], [p.outcome for p in pred]),
        "detail": single_label([g.detail for g in gold], [p.detail for p in pred]),
        "category": single_label([g.category for g in gold], [p.category for p in pred]),
        "subcategory": single_label(joint_gold, joint_pred),
        "themes": multi_label([g.themes for g in gold], [p.themes for p in pred]),
        "theme_evidence": _evidence_hits(gold, pred),
        "injustice": multi_label([g.injustice for g in gold], [p.injustice for p in pred]),
        "remedy_types": counted([g.remedy_types for g in gold], [p.remedy_types for p in pred]),
        "total_payment": {
            "exact": round(payment_exact / n, 4) if n else 0.0,
            "n": n,
            "exact_where_gold_pays": round(
                sum(1 for g, p in payers if abs(g.total_payment - p.total_payment) < 0.005) / len(payers), 4
            )
            if payers
            else 0.0,
            "n_gold_pays": len(payers),
        },
    }


def headline(metrics: dict[str, Any]) -> dict[str, float]:
    """The figures the goals are stated in."""
    return {
        "outcome_accuracy": metrics["outcome"]["accuracy"],
        "detail_accuracy": metrics["detail"]["accuracy"],
        "category_accuracy": metrics["category"]["accuracy"],
        "subcategory_accuracy": metrics["subcategory"]["accuracy"],
        "theme_micro_f1": metrics["themes"]["micro"]["f1"],
        "injustice_micro_f1": metrics["injustice"]["micro"]["f1"],
        "remedy_type_f1": metrics["remedy_types"]["micro"]["f1"],
        "total_payment_exact": metrics["total_payment"]["exact"],
    }


def by_slice(keys: Iterable[str], gold: list[Labels], pred: list[Labels]) -> dict[str, dict[str, float]]:
    """Headline figures per slice (e.g. per writer), so a style the models were not tuned on shows apart."""
    groups: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        groups.setdefault(key, []).append(i)
    return {
        key: {"n": len(idx), **headline(score([gold[i] for i in idx], [pred[i] for i in idx]))}
        for key, idx in sorted(groups.items())
    }
