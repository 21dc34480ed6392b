"""Vale's ``line`` output: ``path:line:column:Style.Rule:message``, one alert per line.

No severity, no end column and no summary line, exactly as ``vale --output=line``
prints it, so scripts written for Vale keep working.
"""

from __future__ import annotations

from typing import Iterator

from healthlint.escape import terminal
from healthlint.formatters.base import Report


class LineFormatter:
    name = "line"

    def lines(self, report: Report, *, color: bool = False) -> Iterator[str]:
        return (terminal(f"{d.path}:{d.line}:{d.column}:{d.rule}:{d.message}") for d in report.diagnostics)

    def render(self, report: Report, *, color: bool = False) -> str:
        return "".join(line + "\n" for line in self.lines(report))
