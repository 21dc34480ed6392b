"""Helpers shared by the CI formatters: paths, source lines, encoded columns, fingerprints.

Fingerprint recipe (SARIF ``partialFingerprints`` and GitLab ``fingerprint``):
SHA-256 over a recipe tag, the normalized path, the rule name, the matched text and
the text of the line(s) the span is on (whitespace collapsed, so re-indenting or
CRLF/LF changes do not matter), then ``:<n>``, the finding's rank among findings
with the same hash in that file, in position order. Line numbers never enter it, so
an edit elsewhere in the file keeps every fingerprint; editing the flagged line
itself gives a new one, as GitHub's own line hash does. A document-level finding
hashes the path and rule only. Without source text the line part is empty.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter

from healthlint.diagnostic import Diagnostic
from healthlint.document import LineIndex
from healthlint.formatters.base import Report

#: where users find healthlint (SARIF ``informationUri``, rdjson ``source.url``)
INFORMATION_URI = "https://pypi.org/project/healthlint/"

_FINGERPRINT_TAG = "healthlint-fingerprint/1"
_MAX_CONTEXT_LINES = 20
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (controls, lone surrogates, U+FFFE/F)."""
    return _XML_ILLEGAL.sub("", text)


def is_document_level(d: Diagnostic) -> bool:
    """True for a finding about the whole document (no span to underline)."""
    return d.start == d.end and (d.line, d.column) == (d.end_line, d.end_column)


def is_multiline(d: Diagnostic) -> bool:
    """True when the span ends on a later line than it starts."""
    return d.end_line > d.line


def relative_path(path: str, *, cwd: str | None = None) -> str:
    """``path`` with ``/`` separators, relative to ``cwd`` when it lies inside it."""
    if os.path.isabs(path):
        base = cwd if cwd is not None else os.getcwd()
        try:
            rel = os.path.relpath(path, base)
        except ValueError:  # another drive on Windows
            rel = path
        if rel != ".." and not rel.startswith(".." + os.sep):
            path = rel
    if os.sep != "/":
        path = path.replace(os.sep, "/")
    while path.startswith("./"):
        path = path[2:]
    return path


class Sources:
    """The source lines of a report's files, each file split once (no line endings)."""

    def __init__(self, report: Report) -> None:
        self._source_of = report.source_of
        self._cache: dict[str, tuple[str, LineIndex] | None] = {}

    def line(self, path: str, line: int) -> str | None:
        """The text of 1-based ``line`` of ``path``, or None when unknown."""
        if path not in self._cache:
            source = self._source_of(path)
            self._cache[path] = None if source is None else (source, LineIndex.from_source(source))
        entry = self._cache[path]
        if entry is None:
            return None
        source, index = entry
        if not 1 <= line <= len(index.line_starts):
            return None
        start, end = index.line_span(line, source)
        return source[start:end]

    def has(self, path: str) -> bool:
        """True when the source text of ``path`` is available."""
        return self.line(path, 1) is not None


def encoded_column(line_text: str | None, column: int, encoding: str) -> int:
    """A 1-based code-point column as a 1-based column in UTF-16 code units or UTF-8 bytes."""
    if line_text is None or column <= 1:
        return column
    prefix = line_text[: column - 1]
    beyond = column - 1 - len(prefix)
    raw = prefix.encode("utf-16-le" if encoding == "utf-16" else "utf-8", "surrogatepass")
    units = len(raw) // 2 if encoding == "utf-16" else len(raw)
    return units + beyond + 1


def _normalize(text: str) -> str:
    return " ".join(text.split())


def _base_hash(d: Diagnostic, sources: Sources) -> str:
    parts = [_FINGERPRINT_TAG, relative_path(d.path), d.rule]
    if is_document_level(d):
        parts.append("<document>")
    else:
        last = min(d.end_line, d.line + _MAX_CONTEXT_LINES - 1)
        lines = (sources.line(d.path, n) for n in range(d.line, last + 1))
        parts += [_normalize(d.match), _normalize(" ".join(t for t in lines if t is not None))]
    data = "\x1f".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:32]


def fingerprints(report: Report, sources: Sources) -> tuple[str, ...]:
    """One stable ``<32 hex>:<n>`` per diagnostic of ``report``, in the same order."""
    diags = report.diagnostics
    bases = [_base_hash(d, sources) for d in diags]
    order = sorted(
        range(len(diags)),
        key=lambda i: (bases[i], diags[i].line, diags[i].column, diags[i].end_line, diags[i].end_column),
    )
    seen: Counter[str] = Counter()
    out = [""] * len(diags)
    for i in order:
        seen[bases[i]] += 1
        out[i] = f"{bases[i]}:{seen[bases[i]]}"
    return tuple(out)
