"""``--format full``: each finding with its source line and a caret underline.

Columns count code points. Tabs are expanded to the next multiple of four in the
shown line and the caret line alike, so the carets stay under the span; other control
and bidirectional-override characters are shown as U+FFFD (width 1) so that a source
line cannot move the terminal cursor or reorder the text above its carets. Every other
character, wide or not, counts as width 1.
"""

from __future__ import annotations

from healthlint.diagnostic import Diagnostic, Level
from healthlint.formatters._common import Sources, is_document_level, is_multiline
from healthlint.escape import defuse_runner_marks, terminal, terminal_lines
from healthlint.formatters.base import Report

TAB_WIDTH = 4

_COLORS = {Level.ERROR: "\x1b[1;31m", Level.WARNING: "\x1b[1;33m", Level.SUGGESTION: "\x1b[1;36m"}
_BOLD, _BLUE, _RESET = "\x1b[1m", "\x1b[1;34m", "\x1b[0m"
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def expand(text: str) -> tuple[str, tuple[int, ...]]:
    """The displayed form of a source line and the display column of each code point (plus end)."""
    shown: list[str] = []
    starts: list[int] = []
    width = 0
    for ch in text:
        starts.append(width)
        if ch == "\t":
            pad = TAB_WIDTH - width % TAB_WIDTH
            shown.append(" " * pad)
            width += pad
        elif ch == "\ufeff":
            continue  # a byte order mark shows as nothing
        elif ch in _BIDI or (ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0):
            shown.append("\ufffd")
            width += 1
        else:
            shown.append(ch)
            width += 1
    starts.append(width)
    return "".join(shown), tuple(starts)


class _Paint:
    """ANSI styling that is a no-op when colour is off."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, style: str, text: str) -> str:
        return f"{style}{text}{_RESET}" if self.color and text else text


#: a longer line (minified HTML is one line) is shown as a window around the span,
#: so a page with thousands of findings on one line is not expanded thousands of times
MAX_LINE = 500
_CONTEXT = 120


def _window(line_text: str, start: int, end: int) -> tuple[str, int, int]:
    """The part of a long line around 1-based columns ``[start, end)``, cut ends shown as ``…``."""
    if len(line_text) <= MAX_LINE:
        return line_text, start, end
    lo = max(start - 1 - _CONTEXT, 0)
    hi = min(end - 1 + _CONTEXT, len(line_text), lo + MAX_LINE)
    prefix = "…" if lo else ""
    shift = len(prefix) - lo
    text = prefix + line_text[lo:hi] + ("…" if hi < len(line_text) else "")
    return text, start + shift, min(end + shift, hi + shift + 1)


def _underline(line_text: str, column: int, end_column: int | None) -> tuple[str, str]:
    """The shown line and its caret line; ``end_column=None`` underlines to the line's end."""
    last = len(line_text) + 1
    start = min(max(column, 1), last)
    end = last if end_column is None else min(max(end_column, start), last)
    line_text, start, end = _window(line_text, start, end)
    shown, starts = expand(line_text)
    left = starts[start - 1]
    width = max(starts[end - 1] - left, 1)
    return defuse_runner_marks(shown), " " * left + "^" * width  # a zero-width space: the carets stay put


def _finding(d: Diagnostic, sources: Sources, paint: _Paint) -> str:
    sev = _COLORS[d.level]
    header = paint(sev, f"{d.severity}[{terminal(d.rule)}]") + paint(_BOLD, f": {terminal(d.message)}")
    line_text = None if is_document_level(d) else sources.line(d.path, d.line)
    width = len(str(d.line)) if line_text is not None else 1
    pad = " " * width
    out = [header, f"{pad}{paint(_BLUE, '-->')} {terminal(d.path)}:{d.line}:{d.column}"]
    bar = paint(_BLUE, "|")
    if line_text is not None:
        multi = is_multiline(d)
        shown, carets = _underline(line_text, d.column, None if multi else d.end_column)
        out.append(f"{pad} {bar}")
        out.append(f"{paint(_BLUE, str(d.line).rjust(width))} {bar} {shown}".rstrip())
        out.append(f"{pad} {bar} {paint(sev, carets)}")
        if multi:
            out.append(f"{pad} {bar}")
            out.append(f"{pad} = {paint(_BOLD, 'note')}: the span ends at line {d.end_line}, column {d.end_column}")
    if d.replacement is not None:
        hint = f"replace with '{d.replacement}'" if d.replacement else f"remove '{d.match}'"
        out.append(f"{pad} = {paint(_BOLD, 'help')}: {terminal(hint)}")
    return "\n".join(out)


class FullFormatter:
    """Findings as ``severity[Rule]: message``, ``--> path:line:col`` and an underlined source line."""

    name = "full"

    def render(self, report: Report, *, color: bool = False) -> str:
        sources = Sources(report)
        paint = _Paint(color)
        blocks = [_finding(d, sources, paint) for d in report.diagnostics]
        blocks += [paint(_COLORS[Level.ERROR], terminal_lines(str(e))) for e in report.errors]
        blocks.append(report.summary_line())
        return "\n\n".join(blocks) + "\n"
