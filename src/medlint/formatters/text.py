"""The default, compiler-style output: ``path:line:col: severity: message [Rule]``."""

from __future__ import annotations

from medlint.diagnostic import Level
from medlint.formatters.base import Report

_COLORS = {Level.ERROR: "\x1b[1;31m", Level.WARNING: "\x1b[1;33m", Level.SUGGESTION: "\x1b[1;36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


class TextFormatter:
    name = "text"

    def render(self, report: Report, *, color: bool = False) -> str:
        lines = []
        for d in report.diagnostics:
            if color:
                lines.append(
                    f"{_BOLD}{d.path}:{d.line}:{d.column}:{_RESET} "
                    f"{_COLORS[d.level]}{d.severity}:{_RESET} {d.message} "
                    f"{_DIM}[{d.rule}]{_RESET}"
                )
            else:
                lines.append(f"{d.path}:{d.line}:{d.column}: {d.severity}: {d.message} [{d.rule}]")
        lines.append(report.summary_line())
        return "\n".join(lines) + "\n"
