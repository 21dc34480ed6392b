"""A finding about a metadata value points at the line where the value is written (not at 1:1)."""

from __future__ import annotations

import pytest

from healthlint import lint_text, load_ruleset
from healthlint.ruleset import Ruleset

_ALL = load_ruleset()
_DATE = Ruleset(tuple(r for r in _ALL.rules if r.name == "Medical.MissingDate"), _ALL.kinds)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEALTHLINT_TODAY", "2026-12-01")


@pytest.mark.parametrize(
    ("text", "path", "line", "column", "match"),
    [
        pytest.param("---\ntitle: Sleep\ndate: 2019-01-10\n---\n\nSleep helps.\n", "a.md", 3, 1, "date: 2019-01-10", id="yaml"),
        pytest.param("---\r\ntitle: Sleep\r\nlast_reviewed: '2019-01-10'\r\n---\r\nSleep helps.\r\n", "a.md", 3, 1, "last_reviewed: '2019-01-10'", id="yaml-crlf-quoted"),
        pytest.param("---\ntitle: Sleep\nlast_update:\n  date: 2019-01-10\n---\nSleep helps.\n", "a.md", 4, 3, "date: 2019-01-10", id="yaml-nested"),
        pytest.param("+++\ntitle = \"Sleep\"\ndate = 2019-01-10\n+++\nSleep helps.\n", "a.md", 3, 1, "date = 2019-01-10", id="toml"),
        pytest.param(
            '<head>\n<title>Sleep</title>\n  <meta property="article:modified_time" content="2019-01-10">\n</head><p>Sleep helps.</p>',
            "a.html", 3, 3, '<meta property="article:modified_time" content="2019-01-10">', id="meta",
        ),
        pytest.param(
            '<script type="application/ld+json">\n{"@type": "Article",\n  "dateModified": "2019-01-10"}\n</script><p>Sleep helps.</p>',
            "a.html", 3, 3, '"dateModified": "2019-01-10"', id="json-ld",
        ),
    ],
)
def test_a_stale_metadata_date_points_at_its_key(text: str, path: str, line: int, column: int, match: str) -> None:
    diags = lint_text(text, path=path, ruleset=_DATE)
    assert [(d.line, d.column, d.match) for d in diags] == [(line, column, match)]
    assert "months old" in diags[0].message
