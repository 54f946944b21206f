"""`caretext report`: the aggregates against a hand-made archive (every expected number counted here,
by hand, from the records below), bad input, and — marked `browser` — the pages in headless Chromium.

The archive is written straight into a store (no model runs), so that the outcome, council, date
and payments of every document are known exactly.
"""

from __future__ import annotations

import csv
import shutil
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caretext.cli import app
from caretext.findings import Council, Findings, Mention, Outcome, Quote, Remedy, Source
from caretext.report import ReportError, build_report, council_profiles, wilson
from caretext.store import Store

KENT = ("Kent County Council", "E10000016")
LEEDS = ("Leeds City Council", "E08000035")
TEXT = "Kent County Council agreed to pay Mrs X £300. The Council was at fault for delay in the plan."


def _decision(n: int, council: tuple[str, str] | None, outcome: str, date: str | None, paid: float | None) -> Findings:
    councils = []
    if council:
        councils = [Council(name=council[0], gss=council[1], code=council[1], role="subject", score=1.0,
                            mentions=[Mention(text="Kent County Council", start=0, end=19, page=1)])]  # fmt: skip
    remedies = []
    if paid:
        remedies = [Remedy(type="payment", amount_gbp=paid, text="agreed to pay Mrs X £300", start=20, end=44, page=1)]
    return Findings(
        doc_id=f"{n:016x}",
        source=Source(path=f"d{n}.txt", kind="decision", format="text", pages=1, sha256=f"{n:016x}" * 4),
        title=f"Decision {n}",
        published=date,
        councils=councils,
        outcome=Outcome(label=outcome, score=1.0),
        remedies=remedies,
    )


def _article(n: int, council: tuple[str, str]) -> Findings:
    return Findings(
        doc_id=f"{n:016x}",
        source=Source(path=f"a{n}.txt", kind="article", format="text", pages=1, sha256=f"{n:016x}" * 4),
        title=f"Article {n}",
        published="2024-02-01",
        councils=[Council(name=council[0], gss=council[1], code=council[1], role="subject", score=1.0, mentions=[])],
        quotes=[Quote(speaker="Jo Bloggs", organisation=council[0], text="We are sorry.", start=0, end=13)],
    )


#: the archive, and what a person counts from it: 6 decisions (Kent 3, 2 upheld, £300 + £200;
#: Leeds 2, none upheld; 1 with no council and no date), 2 articles about Kent
DOCS = [
    _decision(1, KENT, "upheld", "2021-03-01", 300.0),
    _decision(2, KENT, "upheld", "2022-05-01", 200.0),
    _decision(3, KENT, "not_upheld", "2022-06-01", None),
    _decision(4, LEEDS, "not_upheld", "2021-01-01", None),
    _decision(5, LEEDS, "closed_after_initial_enquiries", "2023-01-01", None),
    _decision(6, None, "upheld", None, None),
    _article(7, KENT),
    _article(8, KENT),
]


def write_store(out: Path, docs: list[Findings] = DOCS) -> Path:
    with Store(out) as store:
        store.begin_run({})
        for f in docs:
            sha = f.doc_id * 4
            store.record_path(str(f.source.path), sha, 1, 0.0)
            store.record_document(sha, f.model_dump(mode="json"), None, zlib.compress(TEXT.encode()), 0.1, 10.0)
        store.end_run({})
    return out


def test_league_table_and_overview_match_the_archive(tmp_path: Path) -> None:
    profiles = council_profiles(write_store(tmp_path / "out"))
    league = profiles["league"].set_index("council")
    assert list(profiles["league"]["council"][:2]) == ["E10000016", "E08000035"]  # most decisions first
    kent = league.loc["E10000016"]
    assert (kent["decisions"], kent["upheld"], kent["payments_gbp"], kent["articles"]) == (3, 2, 500.0, 2)
    assert kent["rate_low"] == pytest.approx(0.2077, abs=1e-4) and kent["rate_high"] == pytest.approx(0.9385, abs=1e-4)
    assert kent["overall_rate"] == pytest.approx(3 / 6)
    assert league.loc["E08000035"]["upheld"] == 0
    assert league.loc["unknown"]["decisions"] == 1  # no council: a labelled bucket
    outcomes = dict(zip(profiles["outcomes"]["outcome"], profiles["outcomes"]["documents"]))
    assert outcomes == {"upheld": 3, "not_upheld": 2, "closed_after_initial_enquiries": 1}
    years = {(r.year, r.outcome): r.decisions for r in profiles["years"].itertuples()}
    assert years[("unknown", "upheld")] == 1 and years[("2022", "upheld")] == 1 and years[("2021", "not_upheld")] == 1
    assert dict(zip(profiles["kinds"]["kind"], profiles["kinds"]["documents"])) == {"decision": 6, "article": 2}


def test_wilson_interval_by_hand() -> None:
    assert wilson(0, 0) == (0.0, 0.0)
    low, high = wilson(1, 1)
    assert low == pytest.approx(0.2065, abs=1e-4) and high == pytest.approx(1.0)


def test_report_pages_and_csv(tmp_path: Path) -> None:
    summary = build_report(write_store(tmp_path / "out"), tmp_path / "report")
    folder = tmp_path / "report"
    assert (summary.documents, summary.councils) == (8, 3)
    assert (folder / "index.html").is_file() and (folder / "councils" / "E10000016.html").is_file()
    assert (folder / "councils" / "unknown.html").is_file()
    assert len(list((folder / "documents").glob("*.html"))) == 8
    rows = list(csv.DictReader((folder / "data" / "league.csv").open()))
    assert {r["council"]: r["upheld"] for r in rows} == {"E10000016": "2", "E08000035": "0", "unknown": "1"}
    kent = (folder / "councils" / "E10000016.html").read_text()
    assert "We are sorry." in kent and "Jo Bloggs" in kent  # the press about the council
    doc = (folder / "documents" / f"{1:016x}.html").read_text()
    assert 'data-type="remedy"' in doc and 'data-type="council"' in doc and "£300" in doc
    assert "<svg" in (folder / "index.html").read_text()


def test_a_folder_caretext_did_not_write_is_refused_and_an_empty_store_says_so(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("my notes")
    with pytest.raises(ReportError, match="did not write"):
        build_report(write_store(tmp_path / "out"), mine)
    assert (mine / "notes.txt").read_text() == "my notes"
    runner = CliRunner()
    result = runner.invoke(app, ["report", str(tmp_path / "out"), "-o", str(mine)])
    assert result.exit_code == 2 and "did not write" in result.output
    empty = write_store(tmp_path / "empty", [])
    result = runner.invoke(app, ["report", str(empty), "-o", str(tmp_path / "r2")])
    assert result.exit_code == 0, result.output
    assert "holds no documents" in (tmp_path / "r2" / "index.html").read_text()
    result = runner.invoke(app, ["report", str(tmp_path / "nothing"), "-o", str(tmp_path / "r3")])
    assert result.exit_code == 2 and "holds no caretext store" in result.output
    # a store from another caretext version: one clear line, no broken report
    import sqlite3

    old = write_store(tmp_path / "old", DOCS[:1])
    with sqlite3.connect(old / "caretext.sqlite") as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    result = runner.invoke(app, ["report", str(old), "-o", str(tmp_path / "r4")])
    assert result.exit_code == 3 and "schema 0" in result.output and not (tmp_path / "r4" / "index.html").exists()
    # a second run rewrites its own report
    assert runner.invoke(app, ["report", str(tmp_path / "out"), "-o", str(tmp_path / "r2")]).exit_code == 0


# --- in a browser ----------------------------------------------------------------------------------


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("Debian's chromium is not installed (make test-browser installs it)")
    return path


@pytest.mark.browser
def test_the_report_in_headless_chromium(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    sample = tmp_path / "sample"
    runner = CliRunner()
    assert runner.invoke(app, ["tag", "corpora/sample", "-o", str(sample)]).exit_code in (0, 1)
    assert runner.invoke(app, ["report", str(sample), "-o", str(tmp_path / "report")]).exit_code == 0
    synthetic = build_report(write_store(tmp_path / "out"), tmp_path / "report2")
    shots = Path("test-artefacts")
    shots.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
        problems: list[str] = []
        page = context.new_page()
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}"))
        for folder in (tmp_path / "report", synthetic.folder):
            page.goto((folder / "index.html").as_uri())
            assert page.locator("svg").count() >= 5
            assert all(page.locator("svg").nth(i).bounding_box()["height"] > 20 for i in range(3))  # type: ignore[index]
            # the league table sorts: a click sorts by decisions, most first; a second click, fewest first
            header = page.locator("#league-table th button", has_text="decisions")
            header.click()
            counts = [int(c) for c in page.locator("#league-table tbody tr td:nth-child(2)").all_inner_texts()]
            assert counts == sorted(counts, reverse=True) and len(counts) >= 2
            header.click()
            counts = [int(c) for c in page.locator("#league-table tbody tr td:nth-child(2)").all_inner_texts()]
            assert counts == sorted(counts)
            if folder == synthetic.folder:
                page.screenshot(path=str(shots / "report-overview.png"), full_page=False)
                # the overview's numbers are the store's: 6 decisions, 3 upheld
                assert "8 documents (6 Ombudsman decisions)" in page.inner_text("main")
            # follow a council link, then a document link, and back
            page.locator("#league-table tbody a").first.click()
            assert page.locator("h1").inner_text()
            assert page.locator("svg").count() >= 1
            if folder == synthetic.folder:
                page.screenshot(path=str(shots / "report-council.png"), full_page=False)
            if folder == synthetic.folder:  # Kent's page links its decisions; decision 1 has findings to show
                page.goto((folder / "councils" / "E10000016.html").as_uri())
                page.locator("a[href$='0000000000000001.html']").first.click()
                assert page.locator("#text mark[data-type='remedy']").count() == 1
                page.locator("ol.findings a").first.click()  # a finding links to its place in the text
                assert page.url.endswith("#m-1")
                page.screenshot(path=str(shots / "report-document.png"), full_page=False)
        browser.close()
    assert problems == []
