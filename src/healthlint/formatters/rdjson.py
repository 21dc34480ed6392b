"""``--format rdjson``: a reviewdog DiagnosticResult (``reviewdog -f=rdjson``).

reviewdog counts columns in UTF-8 bytes (1-based, end exclusive), so code-point
columns are converted with the file's source; without it they stay code points,
which agree for ASCII lines. A document-level finding has a line-only range.
"""

from __future__ import annotations

import json
from typing import Any

from healthlint.diagnostic import Diagnostic, Level
from healthlint.formatters._common import (
    INFORMATION_URI,
    Sources,
    encoded_column,
    is_document_level,
    relative_path,
)
from healthlint.formatters.base import Report

SEVERITIES = {Level.ERROR: "ERROR", Level.WARNING: "WARNING", Level.SUGGESTION: "INFO"}


def _range(d: Diagnostic, sources: Sources) -> dict[str, Any]:
    if is_document_level(d):
        return {"start": {"line": d.line}}

    def position(line: int, column: int) -> dict[str, int]:
        return {"line": line, "column": encoded_column(sources.line(d.path, line), column, "utf-8")}

    return {"start": position(d.line, d.column), "end": position(d.end_line, d.end_column)}


def _diagnostic(d: Diagnostic, report: Report, sources: Sources) -> dict[str, Any]:
    span = _range(d, sources)
    code: dict[str, str] = {"value": d.rule}
    info = report.rules.get(d.rule)
    if info is not None and info.link:
        code["url"] = info.link
    out: dict[str, Any] = {
        "message": d.message,
        "location": {"path": relative_path(d.path), "range": span},
        "severity": SEVERITIES[d.level],
        "source": {"name": "healthlint", "url": INFORMATION_URI},
        "code": code,
    }
    if d.replacement is not None and not is_document_level(d):
        out["suggestions"] = [{"range": span, "text": d.replacement}]
    return out


class RdjsonFormatter:
    """reviewdog's rdjson: one DiagnosticResult with a diagnostic per finding."""

    name = "rdjson"

    def render(self, report: Report, *, color: bool = False) -> str:
        sources = Sources(report)
        payload = {
            "source": {"name": "healthlint", "url": INFORMATION_URI},
            "diagnostics": [_diagnostic(d, report, sources) for d in report.diagnostics],
        }
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
