"""Every packaged data file is read through this module (and cached)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


def data_text(name: str) -> str:
    """The text of a packaged data file, e.g. ``data_text("boilerplate.jsonl")``."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@cache
def load_jsonl(name: str) -> tuple[dict[str, Any], ...]:
    """Rows of a packaged JSON Lines file; blank lines and ``//`` comments skipped."""
    rows = []
    for number, line in enumerate(data_text(name).splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:  # a packaging bug, say where
            raise ValueError(f"{name}:{number}: {exc}") from exc
    return tuple(rows)


#: the rule files: every rule in them has an ``id`` (reported in findings), its ``pattern`` (where it has
#: one) compiles, and no id repeats within a file
RULE_FILES = (
    "boilerplate.jsonl", "category_rules.jsonl", "council_context.jsonl", "decision_sections.jsonl",
    "furniture_signals.jsonl",
    "injustice_rules.jsonl", "organisation_patterns.jsonl", "outcome_rules.jsonl", "press_theme_rules.jsonl",
    "remedy_rules.jsonl", "subcategory_cues.jsonl", "theme_rules.jsonl",
)


@cache
def load_rules(name: str) -> tuple[dict[str, Any], ...]:
    """The rules of one rule file, checked: each has an ``id``, no id repeats (a duplicate would make the
    id in a finding ambiguous), and every ``pattern`` compiles."""
    import re

    rows = load_jsonl(name)
    seen: set[str] = set()
    for i, row in enumerate(rows, 1):
        rule_id = row.get("id")
        if not isinstance(rule_id, str) or not rule_id:
            raise ValueError(f"{name}: rule {i} has no id")
        if rule_id in seen:
            raise ValueError(f"{name}: rule id {rule_id!r} is used twice")
        seen.add(rule_id)
        try:
            if "pattern" in row:
                re.compile(row["pattern"])
        except re.error as exc:
            raise ValueError(f"{name}: rule {rule_id!r}: bad pattern ({exc})") from exc
    return rows


@cache
def load_words(name: str) -> tuple[str, ...]:
    """Entries of a packaged word list: whitespace-separated, ``#`` comment lines skipped."""
    words: list[str] = []
    for line in data_text(name).splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            words.extend(line.split())
    return tuple(words)


@cache
def load_lines(name: str) -> tuple[str, ...]:
    """Non-blank, non-comment lines of a packaged list, stripped."""
    return tuple(
        line.strip()
        for line in data_text(name).splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )
