"""caretext: structured, evidenced findings from LGSCO decisions and press coverage.

The public API is a few verbs::

    import caretext
    doc = caretext.extract_text("decision.pdf")      # clean, page-mapped text
    findings = caretext.analyze("decision.pdf")      # the findings contract
    for result in caretext.tag(["archive/"]):        # many files, errors included
        ...
    archive = caretext.open_store("out/")            # a tagged OUT folder
    archive.to_pandas("remedies")                    # long tables (caretext.io.tables)
"""

from caretext.analysis import analyze
from caretext.document import Document, PageSpan, RemovedSpan
from caretext.findings import ErrorRecord, Findings
from caretext.ingest import extract_text
from caretext.store import StoreReader, open_store
from caretext.tagging import tag

__version__ = "0.1.0"

__all__ = [
    "Document",
    "ErrorRecord",
    "Findings",
    "PageSpan",
    "RemovedSpan",
    "StoreReader",
    "__version__",
    "analyze",
    "extract_text",
    "open_store",
    "tag",
]
