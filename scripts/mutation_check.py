"""Prove the suite can fail: apply deliberate faults one at a time and check that the tests catch each.

Each fault is a small edit to one source file (made in place, always undone, also on Ctrl-C); the tests
named for it are run with ``pytest -x`` and must FAIL. Run: ``python scripts/mutation_check.py`` (about
two minutes). Exit 0 when every fault was caught.

Faults: every evidence and remedy offset shifted by one character; the council linker returning one fixed
council; the outcome rule for a stated fault inverted; every payment amount doubled; the store's writer
dropping a record; the README's command raising instead of running.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "caretext"


@dataclass(frozen=True)
class Fault:
    name: str
    file: Path
    old: str
    new: str
    tests: tuple[str, ...]


FAULTS = (
    Fault(
        "evidence and remedy offsets shifted by one character",
        SRC / "findings.py",
        "        return cls(text=document.text[start:end], start=start, end=end, page=document.page_at(start))",
        "        start, end = start + 1, end + 1\n"
        "        return cls(text=document.text[start:end], start=start, end=end, page=document.page_at(start))",
        ("tests/test_decisions.py::test_evidence_and_remedy_spans_land_on_the_annotators_text",),
    ),
    Fault(
        "the council linker returns one fixed council",
        SRC / "nlp" / "councils.py",
        '    def link_name(self, name: str, day: str | None = None) -> CouncilRecord | None:\n',
        '    def link_name(self, name: str, day: str | None = None) -> CouncilRecord | None:\n'
        '        return self.gazetteer.by_code["KEN"]\n',
        ("tests/test_entities.py::test_sample_decisions_subject_council_is_the_one_complained_about",),
    ),
    Fault(
        "a stated fault read as no fault",
        SRC / "classify" / "outcome.py",
        '        return Finding("upheld", detail, rule or cue.rule, cue.sentence, found)',
        '        return Finding("not_upheld", detail, rule or cue.rule, cue.sentence, found)',
        ("tests/test_real_shapes.py",),
    ),
    Fault(
        "every payment amount doubled",
        SRC / "classify" / "remedies.py",
        "        value, per = parse_money(m)",
        "        value, per = parse_money(m)\n        value *= 2",
        ("tests/test_decisions.py::test_payment_amounts_add_up",),
    ),
    Fault(
        "the store's writer drops a record",
        SRC / "store.py",
        '            yield "findings", record',
        '            if not path.endswith("d001.txt"):\n                yield "findings", record',
        ("tests/test_batch.py::test_a_second_run_resumes_and_identical_content_is_analysed_once",),
    ),
    Fault(
        "a README command raises",
        SRC / "cli.py",
        "def schema() -> None:",
        "def schema() -> None:",
        ("tests/test_readme.py::test_cli_examples_run",),
    ),
)


def _schema_fault(text: str) -> str:
    """The README fault: `caretext schema` raises before printing."""
    marker = "def schema("
    at = text.index(marker)
    body = text.index('"""', text.index('"""', at) + 3) + 3
    return text[:body] + "\n    raise RuntimeError('injected fault')" + text[body:]


def run(fault: Fault) -> bool:
    original = fault.file.read_text(encoding="utf-8")
    if fault.name == "a README command raises":
        mutated = _schema_fault(original)
    else:
        if fault.old not in original:
            print(f"  cannot apply: the code it edits has changed ({fault.file.relative_to(ROOT)})")
            return False
        mutated = original.replace(fault.old, fault.new, 1)
    try:
        fault.file.write_text(mutated, encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *fault.tests],
            cwd=ROOT, capture_output=True, text=True,
        )
    finally:
        fault.file.write_text(original, encoding="utf-8")
    caught = result.returncode != 0
    last = (result.stdout.strip().splitlines() or [""])[-1]
    print(f"  {'caught' if caught else 'MISSED'}: {last}")
    return caught


def main() -> int:
    caught = 0
    for fault in FAULTS:
        print(f"fault: {fault.name}")
        caught += run(fault)
    print(f"{caught} of {len(FAULTS)} faults caught")
    return 0 if caught == len(FAULTS) else 1


if __name__ == "__main__":
    raise SystemExit(main())
