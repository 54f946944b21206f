"""Pin the decision evaluation gate's floors (models/decision_floors.json) from models/metrics.json.

Floors are per slice of the held-out test split (``by_slice`` in the metrics:
each round of the corpus and each separately written batch,
``annotations/decisions/batches.json``). A floor sits a small margin below the
slice's score and is never lowered — not even when a slice's gold is
relabelled, since the slice is still the same statements: a score that falls
under its old floor cannot be pinned without ``--lower`` and a reason in the
commit message.

    python scripts/pin_decision_floors.py [--lower]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from floors import raise_only  # noqa: E402

METRICS = ROOT / "models" / "metrics.json"
FLOORS = ROOT / "models" / "decision_floors.json"
MARGIN = 0.02  # below the score of a whole round
HELD_OUT_MARGIN = 0.04  # below the score of one separately written batch (fewer statements)
KEYS = ("outcome_accuracy", "category_accuracy", "subcategory_accuracy", "theme_micro_f1",
        "injustice_micro_f1", "remedy_type_f1", "total_payment_exact")
#: the slices of floors files written before slices had names
_FORMER = {"headline": "round1", "held_out_writer_x": "held_out_x"}


def old_slices(path: Path) -> dict[str, dict[str, float]]:
    if not path.exists():
        return {}
    old = json.loads(path.read_text())
    if "slices" in old:
        return {name: dict(v["floors"]) for name, v in old["slices"].items()}
    return {_FORMER[k]: dict(v) for k, v in old.items() if k in _FORMER}


def main(argv: list[str]) -> int:
    metrics = json.loads(METRICS.read_text())
    test = metrics["test"]
    old = {} if "--lower" in argv else old_slices(FLOORS)
    slices, problems = {}, []
    for name, row in sorted(test["by_slice"].items()):
        margin = HELD_OUT_MARGIN if name.startswith("held_out_") else MARGIN
        floors, trouble = raise_only(old.get(name, {}), row, KEYS, margin, name)
        slices[name] = {"n": row["n"], "floors": floors}
        problems += trouble
    placement = test.get("placement")
    if placement:
        keys = ("evidence_exact", "remedy_contains_gold")
        floors, trouble = raise_only(old.get("placement", {}), placement, keys, MARGIN, "placement")
        slices["placement"] = {"n": placement["evidence_n"] + placement["remedy_n"], "floors": floors}
        problems += trouble
    missing = sorted(set(old) - set(slices))
    problems += [f"slice {name} has floors but is no longer measured" for name in missing]
    if problems:
        print("refusing to pin (fix the scores, or pass --lower with a reason):\n  " + "\n  ".join(problems))
        return 1
    new = {
        "about": (
            "Floors for the decision gate (tests/test_decisions.py), per slice of the held-out test split "
            "(models/metrics.json by_slice; slices from annotations/decisions/batches.json), a margin below each "
            "slice's score and never lowered, even after relabelling. Re-pin with scripts/pin_decision_floors.py."
        ),
        "fingerprint": metrics["data"]["test_fingerprint"],
        "slices": slices,
    }
    FLOORS.write_text(json.dumps(new, indent=2) + "\n")
    print(f"pinned {FLOORS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
