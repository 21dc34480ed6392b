"""``--format gitlab``: a GitLab Code Quality report (a JSON array of issues).

Severity: error → ``major``, warning → ``minor``, suggestion → ``info``. ``critical``
and ``blocker`` stay free for what GitLab's other scanners mean by them (a broken
build, a security hole); a wording finding, even one that must be fixed before
publishing, is a ``major`` issue, the same rank other linters give their errors, so
healthlint's findings sort sensibly beside theirs in the merge request widget. GitLab
shows only ``description``, so it ends with the rule name in brackets, as in healthlint's
text output. Columns count code points; the fingerprint is the line-independent one
described in :mod:`healthlint.formatters._common`, hashed once more to plain hex.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from healthlint.diagnostic import Diagnostic, Level
from healthlint.formatters._common import Sources, fingerprints, is_document_level, relative_path
from healthlint.formatters.base import Report

SEVERITIES = {Level.ERROR: "major", Level.WARNING: "minor", Level.SUGGESTION: "info"}


def _location(d: Diagnostic) -> dict[str, Any]:
    path = relative_path(d.path)
    if is_document_level(d):
        return {"path": path, "lines": {"begin": d.line}}
    return {
        "path": path,
        "positions": {
            "begin": {"line": d.line, "column": d.column},
            "end": {"line": d.end_line, "column": d.end_column},
        },
    }


def _issue(d: Diagnostic, fingerprint: str) -> dict[str, Any]:
    return {
        "type": "issue",
        "description": f"{d.message} [{d.rule}]",
        "check_name": d.rule,
        "fingerprint": hashlib.sha256(fingerprint.encode()).hexdigest()[:32],
        "severity": SEVERITIES[d.level],
        "location": _location(d),
    }


class GitlabFormatter:
    """GitLab Code Quality issues, one per finding."""

    name = "gitlab"

    def render(self, report: Report, *, color: bool = False) -> str:
        prints = fingerprints(report, Sources(report))
        issues = [_issue(d, fp) for d, fp in zip(report.diagnostics, prints)]
        return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
