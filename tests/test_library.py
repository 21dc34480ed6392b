"""The public API: the README's example runs; Diagnostics are immutable, ordered and picklable."""

from __future__ import annotations

import dataclasses
import pickle
import re
from pathlib import Path

import pytest

import healthlint
from healthlint import Diagnostic, Level, Linter, lint_file, lint_paths, lint_text

from conftest import ROOT, SEEDS


def test_readme_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"## Using it as a library\n\n```python\n(.*?)```", readme, re.DOTALL)
    assert code is not None
    exec(compile(code.group(1), "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "Medical.AbsoluteClaim" in out


def test_lint_text_file_and_paths() -> None:
    diags = lint_text("It cures anxiety.", path="x.md")
    assert [d.rule for d in diags if d.rule == "Medical.AbsoluteClaim"] == ["Medical.AbsoluteClaim"]
    seed = sorted(SEEDS.iterdir())[0]
    assert lint_file(seed) == Linter().lint_file(seed)
    result = lint_paths([str(SEEDS)])
    assert len(result.files) == 5 and not result.errors
    assert list(result.diagnostics) == sorted(result.diagnostics)


def test_diagnostics_are_frozen_ordered_and_picklable() -> None:
    d = lint_text("It cures anxiety and 40% relapse.", path="x.md")
    first = d[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.line = 9  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(d)) == d
    assert sorted(reversed(d)) == d
    assert isinstance(first, Diagnostic) and isinstance(first.level, Level)
    assert Level.SUGGESTION < Level.WARNING < Level.ERROR


def test_one_linter_reused_gives_the_same_answers() -> None:
    linter = Linter()
    text = "Half of patients improve. It cures panic."
    assert linter.lint_text(text, path="a.md") == linter.lint_text(text, path="a.md")


def test_public_names_only() -> None:
    for name in healthlint.__all__:
        assert getattr(healthlint, name) is not None
    with pytest.raises(AttributeError):
        healthlint.engine_internals  # type: ignore[attr-defined]


def test_lint_file_raises_on_undecodable(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_bytes(b"\xff\xfe\x00bad")
    from healthlint.errors import HealthlintError

    p.write_bytes(b"caf\xe9")
    with pytest.raises(HealthlintError, match="not valid UTF-8"):
        lint_file(p)


def test_to_dict_round_trips_and_rejects_bad_values() -> None:
    diags = lint_text("It cures anxiety and 40% relapse.", path="x.md")
    assert diags and all(Diagnostic.from_dict(d.to_dict()) == d for d in diags)
    row = diags[0].to_dict()
    assert row["severity"] in {"suggestion", "warning", "error"} and isinstance(row["start"], int)
    with pytest.raises(TypeError, match="'line' must be an integer"):
        Diagnostic.from_dict({**row, "line": "3"})
    with pytest.raises(ValueError, match="unknown level"):
        Diagnostic.from_dict({**row, "severity": "fatal"})


def test_lint_file_has_one_return_type(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text("# T\n\nIt cures anxiety.\n", encoding="utf-8")
    from_function, from_method = lint_file(article), Linter().lint_file(article)
    assert isinstance(from_function, list) and isinstance(from_method, list)
    assert from_function == from_method and all(isinstance(d, Diagnostic) for d in from_method)
    with pytest.raises(healthlint.HealthlintError, match="cannot read file"):
        Linter().lint_file(tmp_path / "missing.md")


def test_help_shows_the_api_with_docstrings() -> None:
    import pydoc

    text = pydoc.render_doc(healthlint, renderer=pydoc.plaintext)
    for name in ("Linter", "lint_text", "lint_file", "lint_paths", "Diagnostic", "to_dict", "load_config"):
        assert name in text
    assert "__getattr__" not in vars(healthlint)
    for name in healthlint.__all__:
        obj = getattr(healthlint, name)
        if callable(obj):
            assert obj.__doc__ and obj.__doc__.strip(), name
    for method in ("lint_text", "lint_file", "lint_paths", "restrict", "ruleset_for", "parse"):
        assert getattr(Linter, method).__doc__, method
