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


def raise_only(old: dict[str, float], scores: dict[str, float], keys: tuple[str, ...], margin: float,
               name: str) -> tuple[dict[str, float], list[str]]:
    """Floors for one slice: a margin below each score, but never below the slice's old floor. A score
    that has fallen under its old floor cannot be pinned: the problem is returned instead. Used where a
    slice's gold may change (relabelling) while its documents stay the same, so the old floor still
    speaks for them."""
    floors, problems = {}, []
    for key in keys:
        previous = old.get(key)
        if previous is not None and scores[key] < previous:
            problems.append(f"{name}.{key}: {scores[key]:.4f} is below its floor {previous}")
        floors[key] = max(below(scores[key], margin), previous or 0.0)
    return floors, problems


def write_floors(path: Path, new: dict, argv: list[str], groups: tuple[str, ...] = GROUPS) -> bool:
    """Write ``new`` floors to ``path``; refuse (print why, return False) if a floor for the
    same test fingerprint would go down and ``--lower`` was not passed."""
    if path.exists() and "--lower" not in argv:
        old = json.loads(path.read_text())
        if old.get("fingerprint") == new["fingerprint"]:
            lowered = [
                f"{group}.{k}: {old[group][k]} -> {new[group].get(k, 0.0)}"
                for group in groups
                for k in old.get(group, {})
                if group in new and new[group].get(k, 0.0) < old[group][k]
            ]
            if lowered:
                print("refusing to lower floors (pass --lower with a reason):\n  " + "\n  ".join(lowered))
                return False
    path.write_text(json.dumps(new, indent=2) + "\n")
    return True
