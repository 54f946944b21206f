"""Read and check press gold (``annotations/press/README.md``).

A gold record is one JSON line naming an article file in ``corpora/press``.
Annotators write words, not offsets: quotes and statistics are located in the
text caretext extracts from the file, so gold and predictions share one
coordinate system. A quote the file does not contain is an annotation error;
one the file contains but the extracted text lost is an ingest error, and
the checker says which.
"""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from caretext.document import Document
from caretext.evaluate.decision_gold import taxonomy
from caretext.evaluate.gold import SPLITS, GoldError, check_batch, load_batches

UNITS = ("percent", "count", "gbp", "ratio", "times")
RATES = ("day", "week", "month", "year")
COUNCIL_ROLES = ("subject", "mentioned")
_FIELDS = {
    "id", "file", "split", "writer", "style", "title", "author", "published", "publisher",
    "quotes", "statistics", "people", "organisations", "councils", "reports", "themes",
    "furniture", "_line",
}  # fmt: skip


def valid_unit(unit: object) -> bool:
    """``percent`` … ``times``, or a base unit with a rate: ``gbp_per_week``, ``count_per_day``."""
    if not isinstance(unit, str):
        return False
    base, _, rate = unit.partition("_per_")
    return base in UNITS and (not rate or rate in RATES)


@dataclass(frozen=True)
class GoldSpan:
    """A quote or statistic with its offsets in the extracted text."""

    text: str
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass
class GoldArticle:
    id: str
    split: str
    path: Path
    document: Document  # what caretext extracts from the file: the offsets point into its text
    quotes: list[GoldSpan]
    statistics: list[GoldSpan]
    record: dict[str, Any]
    lost: list[str] = field(default_factory=list)  # gold text the extraction dropped

    @property
    def text(self) -> str:
        return self.document.text

    def get(self, key: str) -> Any:
        return self.record.get(key)


_MARKS = set("\"“”‘’'„")


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


class _Locator:
    """Finds gold strings in a text in order of appearance: the k-th gold item with
    the same words is the k-th occurrence (an article can say "28%" twice)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.used: dict[str, int] = {}

    def find(
        self, words: str, quoted: bool = False, context: str | None = None, subject: str | None = None
    ) -> tuple[int, int] | None:
        """The next occurrence, preferring one in a paragraph of prose (not the headline or
        a crosshead that repeats it); a quote's inside quotation marks; a figure's on its own
        ("4%" is not the end of "14%"). ``context`` (a longer stretch of the file around the
        words, written by the annotator) fixes which occurrence is meant; otherwise a figure
        in words ("two") prefers an occurrence followed by its gold ``subject``."""
        if context:
            at = self.text.find(context, self.used.get("\0" + context, 0))
            inner = self.text.find(words, at) if at >= 0 else -1
            if inner >= 0 and inner + len(words) <= at + len(context):
                self.used["\0" + context] = at + len(context)
                return inner, inner + len(words)
            return None
        found = []
        pos = self.text.find(words, self.used.get(words, 0))
        while pos >= 0:
            before = self.text[pos - 1 : pos]
            after = self.text[pos + len(words) : pos + len(words) + 1]
            alone = not (before.isalnum() or before in ".,") and not (words[-1:].isalpha() and after.isalpha())
            if (before in _MARKS) if quoted else alone:
                found.append(pos)
            pos = self.text.find(words, pos + 1)
        if not found:
            return self.find(words) if quoted else None
        prose = [p for p in found if len(self._paragraph(p).split()) >= 12] or found
        if subject and words[-1:].isalpha():
            heads = [w for w in subject.lower().split() if len(w) >= 4]
            near = [
                p for p in prose if any(h in self.text[p + len(words) : p + len(words) + 60].lower() for h in heads)
            ]
            prose = near or prose
        start = prose[0]
        self.used[words] = start + len(words)
        return start, start + len(words)

    def _paragraph(self, pos: int) -> str:
        start = self.text.rfind("\n\n", 0, pos)
        end = self.text.find("\n\n", pos)
        return self.text[start + 1 if start >= 0 else 0 : end if end >= 0 else len(self.text)]


def _check_fields(rec: dict[str, Any]) -> list[str]:
    tax = taxonomy()
    problems = [f"unknown field {k!r}" for k in sorted(set(rec) - _FIELDS)]
    for key in ("quotes", "statistics", "people", "organisations", "councils", "reports", "themes"):
        if not isinstance(rec.get(key, []), list):
            problems.append(f"{key} must be a list")
    if problems:
        return problems
    for q in rec.get("quotes", []):
        if not q.get("text") or not q.get("speaker"):
            problems.append(f"quote without text or speaker: {q!r:.100}")
    for s in rec.get("statistics", []):
        if not isinstance(s.get("value"), (int, float)) or isinstance(s.get("value"), bool):
            problems.append(f"statistic {s.get('text')!r}: value must be a number")
        if not valid_unit(s.get("unit")):
            problems.append(f"statistic {s.get('text')!r}: unit {s.get('unit')!r} is not one of "
                            f"{UNITS} (optionally _per_{'|'.join(RATES)})")  # fmt: skip
    for c in rec.get("councils", []):
        if c.get("role") not in COUNCIL_ROLES:
            problems.append(f"council {c.get('name')!r}: role must be one of {COUNCIL_ROLES}")
    problems += [f"themes: unknown id {t!r}" for t in rec.get("themes", []) if t not in tax["themes"]]
    published = rec.get("published")
    if published is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(published)):
        problems.append(f"published {published!r} is not YYYY-MM-DD")
    if rec.get("split") not in SPLITS:
        problems.append(f"split {rec.get('split')!r} is not one of {SPLITS}")
    return problems


def parse_record(rec: dict[str, Any], corpus: Path, where: str) -> GoldArticle:
    """One gold record with its article extracted and every quote and statistic located."""
    from caretext.errors import CaretextError
    from caretext.ingest import extract_text

    if not isinstance(rec.get("id"), str) or not rec["id"]:
        raise GoldError(f"{where}: record has no id")
    where = f"{where} ({rec['id']})"
    problems = _check_fields(rec)
    if problems:
        raise GoldError("\n".join(f"{where}: {p}" for p in problems))
    path = corpus / str(rec.get("file") or "")
    try:
        raw = _squash(path.read_text(encoding="utf-8"))
        document = extract_text(path)
    except (OSError, CaretextError) as exc:
        raise GoldError(f"{where}: cannot read {path}: {exc}") from exc
    located = _Locator(document.text)
    missing: list[str] = []
    lost: list[str] = []

    def place(kind: str, item: dict[str, Any]) -> GoldSpan | None:
        words = item["text"]
        span = located.find(words, kind == "quote", item.get("context"), item.get("subject"))
        if span is not None:
            return GoldSpan(words, *span, {k: v for k, v in item.items() if k != "text"})
        (lost if _squash(words) in raw else missing).append(f"{kind} {words!r:.90}")
        return None

    quotes = [q for q in (place("quote", q) for q in rec.get("quotes", [])) if q]
    stats = [s for s in (place("statistic", s) for s in rec.get("statistics", [])) if s]
    for person in rec.get("people", []):
        if _squash(str(person.get("name"))) not in raw:
            missing.append(f"person {person.get('name')!r}")
    for snippet in rec.get("furniture") or []:
        if _squash(snippet) not in raw:
            missing.append(f"furniture {snippet!r:.90}")
    if missing:
        raise GoldError("\n".join(f"{where}: not in {path.name}: {m}" for m in missing))
    return GoldArticle(rec["id"], rec["split"], path, document, quotes, stats, rec, lost)


def load_gold(
    annotations: Path | str = "annotations/press",
    corpus: Path | str = "corpora/press",
    splits: tuple[str, ...] = SPLITS,
) -> list[GoldArticle]:
    """Every gold article in ``annotations`` (a folder of ``*.jsonl`` or one file), in id order."""
    return load_batches(annotations, corpus, splits, parse_record)


def _counts(golds: list[GoldArticle]) -> str:
    quotes = sum(len(g.quotes) for g in golds)
    return f"{quotes} quotes, {sum(len(g.statistics) for g in golds)} statistics"


def _lost(gold: GoldArticle) -> list[str]:
    return [f"in the file but lost by extraction: {item}" for item in gold.lost]


if __name__ == "__main__":
    sys.exit(check_batch(sys.argv[1:], "caretext.evaluate.press_gold", "corpora/press", parse_record, _counts, _lost))
