"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Columns: SARIF counts columns in UTF-16 code units unless ``run.columnKind`` says
otherwise, and GitHub and the common viewers assume that default. So when the source
of every reported file is available, healthlint converts its code-point columns to UTF-16
and states ``"columnKind": "utf16CodeUnits"``; when a source is missing the run keeps
code points and says ``"unicodeCodePoints"``, so the numbers are exact either way.
Fingerprints are line-number independent (see :mod:`healthlint.formatters._common`) and go
in ``partialFingerprints.primaryLocationLineHash``, the key GitHub matches alerts on, so
an alert keeps its identity when lines are inserted above it.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from healthlint.diagnostic import Diagnostic, Level
from healthlint.escape import markdown_text, markdown_url
from healthlint.formatters._common import (
    INFORMATION_URI,
    Sources,
    encoded_column,
    fingerprints,
    is_document_level,
    relative_path,
)
from healthlint.formatters.base import Report, RuleInfo

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#: GitHub's limit on rule descriptions
_TEXT_LIMIT = 1024
_LEVELS = {Level.ERROR: "error", Level.WARNING: "warning", Level.SUGGESTION: "note"}


def _clip(text: str) -> str:
    return text if len(text) <= _TEXT_LIMIT else text[: _TEXT_LIMIT - 1] + "…"


def _rule(info: RuleInfo) -> dict[str, Any]:
    short = info.description or info.message or info.name
    full = "\n\n".join(p for p in (info.description, info.rationale) if p) or short
    help_text = info.rationale or short
    markdown = markdown_text(help_text) + (f"\n\n[Rule documentation](<{markdown_url(info.link)}>)" if info.link else "")
    rule: dict[str, Any] = {
        "id": info.name,
        "name": info.name,
        "shortDescription": {"text": _clip(short)},
        "fullDescription": {"text": _clip(full)},
        "help": {"text": help_text, "markdown": markdown},
        "defaultConfiguration": {"level": _LEVELS[info.level]},
    }
    if info.link:
        rule["helpUri"] = info.link
    return rule


def _uri(path: str) -> dict[str, str]:
    rel = relative_path(path)
    if rel.startswith("/"):
        return {"uri": "file://" + quote(rel)}
    return {"uri": quote(rel), "uriBaseId": "%SRCROOT%"}


class _Regions:
    """Regions of findings, in UTF-16 columns or code points."""

    def __init__(self, sources: Sources, *, utf16: bool) -> None:
        self.sources = sources
        self.utf16 = utf16

    def column(self, path: str, line: int, column: int) -> int:
        if not self.utf16:
            return column
        return encoded_column(self.sources.line(path, line), column, "utf-16")

    def region(self, d: Diagnostic) -> dict[str, Any]:
        start = self.column(d.path, d.line, d.column)
        if is_document_level(d):
            return {"startLine": d.line, "startColumn": start}
        return {
            "startLine": d.line,
            "startColumn": start,
            "endLine": d.end_line,
            "endColumn": self.column(d.path, d.end_line, d.end_column),
        }


def _result(d: Diagnostic, index: int, fingerprint: str, regions: _Regions) -> dict[str, Any]:
    region = regions.region(d)
    location = {"artifactLocation": _uri(d.path), "region": dict(region)}
    if d.match and not is_document_level(d):
        location["region"]["snippet"] = {"text": d.match}
    result: dict[str, Any] = {
        "ruleId": d.rule,
        "ruleIndex": index,
        "level": _LEVELS[d.level],
        "message": {"text": d.message or d.rule},
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {"primaryLocationLineHash": fingerprint},
    }
    if d.replacement is not None and not is_document_level(d):
        change = {
            "artifactLocation": _uri(d.path),
            "replacements": [{"deletedRegion": region, "insertedContent": {"text": d.replacement}}],
        }
        what = f"Replace with '{d.replacement}'" if d.replacement else f"Remove '{d.match}'"
        result["fixes"] = [{"description": {"text": what}, "artifactChanges": [change]}]
    return result


def _notification(error: Exception) -> dict[str, Any]:
    note: dict[str, Any] = {"level": "error", "message": {"text": getattr(error, "message", str(error))}}
    path = getattr(error, "path", "")
    if path:
        physical: dict[str, Any] = {"artifactLocation": _uri(path)}
        line = getattr(error, "line", 0)
        if line:
            physical["region"] = {"startLine": line}
        note["locations"] = [{"physicalLocation": physical}]
    return note


def sarif_log(report: Report) -> dict[str, Any]:
    """The SARIF log of ``report`` as a JSON-ready mapping."""
    sources = Sources(report)
    infos = dict(sorted(report.rules.items()))
    for d in report.diagnostics:
        infos.setdefault(d.rule, RuleInfo(name=d.rule, level=d.level))
    index = {name: i for i, name in enumerate(infos)}
    utf16 = all(sources.has(d.path) for d in report.diagnostics)
    regions = _Regions(sources, utf16=utf16)
    prints = fingerprints(report, sources)
    driver: dict[str, Any] = {"name": "healthlint", "informationUri": INFORMATION_URI}
    if report.version:
        driver["version"] = report.version
    driver["rules"] = [_rule(info) for info in infos.values()]
    invocation: dict[str, Any] = {"executionSuccessful": not report.errors}
    if report.errors:
        invocation["toolExecutionNotifications"] = [_notification(e) for e in report.errors]
    run = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "columnKind": "utf16CodeUnits" if utf16 else "unicodeCodePoints",
        "results": [
            _result(d, index[d.rule], fp, regions) for d, fp in zip(report.diagnostics, prints)
        ],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


class SarifFormatter:
    """One SARIF 2.1.0 run with the rules used and one result per finding."""

    name = "sarif"

    def render(self, report: Report, *, color: bool = False) -> str:
        return json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"
