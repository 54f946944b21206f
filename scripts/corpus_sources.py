"""Parse the project's own corpus sources (``corpora/sources``).

Decision sources are UTF-8 text with a ``---`` front matter block, then one
paragraph per line: ``## `` headings, ``N. `` numbered paragraphs, ``- ``
bullets. The same parser feeds the renderer and the tests that compare
extracted text with its source.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "corpora" / "sources"
SAMPLE = ROOT / "corpora" / "sample"


@dataclass
class Block:
    kind: str  # heading | para | numbered | bullet | summary | title
    text: str  # text as it should read in clean output
    number: str | None = None


@dataclass
class DecisionSource:
    name: str
    meta: dict[str, str]
    blocks: list[Block] = field(default_factory=list)

    @property
    def heading(self) -> str:
        if self.meta.get("title"):  # a report names itself
            return self.meta["title"]
        return f"{self.meta['council']} ({self.meta['reference']})"

    def expected_text(self) -> str:
        """The clean text a perfect extractor would give for the PDF rendering."""
        return "\n\n".join([self.heading] + [b.text for b in self.blocks])


def parse_decision(path: Path) -> DecisionSource:
    raw = path.read_text(encoding="utf-8")
    m = re.match(r"---\n(.*?)\n---\n", raw, re.S)
    if not m:
        raise ValueError(f"{path}: no front matter")
    meta = {}
    for line in m.group(1).splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    src = DecisionSource(path.stem, meta)
    for line in raw[m.end() :].splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("## "):
            src.blocks.append(Block("heading", line[3:].strip()))
        elif line.startswith("- "):
            src.blocks.append(Block("bullet", "• " + line[2:].strip()))
        elif re.match(r"^\d{1,3}\. ", line):
            num, _, rest = line.partition(" ")
            src.blocks.append(Block("numbered", f"{num} {rest.strip()}", num))
        elif line.lower().startswith("summary:"):
            src.blocks.append(Block("summary", line))
        elif not src.blocks and len(line.split()) <= 6:
            src.blocks.append(Block("heading", line))
        else:
            src.blocks.append(Block("para", line))
    return src


def decision_sources() -> list[DecisionSource]:
    return [parse_decision(p) for p in sorted((SOURCES / "decisions").glob("*.txt"))]


def report_sources() -> list[DecisionSource]:
    """Ombudsman-style reports (same source format, a ``title`` in the front matter)."""
    return [parse_decision(p) for p in sorted((SOURCES / "reports").glob("*.txt"))]


def article_gold() -> dict[str, dict]:
    return {
        p.stem: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((SOURCES / "articles").glob("*.json"))
    }
