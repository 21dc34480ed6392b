"""What a content team hits in daily use: excluded files named by pre-commit, baselines from any
folder, which files a folder walk lints, and a summary line that agrees with the exit code."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from healthlint.cli import main

CLAIMS = "# Ketamine\n\nKetamine cures anxiety. It affects 2.7% of adults.\n"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    (tmp_path / ".git").mkdir()
    for folder in ("articles", "drafts"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.md").write_text(CLAIMS, encoding="utf-8")
    return tmp_path


def test_exclude_applies_to_files_named_on_the_command_line(repo: Path) -> None:
    (repo / ".healthlint.yaml").write_text("exclude: ['drafts/**']\n", encoding="utf-8")
    code, out, _ = run("--no-cache", "articles/a.md", "drafts/a.md")  # as pre-commit calls the hook
    assert code == 1 and "articles/a.md:3:" in out and "drafts/a.md" not in out
    code, out, _ = run("--no-cache", "drafts/a.md")
    assert code == 0 and out == "No problems found in 0 files.\n"


def test_force_exclude_off_lints_named_files(repo: Path) -> None:
    (repo / ".healthlint.yaml").write_text("exclude: ['drafts/**']\nforce_exclude: false\n", encoding="utf-8")
    code, out, _ = run("--no-cache", "drafts/a.md")
    assert code == 1 and "drafts/a.md:3:" in out
    assert run("--no-cache", ".")[1].count("drafts/a.md") == 0  # a folder walk still excludes


def test_force_exclude_must_be_a_boolean(repo: Path) -> None:
    (repo / ".healthlint.yaml").write_text("force_exclude: sometimes\n", encoding="utf-8")
    code, _, err = run("--no-cache", "articles/a.md")
    assert code == 2 and ".healthlint.yaml:1:16: error: 'force_exclude' must be true or false" in err


def test_baseline_matches_the_same_file_from_anywhere(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run("--no-cache", "--write-baseline", "baseline.json", "articles/a.md")
    assert code == 0 and "recorded 5 findings" in err  # two in the text, three about the whole article
    assert run("--no-cache", "--baseline", "baseline.json", "articles/a.md")[0] == 0
    absolute = str(repo / "articles" / "a.md")
    code, out, _ = run("--no-cache", "--baseline", str(repo / "baseline.json"), absolute)
    assert code == 0, out
    monkeypatch.chdir(repo / "articles")
    code, out, _ = run("--no-cache", "--baseline", "../baseline.json", "a.md")
    assert code == 0, out
    (repo / "articles" / "a.md").write_text(CLAIMS + "\nIt cures pain too.\n", encoding="utf-8")
    code, out, _ = run("--no-cache", "--baseline", "../baseline.json", "a.md")
    assert code == 1 and out.count("[Medical.") == 1 and "a.md:5:4:" in out


def test_folder_walk_lints_articles_only(repo: Path) -> None:
    for name in ("LICENSE.md", "LICENCE-MIT.txt", "robots.txt", "NOTICE.txt"):
        (repo / name).write_text(CLAIMS, encoding="utf-8")
    code, _, _ = run("--no-cache", "--format", "html", "--output", "report.html", "articles")
    assert code == 1 and (repo / "report.html").is_file()
    code, out, _ = run("--no-cache", ".")
    linted = {line.split(":", 1)[0] for line in out.splitlines()[:-1]}
    assert linted == {"articles/a.md", "drafts/a.md"}, out
    assert out.splitlines()[-1].endswith("in 2 of 2 files.")
    code, out, _ = run("--no-cache", "LICENSE.md")  # named on the command line: linted
    assert code == 1 and "LICENSE.md:3:" in out


@pytest.mark.parametrize("make", ["binary", "missing"])
def test_summary_agrees_with_the_exit_code(repo: Path, make: str) -> None:
    if make == "binary":
        (repo / "photo.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00")
    code, out, err = run("--no-cache", "photo.md")
    assert code == 2 and "photo.md" in err
    assert "No problems found" not in out
    assert out == "1 file could not be linted (see the errors above).\n"
    code, out, _ = run("--no-cache", "photo.md", "articles/a.md")
    last = out.splitlines()[-1]
    assert code == 2 and last.startswith("Found 5 problems") and last.endswith(" in 1 of 1 file; 1 file could not be linted.")


def test_pre_commit_prints_no_summary_per_batch(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRE_COMMIT", "1")
    code, out, _ = run("--no-cache", "articles/a.md")
    assert code == 1 and all(line.startswith("articles/a.md:") for line in out.splitlines())
    code, out, _ = run("--no-cache", "--format", "json", "articles/a.md")
    assert code == 1 and '"summary"' in out  # only the text summary line is left out
    (repo / "clean.md").write_text("Hello.\n", encoding="utf-8")
    (repo / ".healthlint.yaml").write_text("min_level: error\n", encoding="utf-8")
    code, out, _ = run("--no-cache", "clean.md")
    assert code == 0 and out == ""


def test_summary_tells_a_file_checked_in_part_from_one_never_linted() -> None:
    """A rule stopped in a file (too many findings) leaves the file linted, in part; a rule
    stopped for taking too long is the rule's failure, not a file's (its path is the rule file)."""
    from healthlint.diagnostic import Diagnostic, Level
    from healthlint.errors import InputError, RuleError
    from healthlint.formatters.base import Report

    found = tuple(Diagnostic("dense.txt", 1, c, 1, c + 3, "Medical.UncitedStatistic", Level.WARNING, "Statistic '12%' ...", "12%") for c in (1, 5))
    errors = (
        InputError("Medical.AbsoluteClaim stopped after 5,000 findings in this file", path="dense.txt", line=1, column=1),
        RuleError("a pattern of Medical.UncitedStatistic took more than 10 s", path="rules/Medical/UncitedStatistic.yml", line=34, column=1),
        InputError("not UTF-8", path="photo.md", line=0, column=0),
    )
    line = Report(found, files=("dense.txt", "photo.md", "clean.md"), errors=errors).summary_line()
    assert line == "Found 2 problems (2 warnings) in 1 of 2 files; 1 file could not be linted; 1 file was checked only in part; 1 rule failed."
    assert Report((), files=("photo.md",), errors=errors[2:]).summary_line() == "1 file could not be linted (see the errors above)."
