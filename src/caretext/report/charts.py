"""Charts as inline SVG: Vega-Lite specs (Altair) rendered offline by vl-convert.

vl-convert carries its own Vega runtime, so a chart is drawn at build time into an SVG string and
the page needs no script, font or network to show it. Every chart encodes its categories on an
axis and prints its values as text, so nothing is told by colour alone; the page also puts the
chart's table beside it.

A report draws hundreds of small charts of a few shapes, so each shape's spec is made once by
Altair and only its data is swapped per chart (:func:`spec`), and many specs are rendered by
worker processes (:func:`render`).
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from typing import Any

import altair as alt
import pandas as pd
import vl_convert as vlc
from markupsafe import Markup, escape

from caretext.report.aggregate import records

#: one accessible palette (Okabe-Ito); marks use one colour, panels and labels tell series apart
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
#: the chart shapes and the columns each one reads
SHAPES = {
    "bars": ("category", "value"),
    "by_year": ("year", "outcome", "decisions"),
    "compared": ("outcome", "series", "share"),
}


@cache
def _template(shape: str) -> tuple[str, str]:
    """(spec as JSON, the name of its dataset) for one chart shape, made once by Altair."""
    empty = pd.DataFrame({c: pd.Series(dtype="object") for c in SHAPES[shape]})
    if shape == "bars":
        base = alt.Chart(empty).encode(
            y=alt.Y("category:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("value:Q", title=None),
        )
        chart = base.mark_bar(color=PALETTE[0]) + base.mark_text(align="left", dx=3).encode(text="value:Q")
    elif shape == "by_year":
        # a grid of numbers: years across, outcomes down, a dot sized by the count and the count written
        base = alt.Chart(empty).encode(x=alt.X("year:O", title="year"), y=alt.Y("outcome:N", title=None))
        chart = base.mark_circle(color=PALETTE[0], opacity=0.8).encode(
            size=alt.Size("decisions:Q", legend=None, scale=alt.Scale(range=[30, 600]))
        ) + base.mark_text(align="left", dx=10).encode(text="decisions:Q")
    else:
        base = alt.Chart(empty).encode(
            y=alt.Y("outcome:N", title=None),
            yOffset=alt.YOffset("series:N"),
            x=alt.X("share:Q", title="share of decisions", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1.15])),
        )
        chart = base.mark_bar(color=PALETTE[0]) + base.mark_text(align="left", dx=3, fontSize=10).encode(
            text="label:N"
        )
    spec = chart.to_dict(validate=False)
    (name,) = spec["datasets"]
    return json.dumps(spec), name


def spec(shape: str, frame: pd.DataFrame, title: str, width: int = 420) -> dict[str, Any] | None:
    """A chart spec of one shape for ``frame`` (None when there is nothing to draw)."""
    if frame.empty:
        return None
    text, name = _template(shape)
    out = json.loads(text)
    rows = records(frame)
    if shape == "compared":
        rows = [{**r, "label": f"{r['series']} {r['share']:.0%}"} for r in rows]
    if shape == "bars":
        height = min(22 * len(rows), 440)
    elif shape == "by_year":
        height = 26 * max(1, len({r["outcome"] for r in rows}))
    else:
        height = 44 * max(1, len({r["outcome"] for r in rows}))
    out["datasets"] = {name: rows}
    out.update(title=title, width=width, height=height)
    return out


def bars(frame: pd.DataFrame, category: str, value: str, title: str) -> dict[str, Any] | None:
    """Horizontal bars, one per category, each labelled with its value."""
    return spec("bars", frame[[category, value]].rename(columns={category: "category", value: "value"}).astype({"category": str}), title)


def _svg(item: dict[str, Any] | None) -> str:
    if item is None:
        return ""
    svg = vlc.vegalite_to_svg(item)
    # an accessible name for screen readers (the table beside it carries the numbers)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(str(item.get("title", "")))}" ', 1)


def render(specs: list[dict[str, Any] | None]) -> list[Markup]:
    """SVG for each spec (an empty string for None), drawn by worker processes, one per core for
    many charts. The calling process never starts vl-convert's JavaScript runtime itself: a process
    holding a running one cannot safely fork later (caretext tag forks its workers), and one
    runtime draws one chart at a time anyway. The SVG is vl-convert's own output from our data, so
    it goes into the page as markup."""
    import multiprocessing

    if not any(specs):
        return [Markup("") for _ in specs]
    workers = max(1, min(4, os.cpu_count() or 1, len(specs) // 16 + 1))
    # fork (not spawn, which re-runs the caller's script and needs a __main__ guard there); this
    # process has no JavaScript runtime of its own to copy
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return [Markup(svg) for svg in pool.map(_svg, specs, chunksize=16)]
