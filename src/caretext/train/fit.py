"""``caretext train``: rebuild the decision models from ``annotations/`` and measure them honestly.

1. Fit on *train*, measure on *dev* (what settings were chosen on).
2. Fit the shipped models on *train + dev*, measure on *test* — never seen
   while fitting or choosing anything — overall and per writer, so the
   separately written slice (writer ``x``) shows how far scores fall on a
   style nobody tuned on.

Everything is deterministic: no shuffling, fixed solver, fixed seeds, sorted
inputs; the same annotations give the same models and the same metrics.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold, cross_val_predict
from sklearn.multiclass import OneVsRestClassifier

from caretext.classify.decision import (
    EVIDENCE_ROLES,
    MIN_EVIDENCE_CHARS,
    DecisionClassifier,
    DecisionLabels,
)
from caretext.classify.features import (
    DecisionView,
    make_featuriser,
    make_sentence_featuriser,
    matrix,
    normalise,
    read_decision,
)
from caretext.classify.models import save_models
from caretext.evaluate.decision_gold import GoldDecision, load_gold, taxonomy
from caretext.evaluate.decision_scores import Labels, by_slice, headline, score

SEED = 0
#: inverse regularisation per head (chosen on dev; see models/README.md)
C = {"outcome": 10.0, "detail": 10.0, "category": 10.0, "subcategory": 10.0, "themes": 10.0, "evidence": 10.0}
THRESHOLD_GRID = tuple(round(t, 2) for t in np.arange(0.15, 0.71, 0.05))


def _logistic(c: float, binary: bool = False) -> LogisticRegression:
    # liblinear is exact and fast for the one-vs-rest theme heads; lbfgs for multinomial heads
    solver = "liblinear" if binary else "lbfgs"
    return LogisticRegression(C=c, class_weight="balanced", max_iter=5000, random_state=SEED, solver=solver)


def default_detail(gold: GoldDecision) -> str:
    if gold.detail:
        return gold.detail
    return {"upheld": "fault_and_injustice", "not_upheld": "no_fault"}.get(gold.outcome, "no_worthwhile_outcome")


def fingerprint(golds: list[GoldDecision]) -> str:
    """sha256 over ids, texts and labels: changes when any gold record or statement changes."""
    h = hashlib.sha256()
    for g in sorted(golds, key=lambda g: g.id):
        h.update(g.id.encode())
        h.update(g.text.encode())
        h.update(
            json.dumps(
                [g.split, g.outcome, g.detail, g.category, g.subcategory, sorted(g.themes), sorted(g.injustice),
                 [(r.label, r.start, r.end, r.attrs.get("amount_gbp")) for r in g.remedies],
                 [(e.label, e.start, e.end) for e in g.evidence]],
                sort_keys=True,
            ).encode()
        )
    return h.hexdigest()


def _float32(model: Any) -> Any:
    """Halve a head's size on disk: coefficients in float32 (probabilities change < 1e-6).
    A one-vs-rest head has each of its logistic heads shrunk."""
    for head in getattr(model, "estimators_", [model]):
        head.coef_ = head.coef_.astype(np.float32)
    return model


def fit(golds: list[GoldDecision]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Models and manifest settings fitted on ``golds``."""
    golds = sorted(golds, key=lambda g: g.id)
    views = [read_decision(g.text) for g in golds]
    x_raw = matrix(views)
    features = make_featuriser().fit(x_raw)
    x = features.transform(x_raw)
    models: dict[str, Any] = {"features": features}
    targets = {
        "outcome": [g.outcome for g in golds],
        "detail": [default_detail(g) for g in golds],
        "category": [g.category for g in golds],
        "subcategory": [f"{g.category} > {g.subcategory}" for g in golds],
    }
    for name, y in targets.items():
        models[name] = _float32(_logistic(C[name]).fit(x, y))
    counts = Counter(t for g in golds for t in g.themes)
    theme_labels = [t for t in taxonomy()["themes"] if counts[t] >= 2]
    y_themes = np.array([[int(t in g.themes) for t in theme_labels] for g in golds])
    models["themes"] = _float32(OneVsRestClassifier(_logistic(C["themes"], binary=True)).fit(x, y_themes))
    thresholds = _theme_thresholds(x, y_themes, theme_labels)
    models["sentence_features"], models["theme_sentences"], evidence_labels = _fit_evidence(
        golds, views, theme_labels
    )
    settings = {
        "details": taxonomy()["details"],
        "theme_labels": theme_labels,
        "theme_thresholds": thresholds,
        "evidence_labels": evidence_labels,
        "trained_on": {"n": len(golds), "fingerprint": fingerprint(golds)},
        "C": C,
        "seed": SEED,
    }
    return models, settings


def _fit_evidence(
    golds: list[GoldDecision], views: list[DecisionView], labels: list[str]
) -> tuple[Any, Any, list[str]]:
    """A sentence-level theme head trained on the gold evidence sentences: a sentence is a positive
    for a theme when it overlaps a gold evidence quote for it, every other candidate sentence of the
    statement is a negative. It ranks sentences as evidence for the themes the statement-level head
    (or a rule) has found."""
    texts: list[str] = []
    rows: list[list[int]] = []
    for g, view in zip(golds, views):
        spans = [(e.label, e.start, e.end) for e in g.evidence]
        for s in view.sentences:
            if s.role not in EVIDENCE_ROLES or len(s.text) <= MIN_EVIDENCE_CHARS:
                continue
            hit = {label for label, a, b in spans if s.start < b and a < s.end}
            texts.append(normalise(s.text))
            rows.append([int(t in hit) for t in labels])
    featuriser = make_sentence_featuriser().fit(texts)
    y = np.array(rows)
    keep = [i for i in range(len(labels)) if y[:, i].sum() >= 2]  # a constant column cannot be learnt
    head = OneVsRestClassifier(_logistic(C["evidence"], binary=True)).fit(featuriser.transform(texts), y[:, keep])
    return featuriser, _float32(head), [labels[i] for i in keep]


def _theme_thresholds(x: Any, y: np.ndarray, labels: list[str]) -> dict[str, float]:
    """One probability threshold for every theme, the one that maximises micro-F1 of 5-fold
    out-of-fold predictions on the training set. (Per-theme thresholds fitted the same way scored
    lower on dev: with a few dozen positives per theme they fit noise.)"""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        oof = cross_val_predict(
            OneVsRestClassifier(_logistic(C["themes"], binary=True)), x, y, cv=KFold(5), method="predict_proba"
        )
    gold = y.astype(bool)

    def micro_f1(t: float) -> tuple[float, float]:
        pred = oof >= t
        tp = float((pred & gold).sum())
        wrong = float((pred != gold).sum())
        return (2 * tp / (2 * tp + wrong) if tp else 0.0), -abs(t - 0.5)

    best = float(max(THRESHOLD_GRID, key=micro_f1))
    return {label: best for label in labels}


def gold_labels(g: GoldDecision) -> Labels:
    evidence: dict[str, list[tuple[int, int]]] = {}
    for e in g.evidence:
        evidence.setdefault(e.label, []).append((e.start, e.end))
    return Labels(
        outcome=g.outcome,
        detail=default_detail(g),
        category=g.category,
        subcategory=g.subcategory,
        themes=set(g.themes),
        injustice=set(g.injustice),
        remedy_types=Counter(r.label for r in g.remedies),
        total_payment=g.total_payment,
        evidence=evidence,
    )


def predicted_labels(d: DecisionLabels) -> Labels:
    payments = [r.amount_gbp or 0.0 for r in d.remedies if r.type == "payment"]
    return Labels(
        outcome=d.outcome.label,
        detail=d.outcome.detail,
        category=d.category,
        subcategory=d.subcategory,
        themes={t.label for t in d.themes},
        injustice={i.label for i in d.injustice},
        remedy_types=Counter(r.type for r in d.remedies),
        total_payment=round(sum(payments), 2),
        evidence={t.label: [(s.start, s.end) for s in t.evidence] for t in d.themes},
    )


def evaluate(classifier: DecisionClassifier, golds: list[GoldDecision], batches: Path | None = None) -> dict[str, Any]:
    """Metrics of ``classifier`` on ``golds``, overall, per writer and per slice of the corpus
    (``batches``: the annotations' ``batches.json``)."""
    gold = [gold_labels(g) for g in golds]
    pred = [predicted_labels(classifier.classify(g.text)) for g in golds]
    metrics = score(gold, pred)
    metrics["headline"] = headline(metrics)
    writers = [str(g.meta.get("writer") or "?") for g in golds]
    metrics["by_writer"] = by_slice(writers, gold, pred)
    metrics["by_slice"] = {}
    for name, members in corpus_slices(writers, batches).items():
        idx = [i for i, w in enumerate(writers) if w in members]
        if idx:
            metrics["by_slice"][name] = {
                "n": len(idx), **headline(score([gold[i] for i in idx], [pred[i] for i in idx]))
            }
    return metrics


def corpus_slices(writers: list[str], batches: Path | None = None) -> dict[str, set[str]]:
    """Named groups of writers the gate pins floors for: each round of the corpus, and each batch
    written separately (``annotations/decisions/batches.json``); unknown writers form no slice."""
    path = batches or Path("annotations/decisions/batches.json")
    if not path.exists():
        return {}
    described = json.loads(path.read_text(encoding="utf-8"))["batches"]
    present = set(writers)
    out: dict[str, set[str]] = {}
    for batch, info in sorted(described.items()):
        if batch not in present:
            continue
        out.setdefault(f"round{info['round']}", set()).add(batch)
        if info.get("held_out"):
            out[f"held_out_{batch}"] = {batch}
    return out


def train(
    annotations: Path | str = "annotations/decisions",
    corpus: Path | str = "corpora/decisions",
    model_dir: Path | None = None,
    metrics_path: Path | None = Path("models/metrics.json"),
) -> dict[str, Any]:
    """Fit on train, measure on dev; refit on train+dev, measure on test; save models and metrics."""
    from caretext.classify.models import default_model_dir, library_versions

    golds = load_gold(annotations, corpus)
    split = {s: [g for g in golds if g.split == s] for s in ("train", "dev", "test")}
    dev_models, dev_settings = fit(split["train"])
    batches = Path(annotations) / "batches.json" if Path(annotations).is_dir() else None
    dev_metrics = evaluate(DecisionClassifier(dev_models, dev_settings), split["dev"], batches)
    models, settings = fit(split["train"] + split["dev"])
    test_metrics = evaluate(DecisionClassifier(models, settings), split["test"], batches)
    model_dir = model_dir or default_model_dir()
    shipped = Path(model_dir).resolve() == default_model_dir().resolve()
    save_models(models, settings, model_dir)
    if shipped:  # where findings point, through the path users take (needs the models just saved)
        from caretext.classify.decision import _shipped_classifier
        from caretext.evaluate.placement import placement

        _shipped_classifier.cache_clear()
        test_metrics["placement"] = placement(split["test"])
    metrics = {
        "data": {
            "fingerprint": fingerprint(golds),
            "test_fingerprint": fingerprint(split["test"]),
            "splits": {s: len(v) for s, v in split.items()},
            "writers": dict(sorted(Counter(str(g.meta.get("writer")) for g in golds).items())),
        },
        "versions": library_versions(),
        "settings": {k: v for k, v in settings.items() if k != "details"},
        "dev": dev_metrics,
        "test": test_metrics,
    }
    if metrics_path is not None:
        metrics_path.parent.mkdir(parents=True, exist_ok=True)
        metrics_path.write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return metrics
