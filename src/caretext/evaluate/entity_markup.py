"""Read gold documents written with inline markup (``annotations/entities/README.md``).

``[[surface|TYPE|key=value;key=value]]`` marks an entity; the markup is
removed and each entity becomes a :class:`GoldSpan` with offsets into the
plain text, so gold and predictions are compared on exactly the same string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_MARK = re.compile(r"\[\[(?P<surface>[^|\]]+)\|(?P<type>[A-Z]+)(?:\|(?P<attrs>[^\]]*))?\]\]")
_FRONT = re.compile(r"\A---\n(?P<head>.*?)\n---\n", re.S)


@dataclass(frozen=True)
class GoldSpan:
    type: str
    start: int
    end: int
    text: str
    attrs: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


@dataclass
class GoldDocument:
    path: Path
    text: str
    spans: list[GoldSpan]
    meta: dict[str, str]


def parse_markup(source: str, path: Path | None = None) -> GoldDocument:
    """Plain text and gold spans from one annotated document."""
    meta: dict[str, str] = {}
    m = _FRONT.match(source)
    if m:
        for line in m.group("head").splitlines():
            key, _, value = line.partition(":")
            value = value.split("#", 1)[0].strip()
            if key.strip():
                meta[key.strip()] = value
        source = source[m.end() :]
    parts: list[str] = []
    spans: list[GoldSpan] = []
    length, last = 0, 0
    for mark in _MARK.finditer(source):
        before = source[last : mark.start()]
        parts.append(before)
        length += len(before)
        surface = mark.group("surface")
        attrs = {}
        for item in (mark.group("attrs") or "").split(";"):
            key, sep, value = item.partition("=")
            if sep:
                attrs[key.strip()] = value.strip()
        spans.append(GoldSpan(mark.group("type"), length, length + len(surface), surface, attrs))
        parts.append(surface)
        length += len(surface)
        last = mark.end()
    parts.append(source[last:])
    text = "".join(parts)
    if "[[" in text or "]]" in text:
        where = text.index("[[") if "[[" in text else text.index("]]")
        raise ValueError(f"{path}: malformed markup near {text[where : where + 40]!r}")
    return GoldDocument(path or Path("<string>"), text, spans, meta)


def read_gold_dir(folder: str | Path) -> list[GoldDocument]:
    """Every ``*.txt`` annotated document in ``folder``, in name order."""
    folder = Path(folder)
    docs = [parse_markup(p.read_text(encoding="utf-8"), p) for p in sorted(folder.glob("*.txt"))]
    if not docs:
        raise FileNotFoundError(f"{folder}: no annotated *.txt documents")
    return docs
