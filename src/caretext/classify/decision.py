"""Everything caretext says about one decision statement: outcome, category, themes, remedies, injustice.

The statement is read once (sections, sentences, the two model columns) and
featurised once; every model head reads the same matrix. Evidence comes from
scoring single sentences: for themes with a sentence-level head trained on the
gold evidence sentences, for the outcome with the outcome head itself — the
sentences that on their own most strongly carry a label are the ones that
justify it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from caretext.classify.category import rule_category, rule_themes, subcategory_cues, theme_rule_id
from caretext.classify.features import DecisionView, matrix, normalise, read_decision
from caretext.classify.injustice import NO_INJUSTICE, InjusticeHit, find_injustice
from caretext.classify.models import load_models, model_set
from caretext.classify.outcome import OutcomeGuess, pick_detail, read_finding
from caretext.classify.remedies import RemedyHit, find_remedies
from caretext.document import Document
from caretext.errors import ModelError
from caretext.findings import Category, Evidence, InjusticeEvidence, ModelSet, Outcome, Theme
from caretext.reading import KEY_ROLES, Sentence
from caretext.settings import SETTINGS

#: sentences that can carry theme evidence (not the role-and-powers boilerplate)
EVIDENCE_ROLES = frozenset({"summary", "complaint", "background", "findings", "assessment", "agreed", "final", "other"})
#: outcomes with no remedies and no injustice
_NO_REMEDY_DETAILS = frozenset(
    {"no_fault", "out_of_jurisdiction", "premature", "late", "court_proceedings", "no_worthwhile_outcome",
     "not_significant_injustice", "alternative_remedy"}
)
MAX_EVIDENCE = SETTINGS.max_theme_evidence
#: sentences this short ("The complaint was late.") are rarely the evidence a reader wants
MIN_EVIDENCE_CHARS = SETTINGS.min_evidence_chars
#: categories whose boundary the complaint's own words settle better than the model (taxonomy §2)
_SIBLINGS = {"Children's care services": "Education", "Education": "Children's care services"}
#: score given to an outcome the statement's own finding settles (outcome cues' precision on real
#: decisions' tune part and the corpus' train split, rounded down)
RULE_OUTCOME_SCORE = SETTINGS.rule_outcome_score
#: score given to a theme found by a topical rule alone (their precision on train+dev, rounded down)
RULE_THEME_SCORE = SETTINGS.rule_theme_score


@dataclass
class ThemeGuess:
    label: str
    score: float
    evidence: list[Sentence] = field(default_factory=list)
    method: str = "model"


@dataclass
class DecisionLabels:
    outcome: OutcomeGuess
    category: str
    subcategory: str | None
    category_score: float
    category_method: str
    themes: list[ThemeGuess]
    remedies: list[RemedyHit]
    injustice: list[InjusticeHit]
    #: the category rule or subcategory cues that decided the filing, if a rule did
    category_rule: str | None = None


def _proba(model: Any, x: Any) -> dict[str, float]:
    p = model.predict_proba(x)[0]
    return {str(c): float(v) for c, v in zip(model.classes_, p)}


def _stack(ovr: Any) -> tuple[np.ndarray, np.ndarray]:
    heads = ovr.estimators_
    return np.vstack([h.coef_ for h in heads]).astype(np.float64), np.concatenate([h.intercept_ for h in heads])


def _stacked_proba(w: np.ndarray, b: np.ndarray, x: Any) -> np.ndarray:
    from scipy.special import expit

    return np.asarray(expit(x @ w.T + b))


class DecisionClassifier:
    """The shipped decision models plus caretext's rules, as one callable."""

    #: the models this code reads; a model folder without one of them predates it
    REQUIRED = ("features", "outcome", "detail", "category", "subcategory", "themes", "sentence_features",
                "theme_sentences")

    def __init__(self, models: dict[str, Any], manifest: dict[str, Any]) -> None:
        missing = [name for name in self.REQUIRED if name not in models]
        missing += [key for key in ("details", "theme_labels", "theme_thresholds", "evidence_labels")
                    if key not in manifest]
        if missing:
            raise ModelError(
                f"the decision models lack {', '.join(missing)}: they were built by an older caretext; "
                "rebuild them with `caretext train`"
            )
        self.models = models
        self.manifest = manifest
        #: which model set this is (named in every findings record it classifies)
        self.model_set: dict[str, Any] = manifest.get("_model_set") or {"id": "unnamed", "version": "?", "shipped": False}
        self.taxonomy_details: dict[str, list[str]] = manifest["details"]
        self.theme_threshold: dict[str, float] = manifest["theme_thresholds"]
        # one-vs-rest heads as one matrix each: one product instead of a call per theme
        self._theme_w, self._theme_b = _stack(models["themes"])
        self._evidence_w, self._evidence_b = _stack(models["theme_sentences"])

    def theme_proba(self, x: Any) -> np.ndarray:
        """Per-theme probabilities, identical to ``OneVsRestClassifier.predict_proba`` for logistic heads."""
        return _stacked_proba(self._theme_w, self._theme_b, x)

    @classmethod
    def load(cls, directory: Path | None = None) -> DecisionClassifier:
        """The classifier of the models in ``directory``; the shipped one (built once per process) by default."""
        if directory is None:
            return _shipped_classifier()
        return _classifier_at(str(Path(directory).resolve()))

    def classify(self, text: str) -> DecisionLabels:
        view = read_decision(text)
        x = self.models["features"].transform(matrix([view]))
        return self._labels(view, x)

    def _sentence_matrix(self, sentences: list[Sentence]) -> Any:
        """Sentences in the statement featuriser's space, word n-grams only (the costly character
        block left empty), for ranking the outcome's evidence among the key sentences."""
        from scipy.sparse import csr_matrix, hstack

        texts = [normalise(s.text) for s in sentences]
        blocks = []
        for name, vectorizer, _column in self.models["features"].transformers_:
            if name == "key_chars":
                blocks.append(csr_matrix((len(texts), len(vectorizer.vocabulary_))))
            else:
                blocks.append(vectorizer.transform(texts))
        return hstack(blocks, format="csr")

    def _evidence_scores(self, view: DecisionView) -> tuple[list[Sentence], np.ndarray | None]:
        """Candidate evidence sentences and, per theme, how strongly each carries it (sentence head)."""
        candidates = [s for s in view.sentences if s.role in EVIDENCE_ROLES and len(s.text) > MIN_EVIDENCE_CHARS]
        if not candidates:
            return candidates, None
        sx = self.models["sentence_features"].transform([normalise(s.text) for s in candidates])
        return candidates, _stacked_proba(self._evidence_w, self._evidence_b, sx)

    def _labels(self, view: DecisionView, x: Any) -> DecisionLabels:
        candidates, evidence = self._evidence_scores(view)
        outcome = self._outcome(view, x, candidates)
        category, subcategory, cat_score, cat_method, cat_rule = self._category(view, x)
        themes = self._themes(view, x, candidates, evidence)
        remedies: list[RemedyHit] = []
        injustice: list[InjusticeHit] = []
        if outcome.detail not in _NO_REMEDY_DETAILS:
            remedies = find_remedies(view.sentences, provided=outcome.detail == "remedy_already_provided")
        if outcome.label == "upheld" and outcome.detail not in NO_INJUSTICE:
            injustice = find_injustice(view.sentences)
        return DecisionLabels(outcome, category, subcategory, cat_score, cat_method, themes, remedies, injustice,
                              cat_rule)

    def _outcome(self, view: DecisionView, x: Any, candidates: list[Sentence]) -> OutcomeGuess:
        proba = _proba(self.models["outcome"], x)
        detail_proba = _proba(self.models["detail"], x)
        label = max(proba, key=lambda k: proba[k])
        method, rule_id, score = "model", None, proba[label]
        evidence: Sentence | None = None
        finding = read_finding(view.sentences)
        if finding is not None:
            agrees = finding.label == label
            label, method, rule_id, evidence = finding.label, "rule", finding.rule, finding.evidence
            score = max(score if agrees else 0.0, RULE_OUTCOME_SCORE)
            detail = finding.detail or pick_detail(label, detail_proba, self.taxonomy_details)
        else:
            detail = pick_detail(label, detail_proba, self.taxonomy_details)
            key = [s for s in candidates if s.role in KEY_ROLES] or candidates
            if key:
                col = list(self.models["outcome"].classes_).index(label)
                scores = self.models["outcome"].predict_proba(self._sentence_matrix(key))[:, col]
                evidence = key[int(np.argmax(scores))]
        return OutcomeGuess(label, detail, round(score, 4), method, rule_id, evidence)

    def _category(self, view: DecisionView, x: Any) -> tuple[str, str | None, float, str, str | None]:
        cat_p = _proba(self.models["category"], x)
        category = max(cat_p, key=lambda k: cat_p[k])
        score, method = cat_p[category], "model"
        rule = rule_category(view)
        subcategory = None
        rule_id: str | None = None
        if rule is not None:
            category, subcategory, method, rule_id = rule["category"], rule.get("subcategory"), "rule", rule["id"]
            score = max(cat_p.get(category, 0.0), float(rule.get("score", 0.9)))
        if method == "model" and category in _SIBLINGS:
            # children's social care or education: the words of the complaint decide between siblings
            other = _SIBLINGS[category]
            own, theirs = subcategory_cues(view, category, across=True), subcategory_cues(view, other, across=True)
            if max(theirs.scores.values(), default=0.0) >= max(own.scores.values(), default=0.0) + 2.0:
                category, method = other, "model+cues"
                best = theirs.best(margin=0.0, minimum=0.0)
                rule_id = "cues:" + ",".join(theirs.rules.get(best or "", []))
                score = cat_p.get(other, 0.0)
        if subcategory is None:
            sub_p = _proba(self.models["subcategory"], x)
            options = {k.split(" > ", 1)[1]: v for k, v in sub_p.items() if k.split(" > ", 1)[0] == category}
            subcategory = max(options, key=lambda k: options[k]) if options else None
            named = subcategory_cues(view, category)
            clear = named.best()
            if clear is not None and clear != subcategory and named.scores.get(clear, 0) > named.scores.get(subcategory or "", 0):
                subcategory, method = clear, ("rule" if method == "rule" else "model+cues")
                rule_id = (f"{rule_id}+" if rule_id else "") + "cues:" + ",".join(named.rules[clear])
        return category, subcategory, round(score, 4), method, rule_id

    def _themes(
        self, view: DecisionView, x: Any, candidates: list[Sentence], sent_probs: np.ndarray | None
    ) -> list[ThemeGuess]:
        """Themes the model scores above their threshold, plus topical themes a rule finds in the
        summary or complaint; evidence from the sentences the sentence-level head scores highest for
        the theme, or (rule themes) the sentences that carry the rule's words."""
        labels = [str(c) for c in self.manifest["theme_labels"]]
        evidence_labels = [str(c) for c in self.manifest["evidence_labels"]]
        probs = dict(zip(labels, (float(p) for p in self.theme_proba(x)[0])))
        chosen = {label: "model" for label, p in probs.items() if p >= self.theme_threshold.get(label, 0.5)}
        ruled = rule_themes(view)
        for label in ruled:
            chosen[label] = "model+rule" if label in chosen else "rule"
        if not chosen:
            return []
        out = []
        for label, method in chosen.items():
            evidence: list[Sentence] = []
            if method == "rule" or label not in evidence_labels or sent_probs is None:
                evidence = ruled.get(label, [])[:MAX_EVIDENCE]
            else:
                col = sent_probs[:, evidence_labels.index(label)]
                order = np.argsort(-col, kind="stable")[:MAX_EVIDENCE]
                top = col[order[0]]
                evidence = sorted((candidates[i] for i in order if col[i] >= top * 0.8), key=lambda s: s.start)
            score = probs.get(label, 0.0)
            if method != "model":
                score = max(score, RULE_THEME_SCORE)
            out.append(ThemeGuess(label, round(score, 4), evidence, method))
        return sorted(out, key=lambda t: -t.score)


@cache
def _shipped_classifier() -> DecisionClassifier:
    return _load_set(None)


@lru_cache(maxsize=4)
def _classifier_at(directory: str) -> DecisionClassifier:
    """An own model set, loaded once per process (a worker classifies thousands of documents with it)."""
    return _load_set(Path(directory))


def _load_set(directory: Path | None) -> DecisionClassifier:
    models, manifest = load_models(directory)
    return DecisionClassifier(models, {**manifest, "_model_set": model_set(directory, manifest)})


def to_findings(labels: DecisionLabels, document: Document) -> dict[str, Any]:
    """The findings fields of one classified statement, every item with offsets and page."""

    o = labels.outcome
    outcome = Outcome(
        label=o.label,  # type: ignore[arg-type]
        detail=o.detail,
        score=o.score,
        evidence=Evidence.at(document, o.evidence.start, o.evidence.end) if o.evidence else None,
        method=o.method,
        rule=o.rule,
    )
    category = Category(
        category=labels.category, subcategory=labels.subcategory, score=labels.category_score,
        method=labels.category_method, rule=labels.category_rule,
    )
    themes = [
        Theme(
            label=t.label, score=t.score, evidence=[Evidence.at(document, s.start, s.end) for s in t.evidence],
            method=t.method, rule=theme_rule_id(t.label) if t.method != "model" else None,
        )
        for t in labels.themes
    ]
    remedies = [r.to_finding(document) for r in labels.remedies]
    injustice_evidence = [
        InjusticeEvidence(label=i.label, **Evidence.at(document, i.start, i.end).model_dump()) for i in labels.injustice
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
    fields["model_set"] = ModelSet(**classifier.model_set)
    return fields
