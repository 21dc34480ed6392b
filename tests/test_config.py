"""Configuration files: discovery, keys, per-rule settings, overrides, errors with positions."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from healthlint.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


ARTICLE = "# T\n\nIt cures panic. 40% relapse, see [our study](https://clinic.example/study).\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "legal").mkdir()
    (tmp_path / "legal" / "b.md").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def test_found_upward_and_applied(repo: Path) -> None:
    (repo / ".healthlint.yaml").write_text(
        "rules:\n  Medical.AbsoluteClaim: off\n  Medical.UncitedStatistic: error\n"
        "citations:\n  own_domains: [clinic.example]\n"
        "overrides:\n  - files: 'legal/**'\n    rules: {Medical.UncitedStatistic: off}\n",
        encoding="utf-8",
    )
    code, out, _ = run("docs/a.md", "legal/b.md")
    assert "Medical.AbsoluteClaim" not in out
    # a link to the publisher's own domain is not a citation
    assert "docs/a.md:3:17: error: Statistic '40%'" in out
    assert "legal/b.md:3:17" not in out
    assert code == 1


def test_pyproject_table(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[tool.healthlint]\nfail_level = "error"\nrules = { "Medical.AbsoluteClaim" = "off" }\n', encoding="utf-8")
    code, out, _ = run("docs/a.md")
    assert code == 0 and "Medical.AbsoluteClaim" not in out


def test_errors_have_positions_and_exit_2(repo: Path) -> None:
    (repo / ".healthlint.yaml").write_text(
        "min_levl: warning\nfail_level: loud\nrules:\n  Medical.UncitedStatistik: off\n", encoding="utf-8"
    )
    code, _, err = run("docs/a.md")
    assert code == 2
    assert ".healthlint.yaml:1:1: error: unknown key 'min_levl' (did you mean 'min_level'?)" in err
    assert ".healthlint.yaml:2:13: error: 'fail_level': unknown level 'loud'" in err


def test_unknown_rule_in_config(repo: Path) -> None:
    (repo / ".healthlint.yaml").write_text("rules:\n  Medical.UncitedStatistik: off\n", encoding="utf-8")
    code, _, err = run("docs/a.md")
    assert code == 2
    assert ".healthlint.yaml:2:1: error: unknown rule 'Medical.UncitedStatistik' (did you mean 'Medical.UncitedStatistic'?)" in err


def test_exclude_and_formats(repo: Path) -> None:
    (repo / "docs" / "c.njk").write_text("<p>It cures panic.</p>\n", encoding="utf-8")
    (repo / ".healthlint.yaml").write_text("exclude: ['legal/**']\nformats: {'.njk': html}\n", encoding="utf-8")
    code, out, _ = run(".")
    assert "legal/b.md" not in out
    assert "docs/c.njk:1:7: error: Absolute claim 'cures'" in out


def test_explicit_config_missing(repo: Path) -> None:
    code, _, err = run("--config", "nope.yaml", "docs/a.md")
    assert code == 2 and "configuration file not found: nope.yaml" in err


def test_trusted_domains_limit_which_links_count(repo: Path) -> None:
    (repo / "docs" / "a.md").write_text(
        "# T\n\n40% relapse ([blog](https://someblog.example/post)).\n\n"
        "30% relapse ([CDC](https://www.cdc.gov/x)).\n\n20% relapse.[^1]\n\n[^1]: Smith J. A study. 2023.\n",
        encoding="utf-8",
    )
    stats = lambda out: [line.split(":")[1] for line in out.splitlines() if "Medical.UncitedStatistic" in line]  # noqa: E731
    assert stats(run("docs/a.md")[1]) == []
    (repo / ".healthlint.yaml").write_text("citations:\n  trusted_domains: [cdc.gov, nih.gov]\n", encoding="utf-8")
    # only the link to an untrusted site stops counting; footnotes always count
    assert stats(run("docs/a.md")[1]) == ["3"]


PYPROJECT = """[project]
name = "articles"

[tool.healthlint]
styles = ["Medical"]
fail_level = "fatal"
stlyes = ["Medical"]
exclude = [
  "drafts/**",
]

[tool.healthlint.citations]
own_domains = ["clinic.example"]
trusted = ["nih.gov"]

[[tool.healthlint.overrides]]
files = "legal/**"
rules = {"Medical.MissingReviewer" = "off"}

[[tool.healthlint.overrides]]
files = ["press/**"]
colour = "blue"

[tool.healthlint.formats]
".njk" = "jinja"
"""


def test_pyproject_errors_have_line_and_column(repo: Path) -> None:
    (repo / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    code, _, err = run("--no-cache", "--config", "pyproject.toml", "docs/a.md")
    assert code == 2
    assert err.splitlines() == [
        "pyproject.toml:6:14: error: 'fail_level': unknown level 'fatal' (expected suggestion, warning or error)",
        "pyproject.toml:7:1: error: unknown key 'stlyes' (did you mean 'styles'?)",
        "pyproject.toml:14:1: error: unknown key 'trusted' in citations (expected trusted_domains or own_domains)",
        "pyproject.toml:22:1: error: unknown key 'colour' in override (expected 'files' or 'rules')",
        "pyproject.toml:25:10: error: unknown format 'jinja' for '.njk' (expected markdown, html, text)",
    ]


def test_invalid_toml_points_at_the_error(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[tool.healthlint]\nstyles = ["Medical"\nfail_level = "error"\n', encoding="utf-8")
    code, _, err = run("--no-cache", "--config", "pyproject.toml", "docs/a.md")
    assert code == 2 and err.startswith("pyproject.toml:3:1: error: invalid TOML: ") and "(at line" not in err
