"""Titles and descriptions that search results show are read by the claim rules, once, at exact positions."""

from __future__ import annotations

import pytest

from healthlint import lint_text
from healthlint.document import SegmentKind
from healthlint.parse.build import build_document

CLAIMS = ("Medical.AbsoluteClaim", "Medical.EvidenceClaim", "Medical.UncitedStatistic", "Medical.Superlative", "Medical.VagueAttribution")


def claims(text: str, path: str) -> list[tuple[int, int, str, str]]:
    return [(d.line, d.column, d.rule, d.match) for d in lint_text(text, path=path) if d.rule in CLAIMS]


def _agrees(source: str, path: str, fmt: str) -> None:
    doc = build_document(path, source, fmt)
    for seg in doc.segments:
        for i, ch in enumerate(seg.text):
            if not ch.isspace():
                assert ch == source[seg.span.start + i]


@pytest.mark.parametrize(
    "tag",
    [
        '<meta name="description" content="Our oil cures anxiety.">',
        '<meta property="og:description" content="Our oil cures anxiety.">',
        '<meta name="twitter:description" content="Our oil cures anxiety.">',
        '<meta property="og:title" content="Our oil cures anxiety">',
        '<meta name="twitter:title" content="Our oil cures anxiety">',
    ],
)
def test_html_search_texts_are_read(tag: str) -> None:
    html = f"<html><head>\n<title>Sleep oil</title>\n  {tag}\n</head><body><p>Sleep well.</p></body></html>"
    found = claims(html, "a.html")
    column = html.splitlines()[2].index("cures") + 1
    assert found == [(3, column, "Medical.AbsoluteClaim", "cures")]
    _agrees(html, "a.html", "html")


def test_other_meta_tags_are_not_prose() -> None:
    html = '<head><meta name="keywords" content="cures anxiety"><meta name="robots" content="cures"></head><p>Sleep.</p>'
    assert claims(html, "a.html") == []


def test_entities_keep_positions_exact() -> None:
    html = '<head><meta name="description" content="Caf&eacute; &amp; tea &#8211; it cures anxiety."></head><p>Sleep.</p>'
    assert claims(html, "a.html") == [(1, html.index("cures") + 1, "Medical.AbsoluteClaim", "cures")]
    _agrees(html, "a.html", "html")


def test_a_duplicate_title_or_description_is_read_once() -> None:
    html = (
        "<html><head><title>Our oil cures anxiety | Shop</title>\n"
        '<meta property="og:title" content="Our oil cures anxiety">\n'
        '<meta name="twitter:title" content="Our Oil Cures Anxiety!">\n'
        '<meta name="description" content="It works.">\n'
        "</head><body><p>It works.</p></body></html>"
    )
    assert claims(html, "a.html") == [(1, html.index("cures") + 1, "Medical.AbsoluteClaim", "cures")]
    # a description that differs from every visible text is read
    html = html.replace('content="It works."', 'content="It cures insomnia too."')
    assert [f[3] for f in claims(html, "a.html")] == ["cures", "cures"]


@pytest.mark.parametrize(
    ("front", "line", "word"),
    [
        pytest.param("title: Our oil cures anxiety\n", 2, "cures", id="plain-title"),
        pytest.param('title: "Our \\"oil\\" cures anxiety"\n', 2, "cures", id="double-quoted"),
        pytest.param("title: 'Our ''oil'' cures anxiety'\n", 2, "cures", id="single-quoted"),
        pytest.param("description: >\n  Sleep better.\n  Our oil cures anxiety.\n", 4, "cures", id="folded-description"),
        pytest.param("description: |-\n  Our oil cures anxiety.\n", 3, "cures", id="literal-description"),
        pytest.param("title: &t !!str Our oil cures anxiety\n", 2, "cures", id="anchor-and-tag"),
    ],
)
def test_front_matter_title_and_description_are_read(front: str, line: int, word: str) -> None:
    md = f"---\n{front}date: 2026-01-01\n---\n\n# Sleep\n\nSleep well.\n"
    found = claims(md, "a.md")
    column = md.splitlines()[line - 1].index(word) + 1
    assert found == [(line, column, "Medical.AbsoluteClaim", word)]
    _agrees(md, "a.md", "markdown")


def test_an_anchor_or_tag_is_not_prose() -> None:
    doc = build_document("a.md", "---\ntitle: &t !!str Sleep well\n---\n\nBody.\n", "markdown")
    assert [s.text for s in doc.segments if "metadata" in s.context] == ["Sleep well"]


def test_a_front_matter_title_repeated_as_the_heading_is_read_once() -> None:
    md = "---\ntitle: Our oil cures anxiety\n---\n\n# Our oil cures anxiety\n\nSleep well.\n"
    assert claims(md, "a.md") == [(5, len("# Our oil ") + 1, "Medical.AbsoluteClaim", "cures")]


def test_kinds_and_context() -> None:
    html = '<head><meta property="og:title" content="A"><meta name="description" content="B c."></head><p>D.</p>'
    doc = build_document("a.html", html, "html")
    meta = [(s.kind, s.text) for s in doc.segments if "metadata" in s.context]
    assert meta == [(SegmentKind.TITLE, "A"), (SegmentKind.PARAGRAPH, "B c.")]
