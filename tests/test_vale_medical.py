"""The Medical pack and a Vale style in one run, from a ``.vale.ini`` or a ``.healthlint.yaml``.

Medical ships with healthlint and is not on the Vale ``StylesPath``; it is found
anyway and runs through healthlint's engine, its findings merged with the Vale
style's in one report. Each style's findings must be what it reports alone, at
the same positions.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from healthlint.api import Linter
from healthlint.cli import main
from healthlint.config import Config

ARTICLE = """---
title: Migraine relief
---

# Treating migraines

This supplement cures migraines in 90% of patients. It is very safe.

Doctors utilize it every day, and it is really gentle.
"""

WEASEL = """extends: existence
message: "'%s' is a weasel word."
level: warning
ignorecase: true
tokens:
  - very
  - really
"""

UTILIZE = """extends: substitution
message: "Use '%s' instead of '%s'."
level: error
ignorecase: true
swap:
  utilize: use
"""


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    house = tmp_path / "styles" / "House"
    house.mkdir(parents=True)
    (house / "Weasel.yml").write_text(WEASEL, encoding="utf-8")
    (house / "Utilize.yml").write_text(UTILIZE, encoding="utf-8")
    (tmp_path / "article.md").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def rows(output: str, style: str | None = None) -> list[tuple[str, ...]]:
    """``(path, line, column, rule, message)`` of each line-format row (of one style)."""
    out = []
    for row in output.splitlines():
        path, line, col, rule, message = row.split(":", 4)
        if style is None or rule.split(".", 1)[0] == style:
            out.append((path, line, col, rule, message))
    return out


def position(needle: str) -> tuple[str, str]:
    """Line and column (1-based) of the first ``needle`` in the article."""
    start = ARTICLE.index(needle)
    line = ARTICLE.count("\n", 0, start) + 1
    return str(line), str(start - (ARTICLE.rfind("\n", 0, start) + 1) + 1)


def medical_alone() -> list[tuple[str, ...]]:
    diags = Linter(Config(styles=("Medical",))).lint_text(ARTICLE, path="article.md", format="markdown")
    return [(d.path, str(d.line), str(d.column), d.rule, d.message) for d in diags]


def house_alone(project: Path) -> list[tuple[str, ...]]:
    (project / ".vale.ini").write_text("StylesPath = styles\n\n[*]\nBasedOnStyles = House\n", encoding="utf-8")
    status, out, err = run("--output=line", "article.md")
    assert status == 1, err  # House.Utilize is an error
    return rows(out)


def test_vale_ini_runs_medical_with_a_vale_style(project: Path) -> None:
    house = house_alone(project)
    assert [r[3] for r in house] == ["House.Weasel", "House.Utilize", "House.Weasel"]
    (project / ".vale.ini").write_text("StylesPath = styles\n\n[*]\nBasedOnStyles = Medical, House\n", encoding="utf-8")
    status, out, err = run("--output=line", "article.md")
    assert status == 1 and "does not exist" not in err, err
    assert rows(out, "House") == house
    assert rows(out, "Medical") == medical_alone()
    found = {(r[3], r[1], r[2]) for r in rows(out)}
    assert ("Medical.AbsoluteClaim", *position("cures")) in found
    assert ("Medical.UncitedStatistic", *position("90%")) in found
    assert ("House.Weasel", *position("very")) in found
    assert ("House.Utilize", *position("utilize")) in found
    assert run("--output=line", "article.md")[1] == out  # the second run's compiled Medical comes from the cache
    assert run("--output=line", "--no-cache", "article.md")[1] == out


def test_healthlint_yaml_runs_medical_with_a_vale_style(project: Path) -> None:
    house = house_alone(project)
    (project / ".vale.ini").unlink()
    (project / ".healthlint.yaml").write_text("styles: [Medical, House]\nstyles_path: [styles]\n", encoding="utf-8")
    status, out, err = run("--format", "line", "--no-cache", "article.md")
    assert status == 1, err
    assert rows(out, "House") == house
    assert rows(out, "Medical") == medical_alone()


def test_vale_settings_apply_to_medical(project: Path) -> None:
    medical = medical_alone()
    assert any(r[3] == "Medical.AbsoluteClaim" for r in medical) and any(r[3] == "Medical.UncitedStatistic" for r in medical)
    (project / ".vale.ini").write_text(
        "StylesPath = styles\n\n[*]\nBasedOnStyles = Medical, House\nMedical.AbsoluteClaim = NO\nMedical.UncitedStatistic = error\n",
        encoding="utf-8",
    )
    _, out, _ = run("--output=JSON", "article.md")
    severity = {d["rule"]: d["severity"] for d in json.loads(out)["diagnostics"]}
    assert "Medical.AbsoluteClaim" not in severity
    assert severity["Medical.UncitedStatistic"] == "error"
    alone = {d.rule: d.level.value for d in Linter(Config(styles=("Medical",))).lint_text(ARTICLE, path="article.md", format="markdown")}
    assert alone["Medical.UncitedStatistic"] != "error"  # so the setting changed it
    # a section whose BasedOnStyles leaves Medical out does not run it
    (project / "notes.txt").write_text("It cures everything, very fast.\n", encoding="utf-8")
    (project / ".vale.ini").write_text(
        "StylesPath = styles\n\n[*]\nBasedOnStyles = Medical, House\n\n[*.txt]\nBasedOnStyles = House\n", encoding="utf-8"
    )
    _, out, _ = run("--output=line", "notes.txt", "article.md")
    assert {r[3].split(".")[0] for r in rows(out) if r[0] == "notes.txt"} == {"House"}
    assert any(r[3] == "Medical.AbsoluteClaim" for r in rows(out) if r[0] == "article.md")


def test_vale_comments_switch_medical_off(project: Path) -> None:
    (project / ".vale.ini").write_text("StylesPath = styles\n\n[*]\nBasedOnStyles = Medical, House\n", encoding="utf-8")
    quoted = ARTICLE.replace("This supplement", "<!-- vale Medical.AbsoluteClaim = NO -->\nThis supplement")
    (project / "article.md").write_text(quoted, encoding="utf-8")
    _, out, _ = run("--output=line", "article.md")
    names = [r[3] for r in rows(out)]
    assert "Medical.AbsoluteClaim" not in names and "Medical.UncitedStatistic" in names


def test_medical_alone_needs_no_styles_path(project: Path) -> None:
    (project / ".vale.ini").write_text("MinAlertLevel = error\n\n[*]\nBasedOnStyles = Medical\n", encoding="utf-8")
    status, out, err = run("--output=line", "article.md")
    assert "StylesPath" not in err, err
    levels = {d.rule: d.level.value for d in Linter(Config(styles=("Medical",))).lint_text(ARTICLE, path="article.md", format="markdown")}
    errors = [r[3] for r in medical_alone() if levels[r[3]] == "error"]
    assert errors and errors != [r[3] for r in medical_alone()]  # MinAlertLevel has something to keep and to hide
    assert [r[3] for r in rows(out)] == errors
    assert status == 1


def test_a_medical_folder_on_the_styles_path_is_a_vale_style(project: Path) -> None:
    mine = project / "styles" / "Medical"
    mine.mkdir()
    (mine / "Cures.yml").write_text("extends: existence\nmessage: \"Avoid '%s'.\"\ntokens:\n  - cures\n", encoding="utf-8")
    (project / ".vale.ini").write_text("StylesPath = styles\n\n[*]\nBasedOnStyles = Medical\n", encoding="utf-8")
    _, out, _ = run("--output=line", "article.md")
    assert [(r[3], r[1], r[2]) for r in rows(out)] == [("Medical.Cures", *position("cures"))]


def test_a_copy_of_medical_on_the_styles_path_runs_on_healthlints_engine(project: Path) -> None:
    import shutil

    from healthlint.packs import shipped_packs_dir

    shutil.copytree(shipped_packs_dir() / "Medical", project / "styles" / "Medical")
    (project / ".vale.ini").write_text("StylesPath = styles\n\n[*]\nBasedOnStyles = Medical, House\n", encoding="utf-8")
    status, out, err = run("--output=line", "article.md")
    assert "error" not in err, err  # its citation and requirement rules have no Vale engine: no rule errors
    assert rows(out, "Medical") == medical_alone()
    assert rows(out, "House") == house_alone(project)
