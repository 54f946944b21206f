"""Write the report: an overview, a page per council, a page per document, and the CSV behind them.

The site is static and self-contained: one stylesheet and one small script inlined into every
page, charts as inline SVG (:mod:`caretext.report.charts`), relative links only, so it opens from
disk with no network. Documents are read once, streamed from the store: each document's page is
written as it passes and only the small per-document row is kept, so a large archive does not
have to fit in memory and no page holds more than one document or one council.
"""

from __future__ import annotations

import re
import shutil
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from caretext.errors import CaretextError
from caretext.findings import Findings
from caretext.report import charts
from caretext.report.aggregate import (
    UNKNOWN,
    Archive,
    league_table,
    overview_tables,
    read_archive,
    records,
)

#: rows per page of the document list
DOCS_PER_PAGE = 500
#: written into every report folder, so that a folder a user made is never overwritten
MARKER = ".caretext-report"
#: highlight types, their legend labels, and the order findings are listed in
TYPES = (
    ("council", "councils"), ("person", "people"), ("organisation", "organisations"),
    ("legislation", "legislation"), ("money", "money"), ("quote", "quotes"), ("statistic", "statistics"),
    ("theme", "theme evidence"), ("remedy", "remedies"),
)  # fmt: skip


class ReportError(CaretextError):
    """The report cannot be written where it was asked to be (the message says why)."""


@dataclass(frozen=True)
class ReportSummary:
    folder: Path
    documents: int
    councils: int
    pages: int
    seconds: float


@cache
def _env() -> Environment:
    env = Environment(loader=PackageLoader("caretext.report", "templates"), autoescape=select_autoescape(["html"]))
    env.filters["count"] = lambda n, word: f"{n} {word}" if n == 1 else f"{n} {word}s"  # "1 decision", "2 decisions"
    return env


@cache
def _assets() -> dict[str, Markup]:
    from importlib import resources

    folder = resources.files("caretext.report").joinpath("templates")
    return {
        "css": Markup(folder.joinpath("report.css").read_text(encoding="utf-8")),
        "js": Markup(folder.joinpath("report.js").read_text(encoding="utf-8")),
    }


def slug(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", key) or UNKNOWN


def _render(path: Path, template: str, root: str, **context: Any) -> None:
    from caretext import __version__

    html = _env().get_template(template).render(root=root, version=__version__, **_assets(), **context)
    path.write_text(html, encoding="utf-8")


def _prepare(folder: Path, force: bool) -> None:
    if folder.exists() and any(folder.iterdir()) and not (folder / MARKER).exists() and not force:
        raise ReportError(
            f"{folder} exists and holds files caretext did not write; choose another folder or pass --force"
        )
    for sub in ("councils", "documents", "data"):  # our own folders, written afresh
        if (folder / sub).exists():
            shutil.rmtree(folder / sub)
        (folder / sub).mkdir(parents=True)
    (folder / MARKER).write_text("a report written by caretext report; it is rewritten on the next run\n")


# -- one document ---------------------------------------------------------------------------------


def _spans(f: Findings) -> list[dict[str, Any]]:
    """Every finding with a place in the text, as (start, end, type, text, detail, page, method)."""
    out: list[dict[str, Any]] = []

    def add(kind: str, start: int, end: int, text: str, detail: str, page: int | None, method: str | None) -> None:
        if end > start:
            out.append({"type": kind, "start": start, "end": end, "text": text, "detail": detail, "page": page,
                        "method": method})  # fmt: skip

    for c in f.councils:
        for m in c.mentions:
            add("council", m.start, m.end, m.text, f"{c.name} ({c.gss or 'no GSS'}, {c.role})", m.page, m.method or m.rule)
    for p in f.people:
        for m in p.mentions:
            add("person", m.start, m.end, m.text, ", ".join(x for x in (p.name, p.role, p.organisation) if x), m.page, m.method)
    for o in f.organisations:
        for m in o.mentions:
            add("organisation", m.start, m.end, m.text, o.name, m.page, m.method or m.rule)
    for leg in f.legislation:
        add("legislation", leg.start, leg.end, leg.text, leg.title + (f" s.{leg.section}" if leg.section else ""), leg.page, leg.kind)
    for money in f.money:
        add("money", money.start, money.end, money.text, f"£{money.value_gbp:,.2f}", money.page, None)
    for q in f.quotes:
        who = ", ".join(x for x in (q.speaker or "unattributed", q.organisation) if x)
        add("quote", q.start, q.end, q.text, who, q.page, q.rule)
    for s in f.statistics:
        add("statistic", s.start, s.end, s.text, f"{s.value:g} {s.unit}" + (f", {s.subject}" if s.subject else ""), s.page, s.rule)
    for t in f.themes:
        for ev in t.evidence:
            add("theme", ev.start, ev.end, ev.text, t.label, ev.page, t.method or t.rule)
    for r in f.remedies:
        amount = f" £{r.amount_gbp:,.0f}" if r.amount_gbp else ""
        add("remedy", r.start, r.end, r.text, f"{r.type}{amount}", r.page, r.rule)
    return out


def _highlight(text: str, spans: list[dict[str, Any]]) -> Markup:
    """The text with each span in a numbered <mark>; spans nest, and a span that would cross
    another is listed but not marked (HTML cannot cross two marks)."""
    spans = sorted(spans, key=lambda s: (s["start"], -s["end"]))
    parts: list[str] = []
    stack: list[int] = []
    pos = 0
    marked: list[dict[str, Any]] = []
    for s in spans:
        while stack and stack[-1] <= s["start"]:
            parts.append(str(escape(text[pos : stack[-1]])) + "</mark>")
            pos = stack.pop()
        if stack and s["end"] > stack[-1]:
            continue  # crosses the mark it starts in
        parts.append(str(escape(text[pos : s["start"]])))
        pos = s["start"]
        anchor = f'<span id="at-{s["start"]}"></span>' if s["type"] == "theme" else ""
        parts.append(f'{anchor}<mark id="m-{s["n"]}" data-type="{s["type"]}" title="{escape(s["detail"])}">')
        parts.append(f'<a href="#f-{s["n"]}"><sup>{s["n"]}</sup></a>')
        stack.append(s["end"])
        marked.append(s)
    while stack:
        parts.append(str(escape(text[pos : stack[-1]])) + "</mark>")
        pos = stack.pop()
    parts.append(str(escape(text[pos:])))
    return Markup("".join(parts))


def write_document(folder: Path, f: Findings, text: str | None, council_key: str, council_name: str) -> None:
    spans = [s for s in _spans(f) if text is None or s["end"] <= len(text)]
    spans.sort(key=lambda s: (s["start"], -s["end"]))
    for n, s in enumerate(spans, 1):
        s["n"] = n
    labels = dict(TYPES)
    groups = [{"label": labels[t], "items": [s for s in spans if s["type"] == t]} for t, _ in TYPES]
    _render(
        folder / "documents" / f"{f.doc_id}.html",
        "document.html",
        "../",
        title=f.title or f.doc_id,
        kind=f.source.kind,
        source=f.source.path or f.doc_id,
        date=f.published,
        council_slug=slug(council_key),
        council_name=council_name,
        legend=list(TYPES),
        body=_highlight(text, spans) if text is not None else Markup("<em>The store holds no text for this document.</em>"),
        groups=[g for g in groups if g["items"]],
    )


# -- the whole archive ----------------------------------------------------------------------------


def build_report(out: str | Path, report_dir: str | Path, *, force: bool = False) -> ReportSummary:
    """Write the report for the tagged archive ``out`` (the folder of ``caretext tag``) into
    ``report_dir``; returns what was written. Raises :class:`ReportError` when ``report_dir`` holds
    files caretext did not write (unless ``force``), and the store's own errors for a folder that
    is not a tagged archive."""
    from caretext.store import StoreReader

    started = time.perf_counter()
    folder = Path(report_dir)
    with StoreReader(out) as reader:
        _prepare(folder, force)
        errors = sum(1 for _ in reader.errors())

        def each(f: Findings, key: str, name: str) -> None:
            write_document(folder, f, reader.text(f.doc_id), key, name)

        archive = read_archive(reader.findings(), each=each)
    league = league_table(archive)
    tables = overview_tables(archive)
    overview = _overview_charts(tables)
    councils_pages, council_specs = _council_pages(archive, league)
    # every chart drawn in one go, by worker processes when there are many
    svgs = charts.render(list(overview.values()) + council_specs)
    pages = len(archive.documents) + _write_overview(folder, archive, league, tables, errors, dict(zip(overview, svgs)))
    rest = svgs[len(overview) :]
    for k, (key, context) in enumerate(councils_pages):
        context["charts"] = {"years": rest[2 * k], "compared": rest[2 * k + 1]}
        _render(folder / "councils" / f"{slug(key)}.html", "council.html", "../", **context)
    pages += len(councils_pages)
    _write_csv(folder, archive, league, tables)
    councils = len(set(archive.documents["council"]) | set(archive.press))
    return ReportSummary(folder, len(archive.documents), councils, pages, round(time.perf_counter() - started, 2))


def _league_rows(archive: Archive, league: pd.DataFrame) -> list[dict[str, Any]]:
    decisions = archive.documents[archive.documents["kind"] == "decision"]
    facets = {
        str(key): {
            "categories": "|".join(sorted(set(group["category"].dropna()))),
            "subcategories": "|".join(sorted(set(group["subcategory"].dropna()))),
            "years": "|".join(sorted(set(group["year"]))),
        }
        for key, group in decisions.groupby("council")
    }
    return [{**row, **facets.get(str(row["council"]), {}), "slug": slug(str(row["council"]))} for row in records(league)]


def _overview_charts(tables: dict[str, pd.DataFrame]) -> dict[str, dict[str, Any] | None]:
    return {
        "kinds": charts.bars(tables["kinds"], "kind", "documents", "Documents by kind"),
        "outcomes": charts.bars(tables["outcomes"], "outcome", "documents", "Decisions by outcome"),
        "categories": charts.bars(tables["categories"], "category", "documents", "Decisions by category"),
        "subcategories": charts.bars(tables["subcategories"].head(20), "subcategory", "documents", "Decisions by subcategory (top 20)"),
        "themes": charts.bars(tables["themes"], "theme", "documents", "Fault themes"),
        "remedies": charts.bars(tables["remedies"], "type", "remedies", "Remedies agreed"),
        "years": charts.spec("by_year", tables["years"], "Decisions by year and outcome"),
    }


def _write_overview(
    folder: Path, archive: Archive, league: pd.DataFrame, tables: dict[str, pd.DataFrame], errors: int, chart: dict[str, Markup]
) -> int:
    decisions = archive.documents[archive.documents["kind"] == "decision"]
    rows = _league_rows(archive, league)
    context = {
        "n_documents": len(archive.documents),
        "n_decisions": len(decisions),
        "n_councils": int((league["council"] != UNKNOWN).sum()),
        "errors": errors,
        "overall": float(league["overall_rate"].iloc[0]) if len(league) else 0.0,
        "payments": float(decisions["payments_gbp"].sum()),
        "charts": chart,
        "tables": {k: records(v) for k, v in tables.items()},
        "league": rows,
        "categories": sorted(set(decisions["category"].dropna())),
        "subcategories": sorted(set(decisions["subcategory"].dropna())),
        "years": sorted(set(decisions["year"])),
    }
    _render(folder / "index.html", "overview.html", "", title="Overview", **context)
    press_only = [
        {"slug": slug(k), "name": archive.names.get(k, k), "articles": len(v)}
        for k, v in sorted(archive.press.items(), key=lambda kv: archive.names.get(kv[0], kv[0]))
        if k not in set(league["council"])
    ]
    _render(folder / "councils.html", "councils.html", "", title="Councils", league=rows, press_only=press_only)
    docs = archive.documents.sort_values(["date", "title"], na_position="last")
    # the document list in pages of DOCS_PER_PAGE rows, so that no page grows with the archive
    chunks = [docs.iloc[i : i + DOCS_PER_PAGE] for i in range(0, len(docs), DOCS_PER_PAGE)] or [docs]
    names = ["documents.html"] + [f"documents-{k}.html" for k in range(2, len(chunks) + 1)]
    for k, chunk in enumerate(chunks):
        _render(folder / names[k], "documents.html", "", title="Documents", documents=records(chunk),
                pages=names, current=k)  # fmt: skip
    return 2 + len(chunks)


def _council_pages(archive: Archive, league: pd.DataFrame) -> tuple[list[tuple[str, dict[str, Any]]], list[dict[str, Any] | None]]:
    """Each council page's context, and its two chart specs (drawn later, with all the others).
    Plain counting over rows grouped once: per-council DataFrame work cost more than the pages."""
    docs = archive.documents
    decisions = records(docs[docs["kind"] == "decision"])
    overall_counts = Counter(d["outcome"] or UNKNOWN for d in decisions)
    overall = {o: n / len(decisions) for o, n in overall_counts.items()} if decisions else {}
    by_key = {str(r["council"]): r for r in records(league)}
    titles = dict(zip(docs["doc_id"], docs["title"]))
    by_council: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for d in decisions:
        by_council[str(d["council"])].append(d)
    themes_of: dict[str, Counter[str]] = defaultdict(Counter)
    for t in records(archive.themes[archive.themes["kind"] == "decision"]):
        themes_of[str(t["council"])][t["theme"]] += 1
    remedies_of: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for r in records(archive.remedies):
        remedies_of[str(r["council"])][r["type"]].append(r["amount_gbp"] or 0.0)
    keys = sorted(set(by_council) | set(archive.press))
    pages: list[tuple[str, dict[str, Any]]] = []
    specs: list[dict[str, Any] | None] = []
    for key in keys:
        mine = sorted(by_council.get(key, []), key=lambda d: d["date"] or "9999")
        counts = Counter((d["year"], d["outcome"] or UNKNOWN) for d in mine)
        years = [{"year": y, "outcome": o, "decisions": n} for (y, o), n in sorted(counts.items())]
        share_counts = Counter(d["outcome"] or UNKNOWN for d in mine)
        share = {o: n / len(mine) for o, n in share_counts.items()} if mine else {}
        compared = [
            {"outcome": o, "series": series, "share": round(values.get(o, 0.0), 4)}
            for o in sorted(set(overall) | set(share))
            for series, values in (("this council", share), ("all councils", overall))
        ] if mine else []
        theme_rows = [
            {
                "theme": theme,
                "documents": count,
                "evidence": [{**ev, "title": titles.get(ev["doc_id"], ev["doc_id"])} for ev in archive.evidence.get((key, theme), [])],
            }
            for theme, count in themes_of[key].most_common()
        ]
        remedy_rows = [
            {"type": t, "remedies": len(v), "payments_gbp": float(sum(v))}
            for t, v in sorted(remedies_of[key].items(), key=lambda item: -len(item[1]))
        ]
        specs += [charts.spec("by_year", pd.DataFrame(years), "Decisions by year and outcome"),
                  charts.spec("compared", pd.DataFrame(compared), "Outcome mix")]  # fmt: skip
        pages.append((key, {
            "title": archive.names.get(key, key),
            "key": key,
            "name": archive.names.get(key, key),
            "row": by_key.get(key),
            "tables": {"years": years, "compared": compared},
            "themes": theme_rows,
            "remedies": remedy_rows,
            "decisions": mine,
            "press": sorted(archive.press.get(key, []), key=lambda a: a["date"] or "9999"),
        }))  # fmt: skip
    return pages, specs


def _write_csv(folder: Path, archive: Archive, league: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> None:
    data = folder / "data"
    league.to_csv(data / "league.csv", index=False)
    archive.documents.to_csv(data / "documents.csv", index=False)
    for name, frame in tables.items():
        frame.to_csv(data / f"{name}.csv", index=False)
