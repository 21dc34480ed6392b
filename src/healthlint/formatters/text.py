"""The default, compiler-style output: ``path:line:col: severity: message [Rule]``."""

from __future__ import annotations

from typing import Iterator

from healthlint.diagnostic import Level
from healthlint.escape import CONTROL, terminal
from healthlint.formatters.base import Report

_COLORS = {Level.ERROR: "\x1b[1;31m", Level.WARNING: "\x1b[1;33m", Level.SUGGESTION: "\x1b[1;36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
__all__ = ["CONTROL", "TextFormatter", "visible"]

#: control characters and bidirectional overrides shown as U+FFFD, runner commands defused
visible = terminal


class TextFormatter:
    name = "text"

    def lines(self, report: Report, *, color: bool = False) -> Iterator[str]:
        """Each finding's line, then the summary line (without their line ends)."""
        safe: dict[str, str] = {}  # paths and rule names repeat on every finding: each made safe once
        for d in report.diagnostics:
            path = safe.get(d.path)
            if path is None:
                path = safe[d.path] = terminal(d.path)
            rule = safe.get(d.rule)
            if rule is None:
                rule = safe[d.rule] = terminal(d.rule)
            message = terminal(d.message)  # one line each, nothing to obey
            if color:
                yield (
                    f"{_BOLD}{path}:{d.line}:{d.column}:{_RESET} "
                    f"{_COLORS[d.level]}{d.severity}:{_RESET} {message} "
                    f"{_DIM}[{rule}]{_RESET}"
                )
            else:
                yield f"{path}:{d.line}:{d.column}: {d.severity}: {message} [{rule}]"
        yield terminal(report.summary_line())

    def render(self, report: Report, *, color: bool = False) -> str:
        return "".join(line + "\n" for line in self.lines(report, color=color))
