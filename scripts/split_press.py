"""Give every press gold record without a split a fixed one (run once per new batch).

Batch ``x`` (the separately written slice) is all ``test``. Other batches are
split 60/20/20 train/dev/test in a seeded order, so every writer's house
styles are in every split. Records that already have a split keep it: splits
are drawn once and never re-drawn.

    python scripts/split_press.py [annotations/press]
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

SEED = 20261124
HELD_OUT_BATCHES = {"x"}


def assign(records: list[dict], batch: str) -> None:
    todo = sorted((r for r in records if r.get("split") not in ("train", "dev", "test")), key=lambda r: r["id"])
    if batch in HELD_OUT_BATCHES:
        for r in todo:
            r["split"] = "test"
        return
    random.Random(f"{SEED}-{batch}").shuffle(todo)
    n = len(todo)
    n_test = n_dev = max(1, round(n * 0.2)) if n >= 3 else 0
    for i, r in enumerate(todo):
        r["split"] = "test" if i < n_test else "dev" if i < n_test + n_dev else "train"


def main(folder: Path) -> None:
    for path in sorted(folder.glob("*.jsonl")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        records = [json.loads(line) for line in lines]
        assign(records, path.stem)
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        counts = {s: sum(r["split"] == s for r in records) for s in ("train", "dev", "test")}
        print(f"{path}: {counts}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "annotations/press"))
