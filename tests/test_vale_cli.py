"""The command line on a Vale configuration: which files are linted, and how.

Vale lints source code only in its comments, and other markup and data formats with
their own parsers; healthlint reads none of them, never lints them as prose, and says on
standard error what it left out. A format neither knows is linted line by line, as Vale does.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from healthlint.cli import main

RULE = """extends: existence
message: "'%s' left in text"
level: error
tokens:
  - XXX
  - TODO
"""


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "styles" / "House").mkdir(parents=True)
    (tmp_path / "styles" / "House" / "Annotations.yml").write_text(RULE, encoding="utf-8")
    (tmp_path / ".vale.ini").write_text("StylesPath = styles\n\n[*]\nBasedOnStyles = House\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# Notes\n\nFix XXX soon.\n", encoding="utf-8")
    (tmp_path / "tool.py").write_text("# TODO: XXX in a comment\nTODO = 'XXX'\n", encoding="utf-8")
    (tmp_path / "data.xyz").write_text("XXX\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_source_code_is_never_linted_as_prose(project: Path) -> None:
    status, out, err = run("--output=line", "tool.py", "notes.md")
    assert out == "notes.md:3:5:House.Annotations:'XXX' left in text\n"
    assert "tool.py" in err and "source code" in err
    assert status == 1  # the error-level alert in notes.md, nothing from tool.py


def test_a_folder_walk_skips_code_and_lints_unknown_formats_as_lines(project: Path) -> None:
    status, out, err = run("--output=line", ".")
    assert sorted({row.split(":")[0] for row in out.splitlines()}) == ["data.xyz", "notes.md"]  # Vale lints the lines of a format it does not know
    assert "tool.py" in err and "data.xyz" not in err


def test_ext_makes_an_unknown_file_markdown(project: Path) -> None:
    status, out, _ = run("--output=line", "--ext=.md", "data.xyz")
    assert out == "data.xyz:1:1:House.Annotations:'XXX' left in text\n"


def test_a_negated_glob_skips_matching_files(project: Path) -> None:
    (project / "docs").mkdir()
    (project / "docs" / "guide.md").write_text("TODO\n", encoding="utf-8")
    (project / "readme.txt").write_text("TODO\n", encoding="utf-8")
    _, out, _ = run("--output=line", "--glob=!*.md", ".")
    assert sorted({row.split(":")[0] for row in out.splitlines()}) == ["data.xyz", "readme.txt"]
    _, out, _ = run("--output=line", "--glob=!**/*.{md,py,xyz}", ".")
    assert [row.split(":")[0] for row in out.splitlines()] == ["readme.txt"]
    _, out, _ = run("--output=line", "--glob=*.md", ".")
    assert sorted(row.split(":")[0] for row in out.splitlines()) == ["docs/guide.md", "notes.md"]


def test_filter_is_refused_with_a_message(project: Path) -> None:
    status, out, err = run("--output=line", "--filter=.Level == 'error'", "notes.md")
    assert status == 2 and out == ""
    assert "--filter" in err and "not supported" in err


def test_a_vale_style_rule_runs_the_same_check_as_healthlint_rules(project: Path) -> None:
    """A Vale style's rule and a healthlint rule of the same kind share one check, so healthlint's
    context keys work in a Vale style too (a negated claim is not one)."""
    (project / "styles" / "House" / "Cure.yml").write_text(
        "extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: warning\nnegation: true\ntokens:\n  - cures\n", encoding="utf-8"
    )
    (project / "claims.md").write_text("Honey cures colds.\n\nNothing cures a cold.\n", encoding="utf-8")
    _, out, _ = run("--output=line", "claims.md")
    assert out == "claims.md:1:7:House.Cure:Avoid 'cures'.\n"
