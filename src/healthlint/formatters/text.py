"""The default, compiler-style output: ``path:line:col: severity: message [Rule]``."""

from __future__ import annotations

import re
from dataclasses import replace

from healthlint.diagnostic import Level
from healthlint.formatters.base import Report

_COLORS = {Level.ERROR: "\x1b[1;31m", Level.WARNING: "\x1b[1;33m", Level.SUGGESTION: "\x1b[1;36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
#: control characters (a line break in a file name, an escape sequence quoted from an article) and
#: bidirectional overrides, which a terminal would obey: text formats show them as U+FFFD
CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]")


def visible(text: str) -> str:
    """``text`` with its control and bidirectional-override characters shown as U+FFFD."""
    return CONTROL.sub("\ufffd", text)


class TextFormatter:
    name = "text"

    def render(self, report: Report, *, color: bool = False) -> str:
        lines = []
        for d in report.diagnostics:
            if CONTROL.search(d.path) or CONTROL.search(d.message):  # one line each, nothing for the terminal to obey
                d = replace(d, path=visible(d.path), message=visible(d.message))
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
