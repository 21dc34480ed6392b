"""Directives in articles, and baselines for a back catalogue."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from healthlint.api import Linter
from healthlint.cli import main

ARTICLE = """# Ketamine

<!-- healthlint-disable-next-line Medical.UncitedStatistic: cited in the print edition -->
It affects 2.7% of adults.

<!-- healthlint-disable Medical.AbsoluteClaim: a patient's own words -->
"It cures anxiety," one patient said.
<!-- healthlint-enable Medical.AbsoluteClaim -->
It cures panic.

<!-- vale Medical.UncitedStatistic = NO -->
Half of patients improve.
<!-- vale Medical.UncitedStatistic = YES -->
And 30% relapse.
<!-- healthlint-disable-file Medical.MissingReviewer, Medical.MissingConsultNotice, Medical.MissingDate: a press release -->
"""


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


def found(linter: Linter, text: str) -> list[tuple[str, int, str]]:
    return [(d.rule, d.line, d.match) for d in linter.lint_text(text, path="a.md")]


def test_directives_suppress_exactly_their_scope(linter: Linter) -> None:
    assert found(linter, ARTICLE) == [
        ("Medical.AbsoluteClaim", 9, "cures"),
        ("Medical.UncitedStatistic", 14, "30%"),
    ]


@pytest.mark.parametrize(
    ("directive", "message"),
    [
        pytest.param("<!-- healthlint-disable-next-line Medical.AbsoluteClaim -->", "needs a reason", id="no-reason"),
        pytest.param("<!-- healthlint-disable-next-line Medical.AbsoluteClaimz: x -->", "unknown rule 'Medical.AbsoluteClaimz' in directive (did you mean 'Medical.AbsoluteClaim'?)", id="unknown-rule"),
        pytest.param("<!-- healthlint-disable-next-line Medical.UncitedStatistic: x -->", "suppresses nothing", id="unused"),
    ],
)
def test_bad_directives_are_reported(linter: Linter, directive: str, message: str) -> None:
    text = f"# T\n\n{directive}\nIt cures panic.\n"
    diags = linter.lint_text(text, path="a.md")
    reports = [d for d in diags if d.rule.startswith("healthlint.")]
    assert len(reports) == 1 and message in reports[0].message
    assert reports[0].line == 3 and reports[0].match == directive


def test_vale_off_on(linter: Linter) -> None:
    text = "# T\n\n<!-- vale off -->\nIt cures panic.\n<!-- vale on -->\nIt cures anxiety.\n"
    assert [(r, line) for r, line, _ in found(linter, text) if r == "Medical.AbsoluteClaim"] == [("Medical.AbsoluteClaim", 6)]


def test_directives_in_html(linter: Linter) -> None:
    text = "<p>A.</p>\n<!-- healthlint-disable-next-line Medical.AbsoluteClaim: quoted -->\n<p>It cures panic.</p>\n<p>It cures pain.</p>\n"
    claims = [d.line for d in linter.lint_text(text, path="a.html") if d.rule == "Medical.AbsoluteClaim"]
    assert claims == [4]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def test_baseline_reports_only_new_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "a.md"
    article.write_text("# T\n\nIt cures panic. 40% relapse.\n", encoding="utf-8")
    code, _, err = run("--write-baseline", "base.json", "a.md")
    assert code == 0 and "recorded" in err
    assert json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))["version"] == 1
    assert run("--baseline", "base.json", "a.md")[0] == 0
    # an edit elsewhere moves the old findings down: they stay known
    article.write_text("# T\n\nA new first paragraph.\n\nIt cures panic. 40% relapse.\n", encoding="utf-8")
    code, out, _ = run("--baseline", "base.json", "a.md")
    assert code == 0, out
    # a new finding is reported, and only that one
    article.write_text("# T\n\nIt cures panic. 40% relapse. It cures pain too.\n", encoding="utf-8")
    code, out, _ = run("--baseline", "base.json", "a.md")
    assert code == 1
    assert out.count("[Medical.AbsoluteClaim]") == 1 and "Medical.UncitedStatistic" not in out


def test_broken_baseline_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("Hi.\n", encoding="utf-8")
    (tmp_path / "base.json").write_text("{not json", encoding="utf-8")
    code, _, err = run("--baseline", "base.json", "a.md")
    assert code == 2 and "base.json" in err and "not a healthlint baseline" in err


@pytest.mark.parametrize(
    ("path", "text"),
    [
        pytest.param("a.md", "# T\n\nIt cures panic. <!-- healthlint-disable-line Medical.AbsoluteClaim: a patient's words -->\nIt cures pain.\n", id="markdown"),
        pytest.param("a.html", "<h1>T</h1>\n\n<p>It cures panic.</p> <!-- healthlint-disable-line Medical.AbsoluteClaim: a patient's words -->\n<p>It cures pain.</p>\n", id="html"),
        pytest.param("a.txt", "Title\n\nIt cures panic. healthlint-disable-line Medical.AbsoluteClaim: a patient's words\nIt cures pain.\n", id="text-trailing"),
        pytest.param("a.txt", "Title\n\nIt cures panic. # healthlint-disable-line Medical.AbsoluteClaim: a patient's words\nIt cures pain.\n", id="text-hash"),
    ],
)
def test_disable_line_suppresses_its_own_line_only(linter: Linter, path: str, text: str) -> None:
    claims = [(d.line, d.match) for d in linter.lint_text(text, path=path) if d.rule.startswith(("Medical.AbsoluteClaim", "healthlint."))]
    assert claims == [(4, "cures")]


@pytest.mark.parametrize(
    ("path", "directive"),
    [
        pytest.param("a.md", "<!-- healthlint-disable-next-line Medical.AbsoluteClaim: quoted -->", id="markdown"),
        pytest.param("a.html", "<!-- healthlint-disable-next-line Medical.AbsoluteClaim: quoted -->", id="html"),
        pytest.param("a.txt", "healthlint-disable-next-line Medical.AbsoluteClaim: quoted", id="text"),
        pytest.param("a.txt", "# healthlint-disable-next-line Medical.AbsoluteClaim: quoted", id="text-hash"),
    ],
)
def test_disable_next_line_in_every_format(linter: Linter, path: str, directive: str) -> None:
    text = f"Title\n\nIt is a start.\n{directive}\nIt cures panic.\nIt cures pain.\n"
    found_ = [(d.rule, d.line) for d in linter.lint_text(text, path=path) if d.rule.startswith(("Medical.AbsoluteClaim", "healthlint."))]
    assert found_ == [("Medical.AbsoluteClaim", 6)]


def test_plain_text_directive_lines_are_not_prose(linter: Linter) -> None:
    text = "Title\n\nhealthlint-disable Medical.AbsoluteClaim: quoted from a patient, cures and all\nIt cures panic.\nhealthlint-enable Medical.AbsoluteClaim\nIt cures pain.\n"
    claims = [(d.line, d.match) for d in linter.lint_text(text, path="a.txt") if d.rule.startswith(("Medical.AbsoluteClaim", "healthlint."))]
    assert claims == [(6, "cures")]
    bad = linter.lint_text("Title\n\nhealthlint-disable-next-line Medical.AbsoluteClaim\nIt cures panic.\n", path="a.txt")
    assert [(d.rule, d.line, d.column) for d in bad if d.rule.startswith("healthlint.")] == [("healthlint.InvalidDirective", 3, 1)]
    assert "e.g. 'healthlint-disable-next-line Rule.Name: why'" in next(d.message for d in bad if d.rule.startswith("healthlint."))


def test_readme_plain_text_directives_work_as_documented(linter: Linter) -> None:
    from conftest import ROOT
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Suppressions and baselines\n.*?```text\n(.*?)```", readme, re.DOTALL)
    assert block is not None
    text = block.group(1)
    assert "It affects 2.7%" in text and "It cures panic" in text
    rules = {d.rule for d in linter.lint_text(text, path="article.txt")}
    assert not rules & {"Medical.UncitedStatistic", "Medical.AbsoluteClaim", "Medical.MissingReviewer"}
    assert not any(r.startswith("healthlint.") for r in rules), rules
    # the same article without its directives is flagged: they do the suppressing
    bare = "\n".join(line.split("  # ")[0] for line in text.splitlines() if not line.startswith("healthlint-"))
    assert {"Medical.UncitedStatistic", "Medical.AbsoluteClaim", "Medical.MissingReviewer"} <= {d.rule for d in linter.lint_text(bare, path="article.txt")}
