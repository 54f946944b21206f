"""Give every decision gold record without a split a fixed one (run once per new batch).

Batches marked ``held_out`` in ``batches.json`` (written separately) are all ``test``. Other records are
split 70/15/15 train/dev/test within each (batch, outcome) group, in a seeded
order, so every writer and every outcome is in every split. Records that
already have a split keep it: splits are drawn once and never re-drawn.

    python scripts/split_decisions.py [annotations/decisions]
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

SEED = 20261124


def held_out(folder: Path) -> set[str]:
    """The batches written separately (``batches.json``): all of each is test."""
    described = json.loads((folder / "batches.json").read_text(encoding="utf-8"))["batches"]
    return {batch for batch, info in described.items() if info.get("held_out")}


def assign(records: list[dict], batch: str, held: set[str]) -> None:
    todo = [r for r in records if r.get("split") not in ("train", "dev", "test")]
    if batch in held:
        for r in todo:
            r["split"] = "test"
        return
    groups: dict[str, list[dict]] = {}
    for r in sorted(todo, key=lambda r: r["id"]):
        groups.setdefault(r["outcome"], []).append(r)
    for outcome, group in sorted(groups.items()):
        random.Random(f"{SEED}-{batch}-{outcome}").shuffle(group)
        n = len(group)
        n_test = round(n * 0.15)
        n_dev = round(n * 0.15)
        for i, r in enumerate(group):
            r["split"] = "test" if i < n_test else "dev" if i < n_test + n_dev else "train"


def main(folder: str = "annotations/decisions") -> None:
    held = held_out(Path(folder))
    for path in sorted(Path(folder).glob("*.jsonl")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        records = [json.loads(line) for line in lines]
        assign(records, path.stem, held)
        path.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
        )
        counts = {s: sum(r["split"] == s for r in records) for s in ("train", "dev", "test")}
        print(f"{path}: {len(records)} records {counts}")


if __name__ == "__main__":
    main(*sys.argv[1:])
