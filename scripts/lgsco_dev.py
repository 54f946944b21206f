"""Turn the real-decision facts (``../shared/data/lgsco-dev``) into a scoring set for caretext.

The facts file lists real LGSCO decisions with the values the Ombudsman
published (council, category > subcategory, decision, £ figures the summary
names). Their text is the publisher's and never enters this repository: you
gather copies yourself into a folder outside it, one file per decision named
by its reference with underscores (``14_006_640.txt``, ``.html`` or ``.pdf``).

    python scripts/lgsco_dev.py gold ../shared/data/lgsco-dev/decisions.jsonl -o /tmp/real/gold.jsonl \
        [--extra scripts/lgsco_dev_labels.jsonl]
    python scripts/lgsco_dev.py docs /tmp/real/pages -o /tmp/real/docs
    caretext evaluate decisions --gold /tmp/real/gold.jsonl --docs /tmp/real/docs
    python scripts/lgsco_dev.py record --tune tune.json --check check.json --date YYYY-MM-DD

``gold`` writes one archive-gold record per decision (``caretext evaluate
decisions --gold`` format): ``outcome`` from the published decision,
``category``/``subcategory`` from the published values or, where the facts
leave them empty, from the decision page's address (the site files each page
under ``/decisions/<category>/<subcategory>/``), ``council`` (the subject),
``payments_gbp`` (the figures the summary names: their sum is the total the
decision pays), ``part`` (``tune`` or ``check``, see :func:`part`) and, from ``--extra``, our own facts about a decision
(``"payment": true`` where the summary names a payment without a figure).
Fields the facts leave empty are left out, so each is scored on the decisions
that have it.

``docs`` copies the pages, removing the ``Category :``, ``Decision :`` and
``Decision date :`` lines (and a listing's ``Statement Upheld <subcategory> <date>`` line) so that caretext has to read the outcome and
category from the prose (the facts README asks for this).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from caretext.evaluate.decision_gold import taxonomy  # noqa: E402

OUTCOMES = {
    "Upheld": "upheld",
    "Not upheld": "not_upheld",
    "Closed after initial enquiries": "closed_after_initial_enquiries",
}
#: the published result lines of a saved decision page (kept out of what caretext reads)
RESULT_LINE = re.compile(
    r"^[ \t]*(?:(?:Category|Decision|Decision date)[ \t]*:.*"
    r"|(?:Statement|Decision|Report)[ \t]+(?:Upheld|Not upheld|Closed after initial enquiries)\b.*)\n?",
    re.I | re.M,
)


def slug(label: str) -> str:
    """The site's address form of a label: ``Children's care services`` → ``children-s-care-services``."""
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def filing_from_url(url: str | None) -> tuple[str, str] | None:
    """``(category, subcategory)`` from a decision page address, spelled as the taxonomy spells them."""
    m = re.search(r"/decisions/([a-z0-9-]+)/([a-z0-9-]+)/", url or "")
    if not m:
        return None
    for category, subs in taxonomy()["categories"].items():
        if slug(category) == m.group(1):
            for sub in subs:
                if slug(sub) == m.group(2):
                    return category, sub
    return None


def part(ref: str) -> str:
    """``tune`` (two thirds, read while developing) or ``check`` (one third, only scored): fixed by the
    reference's hash, so anyone gathering the same pages gets the same parts."""
    return "check" if int(hashlib.sha256(ref.encode()).hexdigest(), 16) % 3 == 0 else "tune"


def doc_id(ref: str) -> str:
    return ref.strip().replace(" ", "_")


def gold_record(fact: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "id": doc_id(fact["ref"]), "reference": fact["ref"], "kind": fact.get("kind"), "part": part(fact["ref"])
    }
    if fact.get("decision") in OUTCOMES:
        rec["outcome"] = OUTCOMES[fact["decision"]]
    filing = (fact["category"], fact["subcategory"]) if fact.get("category") else filing_from_url(fact.get("canonical_url"))
    if filing and filing[0]:
        rec["category"] = filing[0]
        if filing[1]:
            rec["subcategory"] = filing[1]
    if fact.get("council"):
        rec["council"] = fact["council"]
    if fact.get("decision_date"):
        rec["date"] = fact["decision_date"]
    if fact.get("payments_gbp"):
        rec["payments_gbp"] = fact["payments_gbp"]
        rec["payment"] = True
    rec.update({k: v for k, v in extra.items() if k != "ref"})
    return rec


def cmd_gold(args: argparse.Namespace) -> int:
    extras: dict[str, dict[str, Any]] = {}
    if args.extra:
        for line in Path(args.extra).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("//"):
                row = json.loads(line)
                extras[row["ref"]] = row
    facts = [json.loads(line) for line in Path(args.facts).read_text(encoding="utf-8").splitlines() if line.strip()]
    unknown = sorted(set(extras) - {f["ref"] for f in facts})
    if unknown:
        print(f"{args.extra}: references not in {args.facts}: {unknown[:5]}", file=sys.stderr)
        return 2
    out = Path(args.output)
    if out.exists() and not args.force:
        print(f"{out} exists; pass --force to replace it", file=sys.stderr)
        return 2
    out.parent.mkdir(parents=True, exist_ok=True)
    records = [gold_record(f, extras.get(f["ref"], {})) for f in facts]
    if args.part != "all":
        records = [r for r in records if r["part"] == args.part]
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    print(f"{out}: {len(records)} records")
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    src, dst = Path(args.pages), Path(args.output)
    dst.mkdir(parents=True, exist_ok=True)
    n = 0
    for path in sorted(src.iterdir()):
        if not path.is_file():
            continue
        target = dst / path.name
        if path.suffix.lower() == ".pdf":  # PDFs of statements carry no result lines
            target.write_bytes(path.read_bytes())
        else:
            target.write_text(RESULT_LINE.sub("", path.read_text(encoding="utf-8")), encoding="utf-8")
        n += 1
    print(f"{dst}: {n} documents")
    return 0


def figures(metrics: dict[str, Any]) -> dict[str, dict[str, float]]:
    """The issue's measures from one ``caretext evaluate decisions --gold --docs --json`` output, each with n."""
    out: dict[str, dict[str, float]] = {}
    for field in ("outcome", "category", "subcategory"):
        if field in metrics:
            out[field] = {"n": metrics[field]["n"], "accuracy": metrics[field]["accuracy"]}
    if "subject_council" in metrics:
        c = metrics["subject_council"]
        out["subject_council"] = {"n": c["n"], "accuracy": c["accuracy"]}
    if "payments" in metrics:
        p = metrics["payments"]
        out["payment_total_exact"] = {"n": p["total_exact"]["n"], "accuracy": p["total_exact"]["accuracy"]}
        out["payment_found"] = {"n": p["found"]["n"], "accuracy": p["found"]["recall"]}
        out["payment_without_figure_found"] = {
            "n": p["found_without_figure"]["n"], "accuracy": p["found_without_figure"]["recall"]
        }
        out["no_payment_claimed_where_none"] = {
            "n": p["none_claimed_where_none"]["n"], "accuracy": p["none_claimed_where_none"]["accuracy"]
        }
    return out


def cmd_record(args: argparse.Namespace) -> int:
    """Write the real-decision figures the model card reports (models/real_decisions.json)."""
    record: dict[str, Any] = {
        "about": (
            "caretext on real published LGSCO decisions: the references of ../shared/data/lgsco-dev whose pages "
            "could be gathered (openings of the stored copies, about 2,000 characters each, result lines removed). "
            "tune: the two thirds read while developing rules; check: the third scored once, before its errors "
            "were read (check_after: the same third after fixes prompted by reading them, no longer held out); fresh: "
            "pages of further listed references gathered after development ended, scored once and never read. Reproduce with "
            "scripts/lgsco_dev.py (gold, docs) and caretext evaluate decisions --gold --docs --json, then "
            "scripts/lgsco_dev.py record."
        ),
        "measured": args.date,
        "parts": {},
    }
    for name, path in (("tune", args.tune), ("check", args.check), ("check_after", args.check_after),
                       ("fresh", args.fresh), ("baseline_tune", args.baseline_tune),
                       ("baseline_check", args.baseline_check), ("baseline_fresh", args.baseline_fresh)):
        if path:
            metrics = json.loads(Path(path).read_text(encoding="utf-8"))
            record["parts"][name] = {"documents": metrics["n"], **figures(metrics)}
    Path(args.output).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"{args.output}: {', '.join(record['parts'])}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("gold", help="facts file -> archive gold JSONL")
    g.add_argument("facts")
    g.add_argument("-o", "--output", required=True)
    g.add_argument("--extra", help="our own facts per reference (JSONL with 'ref')")
    g.add_argument("--force", action="store_true", help="replace an existing output file")
    g.add_argument("--part", choices=("all", "tune", "check"), default="all",
                   help="tune: the two thirds rules are developed on; check: the third that is only scored")
    g.set_defaults(run=cmd_gold)
    d = sub.add_parser("docs", help="pages folder -> folder with the published result lines removed")
    d.add_argument("pages")
    d.add_argument("-o", "--output", required=True)
    d.set_defaults(run=cmd_docs)
    r = sub.add_parser("record", help="evaluate --json outputs -> models/real_decisions.json (for the model card)")
    r.add_argument("--tune", required=True)
    r.add_argument("--check", required=True)
    r.add_argument("--check-after", help="the check part measured again after its errors were read (no longer held out)")
    r.add_argument("--fresh", help="decisions gathered after development ended, never read: scored once")
    r.add_argument("--baseline-tune", help="the same measure of an earlier caretext, for comparison")
    r.add_argument("--baseline-fresh")
    r.add_argument("--baseline-check")
    r.add_argument("--date", required=True, help="when it was measured (YYYY-MM-DD)")
    r.add_argument("-o", "--output", default=str(ROOT / "models" / "real_decisions.json"))
    r.set_defaults(run=cmd_record)
    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    raise SystemExit(main())
