"""The README's pictures of `caretext report`: the overview and one council page of the bundled sample.

Run: ``.venv/bin/python scripts/report_screenshots.py`` (tags corpora/sample into a temporary OUT, writes the
report, opens it in Debian's chromium with the network off, saves docs/report-overview.png and
docs/report-council.png). The sample corpus is the project's own text.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        print("install Debian's chromium first (apt-get install chromium)")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        out, report = Path(tmp) / "out", Path(tmp) / "report"
        caretext = [sys.executable, "-m", "caretext.cli"]
        subprocess.run([*caretext, "tag", str(ROOT / "corpora" / "sample"), "-o", str(out)], check=False)
        subprocess.run([*caretext, "report", str(out), "-o", str(report)], check=True)
        council = max((report / "councils").glob("E*.html"), key=lambda p: p.stat().st_size)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = browser.new_context(offline=True, viewport={"width": 1280, "height": 1000}).new_page()
            page.goto((report / "index.html").as_uri())
            page.screenshot(path=str(ROOT / "docs" / "report-overview.png"))
            page.goto(council.as_uri())
            page.screenshot(path=str(ROOT / "docs" / "report-council.png"))
            browser.close()
    print("docs/report-overview.png, docs/report-council.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
