"""Everything caretext says about one decision statement: outcome, category, themes, remedies, injustice.

The statement is read once (sections, sentences, the two model columns) and
featurised once; every model head reads the same matrix. Themes and the
outcome get their evidence by scoring single sentences with the same heads:
the sentences that on their own most strongly carry a label are the ones
that justify it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from caretext.classify.features import DecisionView, matrix, normalise, read_decision
from caretext.classify.injustice import NO_INJUSTICE, InjusticeHit, find_injustice
from caretext.classify.models import load_models, shipped_models
from caretext.classify.outcome import OutcomeGuess, pick_detail, rule_outcome
from caretext.classify.remedies import RemedyHit, find_remedies
from caretext.classify.sections import KEY_ROLES, Sentence
from caretext.document import Document
from caretext.findings import Category, Evidence, InjusticeEvidence, Outcome, Remedy, Theme

#: sentences that can carry theme evidence (not the role-and-powers boilerplate)
_EVIDENCE_ROLES = frozenset({"summary", "complaint", "background", "findings", "assessment", "agreed", "final", "other"})
#: outcomes with no remedies and no injustice
_NO_REMEDY_DETAILS = frozenset(
    {"no_fault", "out_of_jurisdiction", "premature", "late", "court_proceedings", "no_worthwhile_outcome",
     "not_significant_injustice", "alternative_remedy"}
)
MAX_EVIDENCE = 2


@dataclass
class ThemeGuess:
    label: str
    score: float
    evidence: list[Sentence] = field(default_factory=list)


@dataclass
class DecisionLabels:
    outcome: OutcomeGuess
    category: str
    subcategory: str | None
    category_score: float
    themes: list[ThemeGuess]
    remedies: list[RemedyHit]
    injustice: list[InjusticeHit]


def _proba(model: Any, x: Any) -> dict[str, float]:
    p = model.predict_proba(x)[0]
    return {str(c): float(v) for c, v in zip(model.classes_, p)}


class DecisionClassifier:
    """The shipped decision models plus caretext's rules, as one callable."""

    def __init__(self, models: dict[str, Any], manifest: dict[str, Any]) -> None:
        self.models = models
        self.manifest = manifest
        self.taxonomy_details: dict[str, list[str]] = manifest["details"]
        self.theme_threshold: dict[str, float] = manifest["theme_thresholds"]

    @classmethod
    def load(cls, directory: Path | None = None) -> DecisionClassifier:
        models, manifest = load_models(directory) if directory else shipped_models()
        return cls(models, manifest)

    def classify(self, text: str) -> DecisionLabels:
        view = read_decision(text)
        x = self.models["features"].transform(matrix([view]))
        return self._labels(view, x)

    def _sentence_matrix(self, sentences: list[Sentence]) -> Any:
        rows = [[normalise(s.text), normalise(s.text)] for s in sentences]
        return self.models["features"].transform(np.array(rows, dtype=object).reshape(len(rows), 2))

    def _labels(self, view: DecisionView, x: Any) -> DecisionLabels:
        outcome = self._outcome(view, x)
        category, subcategory, cat_score = self._category(x)
        themes = self._themes(view, x)
        remedies: list[RemedyHit] = []
        injustice: list[InjusticeHit] = []
        if outcome.detail not in _NO_REMEDY_DETAILS:
            remedies = find_remedies(view.sentences)
        if outcome.label == "upheld" and outcome.detail not in NO_INJUSTICE:
            injustice = find_injustice(view.sentences)
        return DecisionLabels(outcome, category, subcategory, cat_score, themes, remedies, injustice)

    def _outcome(self, view: DecisionView, x: Any) -> OutcomeGuess:
        proba = _proba(self.models["outcome"], x)
        detail_proba = _proba(self.models["detail"], x)
        label = max(proba, key=lambda k: proba[k])
        method, rule_id, score = "model", None, proba[label]
        evidence: Sentence | None = None
        fired = rule_outcome(view.sentences)
        if fired is not None:
            rule, evidence = fired
            label, method, rule_id = rule["label"], "rule", rule["id"]
            score = max(score if label == max(proba, key=lambda k: proba[k]) else 0.0, float(rule.get("score", 0.95)))
            detail = rule.get("detail") or pick_detail(label, detail_proba, self.taxonomy_details)
        else:
            detail = pick_detail(label, detail_proba, self.taxonomy_details)
            key = [s for s in view.sentences if s.role in KEY_ROLES] or view.sentences
            if key:
                col = list(self.models["outcome"].classes_).index(label)
                scores = self.models["outcome"].predict_proba(self._sentence_matrix(key))[:, col]
                evidence = key[int(np.argmax(scores))]
        return OutcomeGuess(label, detail, round(score, 4), method, rule_id, evidence)

    def _category(self, x: Any) -> tuple[str, str | None, float]:
        cat_p = _proba(self.models["category"], x)
        category = max(cat_p, key=lambda k: cat_p[k])
        sub_p = _proba(self.models["subcategory"], x)
        options = {k.split(" > ", 1)[1]: v for k, v in sub_p.items() if k.split(" > ", 1)[0] == category}
        subcategory = max(options, key=lambda k: options[k]) if options else None
        return category, subcategory, round(cat_p[category], 4)

    def _themes(self, view: DecisionView, x: Any) -> list[ThemeGuess]:
        model = self.models["themes"]
        labels = [str(c) for c in self.manifest["theme_labels"]]
        probs = model.predict_proba(x)[0]
        chosen = [
            (label, float(p)) for label, p in zip(labels, probs) if p >= self.theme_threshold.get(label, 0.5)
        ]
        if not chosen:
            return []
        candidates = [s for s in view.sentences if s.role in _EVIDENCE_ROLES and len(s.text) > 25]
        out = []
        sent_probs = model.predict_proba(self._sentence_matrix(candidates)) if candidates else None
        for label, p in sorted(chosen, key=lambda t: -t[1]):
            evidence: list[Sentence] = []
            if sent_probs is not None:
                col = sent_probs[:, labels.index(label)]
                order = np.argsort(-col, kind="stable")[:MAX_EVIDENCE]
                top = col[order[0]]
                evidence = sorted(
                    (candidates[i] for i in order if col[i] >= top * 0.8), key=lambda s: s.start
                )
            out.append(ThemeGuess(label, round(p, 4), evidence))
        return out


def to_findings(labels: DecisionLabels, document: Document) -> dict[str, Any]:
    """The findings fields of one classified statement, every item with offsets and page."""

    def evidence(start: int, end: int) -> Evidence:
        return Evidence(text=document.text[start:end], start=start, end=end, page=document.page_at(start))

    o = labels.outcome
    outcome = Outcome(
        label=o.label,  # type: ignore[arg-type]
        detail=o.detail,
        score=o.score,
        evidence=evidence(o.evidence.start, o.evidence.end) if o.evidence else None,
        method=o.method,
        rule=o.rule,
    )
    category = Category(
        category=labels.category, subcategory=labels.subcategory, score=labels.category_score, method="model"
    )
    themes = [
        Theme(label=t.label, score=t.score, evidence=[evidence(s.start, s.end) for s in t.evidence])
        for t in labels.themes
    ]
    remedies = [
        Remedy(
            type=r.type,
            amount_gbp=r.amount_gbp,
            recipient=r.recipient,
            purpose=r.purpose,
            text=document.text[r.start : r.end],
            start=r.start,
            end=r.end,
            page=document.page_at(r.start),
            deadline=r.deadline,
            rule=r.rule,
        )
        for r in labels.remedies
    ]
    injustice_evidence = [
        InjusticeEvidence(label=i.label, **evidence(i.start, i.end).model_dump()) for i in labels.injustice
    ]
    return {
        "outcome": outcome,
        "category": category,
        "themes": themes,
        "remedies": remedies,
        "injustice": [i.label for i in labels.injustice],
        "injustice_evidence": injustice_evidence,
    }


def classify_document(document: Document, classifier: DecisionClassifier | None = None) -> dict[str, Any]:
    """Findings fields for a decision ``Document``; the outcome and category a source publishes
    (an LGSCO page header) are reported as such, with ``method="source_metadata"``."""
    from caretext.classify.published import published_category, published_outcome

    classifier = classifier or DecisionClassifier.load()
    fields = to_findings(classifier.classify(document.text), document)
    published = published_outcome(document)
    if published is not None:
        model = fields["outcome"]
        if model.label == published.label:  # the header has no detail; the model's reading of it stands
            published = published.model_copy(update={"detail": model.detail, "evidence": model.evidence})
        fields["outcome"] = published
    category = published_category(document)
    if category is not None:
        fields["category"] = category
    return fields
