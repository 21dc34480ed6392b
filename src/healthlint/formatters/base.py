"""What every formatter receives: a finished, immutable :class:`Report`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Mapping, Protocol

from healthlint.diagnostic import Diagnostic, Level
from healthlint.errors import HealthlintError, PluginError, RuleError
from healthlint.model import RuleInfo as RuleInfo  # re-exported for formatters


def _no_source(path: str) -> str | None:
    return None


@dataclass(frozen=True, slots=True)
class Report:
    """The result of a run, handed to a formatter."""

    diagnostics: tuple[Diagnostic, ...]
    rules: Mapping[str, RuleInfo] = field(default_factory=dict)
    #: paths that were linted, in order
    files: tuple[str, ...] = ()
    #: per-file errors (unreadable, undecodable ...)
    errors: tuple[HealthlintError, ...] = ()
    version: str = ""
    fail_level: Level = Level.WARNING
    #: returns the source text of a linted path (for formats that show it)
    source_of: Callable[[str], str | None] = _no_source

    def counts(self) -> Counter[Level]:
        return Counter(d.level for d in self.diagnostics)

    def summary_line(self) -> str:
        """``Found 12 problems (2 errors, 9 warnings, 1 suggestion) in 5 files.``"""
        c = self.counts()
        n = len(self.diagnostics)
        touched = {d.path for d in self.diagnostics}
        # a file that could not be read or linted is never "no problems" (the exit code is 2);
        # one with findings and an error (a rule stopped in it) was linted, but only in part;
        # an error at a rule's own file (a pattern stopped for taking too long) is the rule's
        linted = set(self.files)
        of_rules = {e.path for e in self.errors if isinstance(e, (RuleError, PluginError)) and e.path not in linted}
        broken = {e.path for e in self.errors} - of_rules
        failed = broken - touched
        nfiles = sum(1 for f in self.files if f not in failed)
        files = f"{nfiles} file{'s' if nfiles != 1 else ''}"
        trouble = "; ".join(
            f"{k} {what}"
            for k, what in (
                (len(failed), "file could not be linted" if len(failed) == 1 else "files could not be linted"),
                (len(broken & touched), "file was checked only in part" if len(broken & touched) == 1 else "files were checked only in part"),
                (len(of_rules), "rule failed" if len(of_rules) == 1 else "rules failed"),
            )
            if k
        )
        if not n:
            return f"{trouble[0].upper()}{trouble[1:]} (see the errors above)." if trouble else f"No problems found in {files}."
        parts = []
        for level in (Level.ERROR, Level.WARNING, Level.SUGGESTION):
            k = c.get(level, 0)
            if k:
                parts.append(f"{k} {level.value}{'s' if k != 1 else ''}")
        return (
            f"Found {n} problem{'s' if n != 1 else ''} ({', '.join(parts)}) "
            f"in {len(touched)} of {files}" + (f"; {trouble}." if trouble else ".")
        )


class Formatter(Protocol):
    """An output format: renders a whole report to one string.

    A format printed line by line may also have ``lines(report, *, color=False)``, an iterator
    of the same lines without their line ends: the command then writes them as they come and
    never holds the whole report (31,000 findings: about 20 MB at the end of a run).
    """

    name: str

    def render(self, report: Report, *, color: bool = False) -> str: ...
