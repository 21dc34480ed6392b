"""``healthlint init``: a commented configuration, an example rule and the pre-commit entry, and
never an overwritten file."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
import yaml

from healthlint import __version__
from healthlint.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    return tmp_path


def test_init_writes_a_working_setup(repo: Path) -> None:
    code, out, err = run("init")
    assert (code, err) == (0, "")
    config = (repo / ".healthlint.yaml").read_text(encoding="utf-8")
    assert config.count("\n# ") >= 5  # commented
    hook = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (entry,) = hook["repos"]
    assert entry["rev"] == f"v{__version__}" and [h["id"] for h in entry["hooks"]] == ["healthlint"]
    rules = list((repo / "styles").rglob("*.yml"))
    assert len(rules) == 1
    # what it wrote is valid, the example rule's examples hold, and a lint run uses it all
    code, out, err = run("validate")
    assert (code, err) == (0, ""), err
    assert out.startswith("14 rule files valid")
    (repo / "a.md").write_text("# Covid-19\n\nCovid-19 vaccines are free.\n", encoding="utf-8")
    (repo / "drafts").mkdir()
    (repo / "drafts" / "b.md").write_text("It cures panic.\n", encoding="utf-8")
    code, out, _ = run("--no-cache", "a.md", "drafts/b.md")
    assert "a.md:3:1: suggestion: Write 'COVID-19', not 'Covid-19' (house style). [House.Spelling]" in out
    assert "drafts/b.md" not in out  # the example configuration's exclude


def test_init_refuses_to_overwrite_anything(repo: Path) -> None:
    (repo / ".healthlint.yaml").write_text("styles: [Medical]\n", encoding="utf-8")
    code, out, err = run("init")
    assert code == 2 and out == ""
    assert ".healthlint.yaml already exists" in err and "nothing was written" in err
    assert (repo / ".healthlint.yaml").read_text(encoding="utf-8") == "styles: [Medical]\n"
    assert not (repo / "styles").exists() and not (repo / ".pre-commit-config.yaml").exists()


def test_init_refuses_an_existing_example_rule_or_a_link(repo: Path) -> None:
    (repo / "styles" / "House").mkdir(parents=True)
    os.symlink(repo / "elsewhere.yml", repo / "styles" / "House" / "Spelling.yml")  # dangling: still in the way
    code, _, err = run("init")
    assert code == 2 and "styles/House/Spelling.yml already exists" in err
    assert not (repo / ".healthlint.yaml").exists() and not (repo / "elsewhere.yml").exists()


def test_existing_pre_commit_config_is_printed_not_touched(repo: Path) -> None:
    mine = "repos:\n  - repo: local\n    hooks: []\n"
    (repo / ".pre-commit-config.yaml").write_text(mine, encoding="utf-8")
    code, out, err = run("init")
    assert (code, err) == (0, "")
    assert (repo / ".pre-commit-config.yaml").read_text(encoding="utf-8") == mine
    assert "exists and was left alone" in out and f"rev: v{__version__}" in out and "- id: healthlint" in out
    assert (repo / ".healthlint.yaml").is_file()
