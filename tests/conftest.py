"""Shared paths and fixtures. The shared press seeds are read from ../shared at test time."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "sample"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpora" / "press-seeds"

sys.path.insert(0, str(ROOT / "scripts"))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"shared press seeds not found at {SEEDS}")
    return SEEDS
