"""What every gold format here shares: JSON Lines batches, a fixed split per record,
loading a folder of batches, and the ``check`` command annotators run on a batch.

The decision and press formats differ in what a record holds and how its quotes
are located (``evaluate/decision_gold.py``, ``evaluate/press_gold.py``); each passes its own
``parse`` function to these.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

SPLITS = ("train", "dev", "test")


class GoldError(ValueError):
    """A gold record that breaks the annotation format; names the file and line."""


class Gold(Protocol):
    id: str
    split: str


G = TypeVar("G", bound=Gold)
#: (record, corpus folder, "file:line" for messages) -> parsed gold, or GoldError
Parse = Callable[[dict[str, Any], Path, str], G]


def read_records(path: Path) -> list[dict[str, Any]]:
    """Raw records of one gold JSONL file; a malformed line is a :class:`GoldError`."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{path}:{number}: not JSON: {exc.msg}") from exc
        if not isinstance(rec, dict):
            raise GoldError(f"{path}:{number}: a record must be a JSON object")
        rec["_line"] = number
        records.append(rec)
    return records


def load_batches(annotations: Path | str, corpus: Path | str, splits: tuple[str, ...], parse: Parse[G]) -> list[G]:
    """Every gold record in ``annotations`` (a folder of ``*.jsonl`` or one file), parsed,
    in id order, keeping the given splits; an id given twice is a :class:`GoldError`."""
    annotations, corpus = Path(annotations), Path(corpus)
    files = sorted(annotations.glob("*.jsonl")) if annotations.is_dir() else [annotations]
    if not files:
        raise GoldError(f"{annotations}: no *.jsonl gold files")
    out: dict[str, G] = {}
    for file in files:
        for rec in read_records(file):
            gold = parse(rec, corpus, f"{file}:{rec['_line']}")
            if gold.id in out:
                raise GoldError(f"{file}:{rec['_line']}: id {gold.id!r} appears twice")
            out[gold.id] = gold
    return [out[k] for k in sorted(out) if out[k].split in splits]


def check_batch(
    argv: list[str],
    module: str,
    default_corpus: str,
    parse: Parse[G],
    summary: Callable[[list[G]], str],
    notes: Callable[[G], list[str]] = lambda gold: [],
) -> int:
    """``python -m MODULE check FILE [CORPUS]``: print every problem of a batch (records
    not yet split count as train), any ``notes`` per record, then ``summary``; exit 1 on
    problems, 2 on bad usage."""
    if len(argv) < 2 or argv[0] != "check":
        print(f"usage: python -m {module} check FILE.jsonl [CORPUS_DIR]")
        return 2
    path = Path(argv[1])
    corpus = Path(argv[2]) if len(argv) > 2 else Path(default_corpus)
    try:
        records = read_records(path)
    except GoldError as exc:
        print(exc)
        return 1
    problems: list[str] = []
    golds: list[G] = []
    seen: set[str] = set()
    for rec in records:
        rec.setdefault("split", "train")  # a new batch may not be split yet
        try:
            gold = parse(rec, corpus, f"{path}:{rec['_line']}")
        except GoldError as exc:
            problems.append(str(exc))
            continue
        if gold.id in seen:
            problems.append(f"{path}:{rec['_line']}: id {gold.id!r} appears twice")
        seen.add(gold.id)
        golds.append(gold)
        for note in notes(gold):
            print(f"{path}:{rec['_line']} ({gold.id}): {note}")
    for p in problems:
        print(p)
    print(f"{len(records)} records, {len(problems)} with problems; {summary(golds)}")
    return 1 if problems else 0
