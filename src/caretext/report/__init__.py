"""``caretext report``: council profiles across decisions and press, as an offline HTML site.

:func:`build_report` writes the site (overview, a page per council, a page per document with its
findings highlighted, and the CSV files behind every chart); :func:`council_profiles` gives the
same aggregates as pandas DataFrames.
"""

from caretext.report.aggregate import council_profiles, wilson
from caretext.report.build import ReportError, ReportSummary, build_report

__all__ = ["ReportError", "ReportSummary", "build_report", "council_profiles", "wilson"]
