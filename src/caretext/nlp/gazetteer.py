"""The council gazetteer: every UK principal council, its names and its dates.

Loaded from the packaged ``councils.jsonl`` (built by
``scripts/build_gazetteer.py`` from mySociety's data) or from any file of the
same shape with :meth:`Gazetteer.from_jsonl`, so a user can link against a
gazetteer of their own (scispacy's linker shape).

Names are compared through :func:`alias_key`, which removes the differences
that carry no meaning ("&"/"and", hyphens, "St."/"Saint", apostrophes, case),
and :func:`surface_forms` spells an alias the ways it is written, for the
token matcher.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

_PUNCT = re.compile(r"[.,'’‘`()]")
_HYPHEN = re.compile(r"\s*[-‐‑–]\s*")
_SPACE = re.compile(r"\s+")
_JOINERS = ("upon", "on", "under", "le", "in", "super", "by", "with")


def alias_key(name: str) -> str:
    """A comparison key: lower case, "&" → "and", no punctuation, "saint" → "st"."""
    key = unicodedata.normalize("NFKC", name).lower()
    key = key.replace("&", " and ")
    key = _PUNCT.sub("", key)
    key = _HYPHEN.sub(" ", key)
    key = _SPACE.sub(" ", key).strip()
    key = re.sub(r"\bsaint\b", "st", key)
    if key.startswith("the "):
        key = key[4:]
    return key


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def surface_forms(alias: str) -> set[str]:
    """The ways ``alias`` is written: "&"/"and", hyphens, "St"/"St."/"Saint", curly apostrophes, accents."""
    forms = {alias}
    for a, b in ((" and ", " & "), (" & ", " and ")):
        forms |= {f.replace(a, b) for f in forms}
    for joiner in _JOINERS:
        spaced, hyphened = f" {joiner} ", f"-{joiner}-"
        forms |= {f.replace(spaced, hyphened) for f in forms} | {
            f.replace(hyphened, spaced) for f in forms
        }
    forms |= {re.sub(r"\bSt\b\.?", "Saint", f) for f in forms if re.search(r"\bSt\b", f)}
    forms |= {re.sub(r"\bSt\b(?!\.)", "St.", f) for f in forms if re.search(r"\bSt\b", f)}
    forms |= {f.replace("'", "’") for f in forms if "'" in f}
    forms |= {f.replace(",", "") for f in forms if "," in f}
    forms |= {strip_accents(f) for f in forms}
    return forms


@dataclass(frozen=True)
class CouncilRecord:
    """One council as a legal body, with its names and the days it existed."""

    code: str
    name: str
    short: str
    gss: str | None
    type: str
    nation: str
    start: str | None = None
    end: str | None = None
    replaced_by: tuple[str, ...] = ()
    former_gss: tuple[str, ...] = ()
    council: bool = True
    names: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    shorts: tuple[str, ...] = ()

    def active_on(self, day: str | None) -> bool:
        """Whether the council existed on ``day`` (ISO date); unknown days count as now."""
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> CouncilRecord:
        return cls(
            code=row["code"],
            name=row["name"],
            short=row.get("short") or row["name"],
            gss=row.get("gss"),
            type=row.get("type", ""),
            nation=row.get("nation", ""),
            start=row.get("start"),
            end=row.get("end"),
            replaced_by=tuple(row.get("replaced_by", ())),
            former_gss=tuple(row.get("former_gss", ())),
            council=row.get("council", True),
            names=tuple(row.get("names", ())),
            places=tuple(row.get("places", ())),
            shorts=tuple(row.get("shorts", ())),
        )


@dataclass
class Gazetteer:
    """Councils indexed by code and by name key.

    ``names`` link wherever they appear; ``places`` only where the context
    says a council is meant; ``shorts`` (acronyms) match case-sensitively.
    """

    records: list[CouncilRecord]
    by_code: dict[str, CouncilRecord] = field(init=False)
    name_index: dict[str, tuple[str, ...]] = field(init=False)
    place_index: dict[str, tuple[str, ...]] = field(init=False)
    short_index: dict[str, tuple[str, ...]] = field(init=False)

    def __post_init__(self) -> None:
        self.by_code = {r.code: r for r in self.records}
        names: dict[str, list[str]] = {}
        places: dict[str, list[str]] = {}
        shorts: dict[str, list[str]] = {}
        for rec in self.records:
            if not rec.council:
                continue
            for name in rec.names:
                _add(names, alias_key(name), rec.code)
            for place in rec.places:
                _add(places, alias_key(place), rec.code)
            for short in rec.shorts:
                _add(shorts, short, rec.code)
        self.name_index = {k: tuple(v) for k, v in names.items()}
        self.place_index = {k: tuple(v) for k, v in places.items() if k not in self.name_index}
        self.short_index = {k: tuple(v) for k, v in shorts.items()}

    @classmethod
    def from_rows(cls, rows: Iterable[dict[str, Any]]) -> Gazetteer:
        return cls([CouncilRecord.from_dict(r) for r in rows])

    @classmethod
    def from_jsonl(cls, path: str | Path) -> Gazetteer:
        """A gazetteer from a JSON Lines file in the packaged file's shape."""
        rows = []
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.lstrip().startswith("//"):
                rows.append(json.loads(line))
        return cls.from_rows(rows)

    def councils(self) -> Iterator[CouncilRecord]:
        return (r for r in self.records if r.council)

    def resolve(self, codes: Iterable[str], day: str | None) -> CouncilRecord | None:
        """The one council among ``codes`` meant on ``day``.

        A name two councils share ("Somerset") goes to the one that existed on
        the document's date; with no date, or none existing then, to the
        current one; if that still leaves several, to none (an honest miss
        beats a wrong code).
        """
        candidates = [self.by_code[c] for c in dict.fromkeys(codes)]
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        for pool in (
            [c for c in candidates if c.active_on(day)],
            [c for c in candidates if c.end is None],
        ):
            if len(pool) == 1:
                return pool[0]
        return None


def _add(index: dict[str, list[str]], key: str, code: str) -> None:
    codes = index.setdefault(key, [])
    if code not in codes:
        codes.append(code)


@cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer shipped in the package."""
    from caretext.data import load_jsonl

    return Gazetteer.from_rows(load_jsonl("councils.jsonl"))
