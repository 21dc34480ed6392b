"""Exact positions: every segment agrees with the source, every diagnostic's match is its span."""

from __future__ import annotations

from pathlib import Path

import pytest

from healthlint.api import Linter
from healthlint.config import Config
from healthlint.decode import decode
from healthlint.parse import EXTENSIONS
from healthlint.parse.build import build_document

from conftest import FIXTURES, ROOT, SEEDS


def _articles() -> list[Path]:
    roots = [SEEDS, FIXTURES, ROOT / "tests" / "corpus"]
    out = []
    for root in roots:
        if root.is_dir():
            out.extend(p for p in sorted(root.rglob("*")) if p.suffix.lower() in EXTENSIONS and p.is_file())
    return out


ARTICLES = _articles()


def test_there_are_articles_of_every_format() -> None:
    formats = {EXTENSIONS[p.suffix.lower()] for p in ARTICLES}
    assert formats == {"markdown", "html", "text"}
    assert len([p for p in ARTICLES if p.parent == SEEDS]) == 5


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_segments_agree_with_source(path: Path) -> None:
    source = decode(path.read_bytes(), str(path))
    doc = build_document(str(path), source, EXTENSIONS[path.suffix.lower()])
    assert doc.segments, "every article has prose"
    for seg in doc.segments:
        assert 0 <= seg.span.start <= seg.span.end <= len(source)
        for i, ch in enumerate(seg.text):
            if not ch.isspace():
                assert ch == source[seg.span.start + i], (seg.kind, seg.span, i)
    assert len(doc.prose) == len(source)
    for c in doc.citations:
        assert 0 <= c.span.start < c.span.end <= len(source)


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(Config())


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_diagnostic_points_at_its_words(path: Path, linter: Linter) -> None:
    source = decode(path.read_bytes(), str(path))
    diags, errors = linter.lint_text_with_errors(source, path=str(path), format=EXTENSIONS[path.suffix.lower()])
    assert not errors
    lines = source.splitlines(keepends=True)
    # the same (line, column) computed independently from the raw text
    for d in diags:
        assert d.match == source[d.start : d.end]
        if d.start == d.end:
            continue
        assert d.match.strip() == d.match, "a span never starts or ends in white space"
        before = source[: d.start]
        line = before.count("\n") - before.count("\r\n") + before.count("\r") + 1
        assert d.line == line
        assert d.column == d.start - max(before.rfind("\n"), before.rfind("\r")) 
        assert "".join(lines)[d.start : d.end] == d.match
