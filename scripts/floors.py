"""Shared by the gate-pinning scripts (pin_decision_floors.py, pin_press_floors.py): floors
sit a margin below a held-out score, and are never lowered without ``--lower``."""

from __future__ import annotations

import json
import math
from pathlib import Path

GROUPS = ("headline", "held_out_writer_x")


def below(value: float, margin: float) -> float:
    """``value - margin`` rounded down to two places, never below zero."""
    return max(0.0, math.floor((value - margin) * 100) / 100)


def write_floors(path: Path, new: dict, argv: list[str]) -> bool:
    """Write ``new`` floors to ``path``; refuse (print why, return False) if a floor for the
    same test fingerprint would go down and ``--lower`` was not passed."""
    if path.exists() and "--lower" not in argv:
        old = json.loads(path.read_text())
        if old.get("fingerprint") == new["fingerprint"]:
            lowered = [
                f"{group}.{k}: {old[group][k]} -> {new[group].get(k, 0.0)}"
                for group in GROUPS
                for k in old.get(group, {})
                if new[group].get(k, 0.0) < old[group][k]
            ]
            if lowered:
                print("refusing to lower floors (pass --lower with a reason):\n  " + "\n  ".join(lowered))
                return False
    path.write_text(json.dumps(new, indent=2) + "\n")
    return True
