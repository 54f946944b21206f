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
