"""The tunables of caretext in one place: limits that protect a batch, and the few numbers that shape
how findings are chosen.

Each is read from :data:`SETTINGS` by the module that uses it; change one here (or replace ``SETTINGS``
with ``dataclasses.replace(SETTINGS, ...)`` before a run) rather than hunting for a module constant. The
rule files in ``caretext/data`` hold the wording; this holds the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    # --- limits: what one document may cost (checked before the work, or enforced during it) ---------
    #: text and HTML files larger than this are refused before they are read
    max_text_bytes: int = 50 * 1024 * 1024
    #: PDFs larger than this are refused before they are read (real reports are a few MB)
    max_pdf_bytes: int = 300 * 1024 * 1024
    #: more pages than any real report (a page-tree bomb declares millions): refused before reading them
    max_pdf_pages: int = 3000
    #: characters a PDF may yield in all (a shared-stream bomb repeats one huge stream on every page)
    max_pdf_chars: int = 20_000_000
    #: above this many elements an HTML page is read line by line, not by the main-text extractor
    max_extractor_elements: int = 50_000
    #: seconds one document may take in a batch worker before it is stopped (``--timeout``)
    timeout_seconds: float = 120.0
    #: MB of memory one batch worker may use (``--max-memory``)
    max_memory_mb: int = 2048
    #: spaCy reads a long text in windows of at most this many characters
    chunk_chars: int = 100_000

    # --- how findings are chosen ---------------------------------------------------------------------
    #: evidence sentences reported per decision theme, and the shortest worth reporting
    max_theme_evidence: int = 2
    min_evidence_chars: int = 25
    #: score of an outcome the statement's stated finding settles, and of a theme a topical rule finds
    #: (those rules' precision on real decisions' tune part and the corpus' train split, rounded down)
    rule_outcome_score: float = 0.9
    rule_theme_score: float = 0.9


SETTINGS = Settings()
