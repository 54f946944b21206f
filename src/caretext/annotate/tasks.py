"""Annotation tasks: a document's clean text with caretext's current predictions, tool-neutral.

A :class:`Task` is what every annotation tool's format is written from (Label Studio, doccano, spaCy)
and what every import is read back into before it becomes gold: the text, document-level choices
(outcome, category, themes, ...) and labelled spans with attributes (a council's GSS code, a sum's
value), each prediction with its score and the model or rule that made it.

Task kinds:

* ``entities`` — the spans of ``annotations/entities`` (COUNCIL, ORG, PERSON, PSEUDONYM, LEGISLATION,
  REFERENCE, MONEY, DATE), with the attributes that format requires;
* ``decisions`` — the choices of ``annotations/decisions`` (outcome, detail, category, subcategory,
  themes, injustice) and its quoted spans: REMEDY (type, amount, recipient, purpose, deadline) and
  EVIDENCE (the theme a sentence shows);
* ``press`` — the spans of ``annotations/press``: QUOTE (speaker, role, organisation), STATISTIC (value,
  unit, subject, period), PUBLICATION (a named report: publisher), and the article's themes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from caretext.findings import Findings

TaskKind = Literal["entities", "decisions"]
TASK_KINDS: tuple[str, ...] = ("entities", "decisions", "press")

#: span labels per task kind, and the attributes each must carry in gold
ENTITY_LABELS = ("COUNCIL", "ORG", "PERSON", "PSEUDONYM", "LEGISLATION", "REFERENCE", "MONEY", "DATE")
REQUIRED_ATTRS = {"COUNCIL": ("gss",), "LEGISLATION": ("title",), "MONEY": ("value",), "DATE": ("iso",)}
DECISION_LABELS = ("REMEDY", "EVIDENCE")
PRESS_LABELS = ("QUOTE", "STATISTIC", "PUBLICATION")
#: document-level choices of a decisions task; the multi-valued ones
DECISION_CHOICES = ("outcome", "detail", "category", "subcategory", "themes", "injustice")
MULTI_CHOICES = frozenset({"themes", "injustice"})


def labels_of(kind: str) -> tuple[str, ...]:
    return {"entities": ENTITY_LABELS, "decisions": DECISION_LABELS, "press": PRESS_LABELS}[kind]


@dataclass
class TaskSpan:
    start: int
    end: int
    label: str
    attrs: dict[str, str] = field(default_factory=dict)
    #: the prediction's score and what made it (``model`` | ``rule:<id>`` | ``method``); None for gold
    score: float | None = None
    source: str | None = None


@dataclass
class Task:
    id: str
    kind: str
    text: str
    meta: dict[str, str] = field(default_factory=dict)
    choices: dict[str, list[str]] = field(default_factory=dict)
    choice_scores: dict[str, float] = field(default_factory=dict)
    spans: list[TaskSpan] = field(default_factory=list)
    #: which caretext made the predictions (package, models and rules versions)
    model_version: str | None = None

    def span_text(self, span: TaskSpan) -> str:
        return self.text[span.start : span.end]


def _fmt_number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _entity_spans(f: Findings) -> list[TaskSpan]:
    out: list[TaskSpan] = []
    for c in f.councils:
        for m in c.mentions:
            if m.method == "anaphora":
                continue  # "the Council" is not marked in gold
            out.append(TaskSpan(m.start, m.end, "COUNCIL", {"gss": c.gss or "none"}, m.score, m.rule or m.method))
    for o in f.organisations:
        for m in o.mentions:
            attrs = {"name": o.name} if m.text != o.name else {}
            out.append(TaskSpan(m.start, m.end, "ORG", attrs, m.score, m.rule or m.method))
    for p in f.people:
        for m in p.mentions:
            if p.pseudonym:
                out.append(TaskSpan(m.start, m.end, "PSEUDONYM", {"role": p.role or "complainant"}, m.score,
                                    m.rule or m.method))
            else:
                attrs = {k: v for k, v in (("role", p.role), ("org", p.organisation)) if v}
                out.append(TaskSpan(m.start, m.end, "PERSON", attrs, m.score, m.rule or m.method))
    for leg in f.legislation:
        attrs = {"title": leg.title, **({"section": leg.section} if leg.section else {})}
        out.append(TaskSpan(leg.start, leg.end, "LEGISLATION", attrs, None, "rule"))
    for ref in f.references:
        out.append(TaskSpan(ref.start, ref.end, "REFERENCE", {}, None, "rule"))
    for money in f.money:
        out.append(TaskSpan(money.start, money.end, "MONEY", {"value": _fmt_number(money.value_gbp)}, None, "rule"))
    for d in f.dates:
        out.append(TaskSpan(d.start, d.end, "DATE", {"iso": d.iso}, None, "rule"))
    return _without_overlaps(out)


def _without_overlaps(spans: list[TaskSpan]) -> list[TaskSpan]:
    """Gold spans never nest: keep the longest of overlapping predictions (then the first)."""
    kept: list[TaskSpan] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if all(span.end <= k.start or k.end <= span.start for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: (s.start, s.end))


def _decision_spans(f: Findings) -> list[TaskSpan]:
    out: list[TaskSpan] = []
    for r in f.remedies:
        attrs = {"type": r.type}
        for key, value in (("amount_gbp", _fmt_number(r.amount_gbp)), ("recipient", r.recipient),
                           ("purpose", r.purpose), ("deadline", r.deadline)):
            if value:
                attrs[key] = str(value)
        out.append(TaskSpan(r.start, r.end, "REMEDY", attrs, None, f"rule:{r.rule}" if r.rule else "rule"))
    for t in f.themes:
        for e in t.evidence:
            out.append(TaskSpan(e.start, e.end, "EVIDENCE", {"theme": t.label}, t.score,
                                f"rule:{t.rule}" if t.rule else t.method))
    return sorted(out, key=lambda s: (s.start, s.end))


def _press_spans(f: Findings) -> list[TaskSpan]:
    out: list[TaskSpan] = []
    for q in f.quotes:
        attrs = {k: v for k, v in (("speaker", q.speaker), ("role", q.role), ("organisation", q.organisation)) if v}
        out.append(TaskSpan(q.start, q.end, "QUOTE", attrs, None, f"rule:{q.rule}" if q.rule else "rule"))
    for s in f.statistics:
        attrs = {"value": _fmt_number(s.value), "unit": s.unit}
        attrs.update({k: v for k, v in (("subject", s.subject), ("period", s.period)) if v})
        out.append(TaskSpan(s.start, s.end, "STATISTIC", attrs, None, f"rule:{s.rule}" if s.rule else "rule"))
    for pub in f.reports:
        out.append(TaskSpan(pub.start, pub.end, "PUBLICATION", {"publisher": pub.publisher} if pub.publisher else {},
                            None, "rule"))
    return sorted(out, key=lambda s: (s.start, s.end))


def _decision_choices(f: Findings) -> tuple[dict[str, list[str]], dict[str, float]]:
    choices: dict[str, list[str]] = {}
    scores: dict[str, float] = {}
    if f.outcome:
        choices["outcome"] = [f.outcome.label]
        scores["outcome"] = f.outcome.score
        if f.outcome.detail:
            choices["detail"] = [f.outcome.detail]
    if f.category:
        choices["category"] = [f.category.category]
        scores["category"] = f.category.score
        if f.category.subcategory:
            choices["subcategory"] = [f.category.subcategory]
    choices["themes"] = [t.label for t in f.themes]
    choices["injustice"] = list(f.injustice)
    return choices, scores


def task_from_findings(task_id: str, kind: str, text: str, f: Findings, model_version: str | None = None) -> Task:
    """The task for one analysed document."""
    meta = {"kind": f.source.kind, **({"date": f.published} if f.published else {}), "doc_id": f.doc_id}
    task = Task(task_id, kind, text, meta, model_version=model_version)
    if kind == "entities":
        task.spans = _entity_spans(f)
    elif kind == "press":
        task.spans = _press_spans(f)
        task.choices = {"themes": [t.label for t in f.themes]}
        task.choice_scores = {f"theme:{t.label}": t.score for t in f.themes}
        task.meta.update({k: v for k, v in (("title", f.title), ("author", f.author),
                                             ("publisher", f.publisher)) if v})
    else:
        task.choices, task.choice_scores = _decision_choices(f)
        task.spans = _decision_spans(f)
    return task


def build_tasks(paths: Iterable[str | Path], kind: str) -> list[Task]:
    """Analyse each file and make its task (the id is the file name without its extension)."""
    from caretext.analysis import analyze
    from caretext.ingest import extract_text
    from caretext.store import versions

    if kind not in TASK_KINDS:
        raise ValueError(f"unknown task {kind!r}: use one of {', '.join(TASK_KINDS)}")
    made_by = versions()
    tasks = []
    for path in paths:
        path = Path(path)
        document = extract_text(path)
        findings = analyze(document)
        tasks.append(task_from_findings(path.stem, kind, document.text, findings, made_by))
    return tasks


def to_dict(task: Task) -> dict[str, Any]:
    return {"id": task.id, "kind": task.kind, "text": task.text, "meta": task.meta, "choices": task.choices,
            "spans": [s.__dict__ for s in task.spans]}
