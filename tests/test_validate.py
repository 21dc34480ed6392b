"""``healthlint validate``: rule examples are run, and the configured styles are checked."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from healthlint.cli import main

RULE = """extends: existence
message: "'%s' promises a cure."
level: error
tokens: [cures?]
examples:
  fail: ["It cures panic.", "Gentle on the stomach."]
  pass: ["It may help.", "A cure for boredom is a cured ham."]
"""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "styles" / "House").mkdir(parents=True)
    (tmp_path / "styles" / "House" / "Cure.yml").write_text(RULE, encoding="utf-8")
    return tmp_path


def test_examples_that_misbehave_are_errors(project: Path) -> None:
    code, out, err = run("validate", "styles/House")
    assert code == 2 and out == ""
    assert err.splitlines() == [
        "styles/House/Cure.yml:5:1: error: examples.fail[1] is not flagged by House.Cure: 'Gentle on the stomach.'",
        "styles/House/Cure.yml:5:1: error: examples.pass[1] is flagged by House.Cure (at 'cure'): 'A cure for boredom is a cured ham.'",
    ]


def test_examples_that_behave_pass(project: Path) -> None:
    fixed = RULE.replace(', "Gentle on the stomach."', "").replace('"A cure for boredom is a cured ham."', '"Rest helps."')
    (project / "styles" / "House" / "Cure.yml").write_text(fixed, encoding="utf-8")
    assert run("validate", "styles/House") == (0, "1 rule file valid; 3 examples behave as documented.\n", "")


def test_without_paths_the_configured_styles_are_checked(project: Path) -> None:
    (project / ".healthlint.yaml").write_text("styles: [Medical, House]\nstyles_path: [styles]\n", encoding="utf-8")
    code, _, err = run("validate")
    assert code == 2 and "styles/House/Cure.yml:5:1: error: examples.fail[1]" in err
    (project / ".healthlint.yaml").write_text("styles: [Medical, Houses]\nstyles_path: [style]\n", encoding="utf-8")
    code, _, err = run("validate")
    assert code == 2
    assert ".healthlint.yaml:2:1: error: styles_path folder" in err and "'style' does not exist" in err.replace(str(project) + "/", "")
    assert "unknown style 'Houses'" in err
    (project / ".healthlint.yaml").write_text("rules:\n  Medical.ReadingLevel: {gradez: 6}\n", encoding="utf-8")
    code, _, err = run("validate")
    assert code == 2 and ".healthlint.yaml:2:" in err and "unknown option 'gradez'" in err


def test_shipped_rules_and_their_examples_are_valid(project: Path) -> None:
    code, out, err = run("validate")
    assert (code, err) == (0, "") and out.startswith("13 rule files valid; ") and "examples behave as documented" in out
