"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

``line``/``col`` are 1-based and ``endColumn`` is exclusive (the column after the
span), as healthlint's own columns are; ``col``/``endColumn`` are left out when a span
covers several lines, which GitHub does not accept, and for document-level findings.
GitHub shows at most 10 annotations of each level per step (50 per job): past that,
the findings over the limit are printed as plain log lines in a collapsed group and
one ``::notice`` says how many were not shown and where to find them.
:func:`write_step_summary` puts every finding in the job summary as a table.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Iterator, Mapping

from healthlint.diagnostic import Diagnostic, Level
from healthlint.escape import markdown_cell, markdown_url, workflow_data, workflow_line, workflow_property
from healthlint.formatters._common import is_document_level, is_multiline, relative_path
from healthlint.formatters.base import Report

#: annotations GitHub shows per level in one step
PER_LEVEL_LIMIT = 10
#: GitHub's limit on one step's summary, in bytes
SUMMARY_LIMIT = 1024 * 1024

_COMMANDS = {Level.ERROR: "error", Level.WARNING: "warning", Level.SUGGESTION: "notice"}


#: a command's message and property values (kept under these names for plug-ins that import them)
escape_data = workflow_data
escape_property = workflow_property


def _text(d: Diagnostic) -> str:
    if d.replacement is None:
        return d.message
    hint = f"replace with '{d.replacement}'" if d.replacement else f"remove '{d.match}'"
    return f"{d.message}\nhelp: {hint}"


def annotation(d: Diagnostic) -> str:
    """The workflow command for one finding."""
    props = [("file", relative_path(d.path)), ("line", str(d.line))]
    if not is_document_level(d):
        props.append(("endLine", str(d.end_line)))
        if not is_multiline(d):
            props += [("col", str(d.column)), ("endColumn", str(d.end_column))]
    props.append(("title", d.rule))
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{_COMMANDS[d.level]} {joined}::{escape_data(_text(d))}"


def _error_annotation(error: Exception) -> str:
    path = getattr(error, "path", "")
    line = getattr(error, "line", 0)
    props = [("file", relative_path(path))] if path else []
    if path and line:
        props.append(("line", str(line)))
    props.append(("title", "healthlint"))
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::error {joined}::{escape_data(getattr(error, 'message', str(error)))}"


def _log_line(d: Diagnostic) -> str:
    """A plain log line: one line, no control character, nothing the runner reads as a command."""
    return workflow_line(f"- {relative_path(d.path)}:{d.line}:{d.column}: {d.severity}: {d.message} [{d.rule}]")


class GithubFormatter:
    """Workflow commands (``::error file=...::message``) within GitHub's annotation limits."""

    name = "github"

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ = os.environ if environ is None else environ

    def lines(self, report: Report, *, color: bool = False) -> Iterator[str]:
        """The annotations GitHub shows, then the others as log lines in a group, and a notice."""
        totals = Counter(d.level for d in report.diagnostics)
        totals[Level.ERROR] += len(report.errors)
        over = any(n > PER_LEVEL_LIMIT for n in totals.values())
        budget = {level: PER_LEVEL_LIMIT for level in Level}
        if over:
            budget[Level.SUGGESTION] -= 1  # room for the notice below
        shown = {level: max(0, min(n, budget[level])) for level, n in totals.items()}
        errors_shown = max(0, min(len(report.errors), budget[Level.ERROR]))
        n_hidden = sum(totals.values()) - sum(shown.values())
        yield from (_error_annotation(e) for e in report.errors[:errors_shown])
        yield from self._findings(report, budget, shown=True)
        if n_hidden:
            group = f"healthlint: {n_hidden} more findings"
            yield f"::group::{escape_data(group)}"
            yield from (workflow_line(f"- {e}") for e in report.errors[errors_shown:])
            yield from self._findings(report, budget, shown=False)
            yield "::endgroup::"
            where = f'this step\'s log (group "{group}")'
            if self._environ.get("GITHUB_STEP_SUMMARY"):
                where += " and in the job summary"
            total = len(report.diagnostics) + len(report.errors)
            note = (
                f"{n_hidden} of {total} findings are not shown as annotations: GitHub shows at most "
                f"{PER_LEVEL_LIMIT} errors, {PER_LEVEL_LIMIT} warnings and {PER_LEVEL_LIMIT} notices "
                f"per step. The full list is in {where}."
            )
            yield f"::notice title=healthlint::{escape_data(note)}"

    @staticmethod
    def _findings(report: Report, budget: Mapping[Level, int], *, shown: bool) -> Iterator[str]:
        """The findings within each level's budget as annotations (``shown``), or the others as log lines."""
        left = dict(budget)
        left[Level.ERROR] -= len(report.errors)
        for d in report.diagnostics:
            left[d.level] -= 1
            if (left[d.level] >= 0) == shown:
                yield annotation(d) if shown else _log_line(d)

    def render(self, report: Report, *, color: bool = False) -> str:
        return "".join(line + "\n" for line in self.lines(report, color=color))


_cell = markdown_cell


def step_summary_markdown(report: Report) -> str:
    """A Markdown table of every finding, for ``$GITHUB_STEP_SUMMARY`` (kept under 1 MiB)."""
    head = ["### healthlint", "", report.summary_line(), ""]  # counts only: nothing to escape
    if not report.diagnostics:
        return "\n".join(head) + "\n"
    head += ["| File | Line | Severity | Rule | Message |", "| --- | ---: | --- | --- | --- |"]
    size = sum(len(line.encode()) + 1 for line in head) + 200  # room for the last line
    rows: list[str] = []
    for d in report.diagnostics:
        link = report.rules[d.rule].link if d.rule in report.rules else ""
        rule = f"[{_cell(d.rule)}](<{markdown_url(link)}>)" if link.startswith(("https://", "http://")) else _cell(d.rule)
        row = f"| {_cell(relative_path(d.path))} | {d.line} | {d.severity} | {rule} | {_cell(d.message)} |"
        size += len(row.encode()) + 1
        if size > SUMMARY_LIMIT:
            rows += ["", f"{len(report.diagnostics) - len(rows)} more findings are not listed (size limit)."]
            break
        rows.append(row)
    return "\n".join(head + rows) + "\n"


def write_step_summary(report: Report, environ: Mapping[str, str]) -> bool:
    """Append the findings table to ``$GITHUB_STEP_SUMMARY``; False when unset or unwritable."""
    path = environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return False
    try:
        with open(path, "a", encoding="utf-8", errors="replace") as fh:
            fh.write(step_summary_markdown(report))
    except (OSError, ValueError):
        return False
    return True
