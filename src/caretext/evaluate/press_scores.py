"""Score press findings against gold: quotes, speakers, statistics, entities, metadata.

Quote spans are scored the way citron reports them: *exact* (same start and
end) and *overlap* (a predicted quote and a gold quote share characters,
matched one to one). A speaker is right when an overlapping predicted quote
names the gold speaker exactly (case, a leading article and apostrophe style
aside); speaker-organisation accuracy is taken over those quotes whose gold
organisation is given. A statistic is right when it overlaps a gold one and
has the same value (within 0.5%).

Gold and predictions share one coordinate system: gold quotes are located in
the very text caretext extracts from the file (:mod:`caretext.evaluate.press_gold`).
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from caretext.document import Document
from caretext.evaluate.decision_scores import counted, prf
from caretext.evaluate.press_gold import GoldArticle, GoldSpan
from caretext.findings import Findings


def norm_name(name: str | None) -> str:
    """ "A Department for Education spokesman" ≡ "department for education spokesperson": the
    guideline names every spokesman, spokeswoman and spokesperson alike (annotations/press)."""
    text = re.sub(r"\s+", " ", (name or "").replace("’", "'")).strip().lower()
    text = re.sub(r"\bspokes(?:man|woman)\b", "spokesperson", text)
    return re.sub(r"^(?:a|an|the)\s+", "", text)


def norm_title(title: str | None) -> str:
    """A report's title as the guideline compares it: case and punctuation, a leading possessive
    publisher ("Ofsted's", "its"), "latest"/"new"/"recent", a trailing "report" and a trailing year
    ignored, so "Ofsted's latest annual report" ≡ "annual report", "its Careless report" ≡
    "Careless" and "Annual Review 2022-23" ≡ "annual review"."""
    text = norm_name(title)
    text = re.sub(r"^(?:(?:its|their|[\w' -]{1,60}?'s)\s+)?(?:(?:latest|new|recent)\s+)*", "", text, count=1)
    text = re.sub(r"[\s,:(-]*(?:19|20)\d{2}(?:\s*[-/–]\s*\d{2,4})?\)?$", "", text)
    text = re.sub(r"(?<=\w) report$", "", text)
    return re.sub(r"[^\w ]+", "", text).strip()


def _org_key() -> Callable[[str | None], str]:
    """Organisation names compared by the id they resolve to ("ADCS" ≡ its full name)."""
    from caretext.nlp.pipeline import load_pipeline

    recognizer: Any = load_pipeline().get_pipe("caretext_organisations")
    linker: Any = load_pipeline().get_pipe("caretext_councils")

    def key(name: str | None) -> str:
        if not name:
            return ""
        if "council" in name.lower():  # "Middlesbrough Council" ≡ "Middlesbrough Borough Council"
            council = linker.link_name(name, None)
            if council is not None:
                return str(council.code)
        found = recognizer.find(name)
        return str(found["id"] if found else norm_name(name))

    return key


def _pairs(gold: list[GoldSpan], pred: list[Any]) -> list[tuple[GoldSpan, Any]]:
    """One-to-one overlap matching, each gold span taking the earliest free prediction."""
    free = sorted(pred, key=lambda p: p.start)
    out = []
    for g in sorted(gold, key=lambda g: g.start):
        for p in free:
            if p.start < g.end and g.start < p.end:
                out.append((g, p))
                free.remove(p)
                break
    return out


def _set_prf(gold: Iterable[set[str]], pred: Iterable[set[str]]) -> dict[str, float]:
    tp = fp = fn = 0
    for g, p in zip(gold, pred):
        tp, fp, fn = tp + len(g & p), fp + len(p - g), fn + len(g - p)
    return prf(tp, fp, fn)


class PressScore:
    """Accumulates counts over articles; :meth:`to_dict` gives the report."""

    def __init__(self) -> None:
        self.c: Counter[str] = Counter()
        self.sets: dict[str, tuple[list[set[str]], list[set[str]]]] = defaultdict(lambda: ([], []))
        self.meta: dict[str, list[bool]] = defaultdict(list)
        self.errors: list[dict[str, Any]] = []
        self.n = 0
        self.org = _org_key()

    def add(self, gold: GoldArticle, found: Findings) -> None:
        self.n += 1
        self._quotes(gold, found)
        self._statistics(gold, found)
        self._furniture(gold)
        org = self.org
        g, p = self.sets["speakers"]
        g.append({norm_name(q.attrs.get("speaker")) for q in gold.quotes})
        p.append({norm_name(q.speaker) for q in found.quotes if q.speaker})
        g, p = self.sets["people"]
        g.append({norm_name(x.get("name")) for x in gold.get("people") or []})
        p.append({norm_name(x.name) for x in found.people if not x.pseudonym})
        g, p = self.sets["organisations"]
        g.append({org(x) for x in gold.get("organisations") or []})
        p.append({org(x.name) for x in found.organisations})
        g, p = self.sets["councils"]
        g.append({org(c["name"]) for c in gold.get("councils") or []})
        p.append({org(c.name) for c in found.councils})
        g, p = self.sets["subject_councils"]
        g.append({org(c["name"]) for c in gold.get("councils") or [] if c["role"] == "subject"})
        p.append({org(c.name) for c in found.councils if c.role == "subject"})
        g, p = self.sets["themes"]
        g.append(set(gold.get("themes") or []))
        p.append({t.label for t in found.themes})
        g, p = self.sets["reports"]
        g.append({norm_title(r.get("title")) for r in gold.get("reports") or []})
        p.append({norm_title(r.title) for r in getattr(found, "reports", [])})
        for key, value in (
            ("title", found.title),
            ("author", getattr(found, "author", None)),
            ("published", found.published),
            ("publisher", getattr(found, "publisher", None)),
        ):
            if gold.get(key) is not None:
                self.meta[key].append(norm_name(str(gold.get(key))) == norm_name(value))

    def _quotes(self, gold: GoldArticle, found: Findings) -> None:
        c = self.c
        # a gold quote the extraction removed with the furniture is a miss, not a smaller gold set
        lost = [item for item in gold.lost if item.startswith("quote ")]
        c["quotes_gold"] += len(gold.quotes) + len(lost)
        for item in lost:
            self._error(gold, "quote lost by extraction", item[len("quote ") :], "")
        c["quotes_pred"] += len(found.quotes)
        c["quotes_pred_speaker"] += sum(1 for q in found.quotes if q.speaker)
        exact = {(q.start, q.end) for q in gold.quotes}
        c["quotes_exact"] += sum(1 for q in found.quotes if (q.start, q.end) in exact)
        pairs = _pairs(gold.quotes, found.quotes)
        c["quotes_overlap"] += len(pairs)
        matched = {id(p) for _, p in pairs}
        for g, p in pairs:
            right = self._same_speaker(g.attrs.get("speaker"), p.speaker)
            c["speaker_right"] += right
            if not right:
                self._error(gold, "speaker", g.text, f"{p.speaker!r} for {g.attrs.get('speaker')!r}")
            if right and g.attrs.get("organisation"):
                c["org_n"] += 1
                ok = self.org(g.attrs["organisation"]) == self.org(p.organisation)
                c["org_right"] += ok
                if not ok:
                    self._error(gold, "organisation", g.text, f"{p.organisation!r} for {g.attrs['organisation']!r}")
        for g in gold.quotes:
            if all(g is not gg for gg, _ in pairs):
                self._error(gold, "quote missed", g.text, str(g.attrs.get("speaker")))
        for p in found.quotes:
            if id(p) not in matched:
                self._error(gold, "quote spurious", p.text, str(p.speaker))

    def _same_speaker(self, gold: str | None, found: str | None) -> bool:
        """Exact names, except that "<body> spokesperson" compares the bodies as organisations are
        compared ("Middlesbrough Council spokesperson" ≡ "Middlesbrough Borough Council spokesperson")."""
        g, f = norm_name(gold), norm_name(found)
        if g == f:
            return True
        tail = " spokesperson"
        if g.endswith(tail) and f.endswith(tail):
            return self.org(str(gold)[: -len(tail)]) == self.org(str(found)[: -len(tail)])
        return False

    def _statistics(self, gold: GoldArticle, found: Findings) -> None:
        c = self.c
        lost = [item for item in gold.lost if item.startswith("statistic ")]
        c["stats_gold"] += len(gold.statistics) + len(lost)
        for item in lost:
            self._error(gold, "statistic lost by extraction", item[len("statistic ") :], "")
        c["stats_pred"] += len(found.statistics)
        pairs = _pairs(gold.statistics, found.statistics)
        hit = set()
        for g, p in pairs:
            value = float(g.attrs["value"])
            if abs(p.value - value) <= 0.005 * max(abs(value), 1e-9):
                c["stats_value_right"] += 1
                c["stats_unit_right"] += p.unit == g.attrs.get("unit")
                hit.add(id(g))
            else:
                self._error(gold, "statistic value", g.text, f"{p.value} for {value}")
        for g in gold.statistics:
            if id(g) not in hit and all(g is not gg for gg, _ in pairs):
                self._error(gold, "statistic missed", g.text, str(g.attrs.get("value")))
        paired = {id(p) for _, p in pairs}
        for p in found.statistics:
            if id(p) not in paired:
                self._error(gold, "statistic spurious", p.text, str(p.value))

    def _furniture(self, gold: GoldArticle) -> None:
        """Gold furniture snippets that survived extraction (the goal is none)."""
        clean = " ".join(gold.text.split())
        snippets = [" ".join(str(s).split()) for s in gold.get("furniture") or []]
        left = [s for s in snippets if s and s in clean]
        self.c["furniture_gold"] += len(snippets)
        self.c["furniture_left"] += len(left)
        self.c["furniture_pages"] += bool(left)
        for snippet in left:
            self._error(gold, "furniture left", snippet, "")

    def _error(self, gold: GoldArticle, kind: str, text: str, detail: str) -> None:
        self.errors.append({"doc": gold.id, "error": kind, "text": text[:90], "detail": detail})

    def to_dict(self) -> dict[str, Any]:
        c = self.c

        def ratio(tp: int, n: int) -> float:
            return round(tp / n, 4) if n else 0.0

        def f1(tp: int, npred: int, ngold: int) -> dict[str, float]:
            return prf(tp, npred - tp, ngold - tp)

        out: dict[str, Any] = {
            "articles": self.n,
            "quotes": {
                "gold": c["quotes_gold"],
                "predicted": c["quotes_pred"],
                "exact": f1(c["quotes_exact"], c["quotes_pred"], c["quotes_gold"]),
                "overlap": f1(c["quotes_overlap"], c["quotes_pred"], c["quotes_gold"]),
            },
            "speaker": f1(c["speaker_right"], c["quotes_pred_speaker"], c["quotes_gold"]),
            "speaker_organisation_accuracy": ratio(c["org_right"], c["org_n"]),
            "speaker_organisation_n": c["org_n"],
            "statistics": {
                "gold": c["stats_gold"],
                "predicted": c["stats_pred"],
                "value": f1(c["stats_value_right"], c["stats_pred"], c["stats_gold"]),
                "unit_accuracy": ratio(c["stats_unit_right"], c["stats_value_right"]),
            },
            "furniture": {
                "snippets": c["furniture_gold"],
                "left": c["furniture_left"],
                "articles_with_some_left": c["furniture_pages"],
            },
            "sets": {key: _set_prf(g, p) for key, (g, p) in self.sets.items()},
            "metadata": {key: ratio(sum(v), len(v)) for key, v in self.meta.items()},
        }
        out["themes_by_label"] = counted(
            [Counter(s) for s in self.sets["themes"][0]], [Counter(s) for s in self.sets["themes"][1]]
        )["labels"]
        return out


def score_press(golds: list[GoldArticle], analyze: Callable[[Document], Findings] | None = None) -> dict[str, Any]:
    """Analyse every gold article and score it; ``by_writer`` repeats the headline figures."""
    if analyze is None:
        from caretext import analyze as default_analyze

        analyze = default_analyze
    total = PressScore()
    writers: dict[str, PressScore] = {}
    for gold in golds:
        found = analyze(gold.document)  # the document the gold was located in, not read again
        total.add(gold, found)
        writer = str(gold.get("writer") or "?")
        writers.setdefault(writer, PressScore()).add(gold, found)
    report = total.to_dict()
    report["by_writer"] = {w: headline(s.to_dict()) for w, s in sorted(writers.items())}
    report["errors"] = total.errors
    return report


def headline(report: dict[str, Any]) -> dict[str, float]:
    """The figures the issue sets goals for, flat."""
    return {
        "n": report["articles"],
        "speaker_f1": report["speaker"]["f1"],
        "quote_overlap_f1": report["quotes"]["overlap"]["f1"],
        "quote_exact_f1": report["quotes"]["exact"]["f1"],
        "speaker_org_accuracy": report["speaker_organisation_accuracy"],
        "statistic_value_f1": report["statistics"]["value"]["f1"],
        "report_f1": report["sets"]["reports"]["f1"],
        "theme_f1": report["sets"]["themes"]["f1"],
        # share of the gold furniture snippets that extraction removed (1.0 = none left)
        "furniture_removed": round(1 - report["furniture"]["left"] / report["furniture"]["snippets"], 4)
        if report["furniture"]["snippets"]
        else 1.0,
    }


def score_seeds(folder: Path) -> dict[str, Any]:
    """The shared seeds' ``expected.json``: every expected speaker with the right organisation,
    every expected statistic value, no council taken from furniture, metadata."""
    from caretext import analyze

    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    out: dict[str, Any] = {}
    for name, exp in sorted(expected.items()):
        found = analyze(folder / name)
        speakers = {norm_name(q.speaker): q for q in found.quotes if q.speaker}
        problems = []
        for speaker in exp.get("speakers", []):
            if norm_name(speaker) not in speakers:
                problems.append(f"speaker {speaker!r} not found")
        for speaker, orgs in exp.get("speaker_orgs", {}).items():
            quote = speakers.get(norm_name(speaker))
            org = (quote.organisation or "") if quote else ""
            if not any(o.lower() in org.lower() for o in orgs):
                problems.append(f"speaker {speaker!r}: organisation {org!r}, expected one of {orgs}")
        names = [c.name for c in found.councils]
        if "councils" in exp and sorted(names) != sorted(exp["councils"]):
            problems.append(f"councils {names}, expected {exp['councils']}")
        for council in exp.get("not_councils_from_boilerplate", []):
            if any(council.lower() in n.lower() for n in names):
                problems.append(f"council {council!r} taken from furniture")
        values = [s.value for s in found.statistics]
        for value in exp.get("statistic_values", []):
            if not any(abs(v - value) <= 0.005 * abs(value) for v in values):
                problems.append(f"statistic value {value} not found")
        for key in ("published", "author"):
            if key in exp and getattr(found, key, None) != exp[key]:
                problems.append(f"{key} {getattr(found, key, None)!r}, expected {exp[key]!r}")
        out[name] = problems
    return out
