"""Bad rule files: every error reported together, with file:line:col, exit 2."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from healthlint.cli import main

from conftest import FIXTURES

BAD = FIXTURES / "bad_rules" / "Bad"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_three_errors_in_one_file_and_one_in_another() -> None:
    code, out, err = run("validate", str(BAD))
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        f"{BAD}/CureGuaranteeLanguage.yml:8:8: error: unknown level 'eror' (expected suggestion, warning or error)",
        f"{BAD}/CureGuaranteeLanguage.yml:10:1: error: unknown key 'ignorcase' for existence (did you mean 'ignorecase'?)",
        f"{BAD}/CureGuaranteeLanguage.yml:13:32: error: invalid regex in tokens[1]: missing ) (pattern offset 26)",
        f"{BAD}/DoseWithoutUnit.yml:1:10: error: unknown check kind 'existance' (did you mean 'existence'?)",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("extends: existence\nmessage: x\ntokens: [a\n", "4:1: error: invalid YAML", id="yaml-syntax"),
        pytest.param("extends: existence\nmessage: x\ntokens:\n  - 1e3\n", "4:5: error: 'tokens[0]' must be a string; quote it", id="token-not-string"),
        pytest.param("message: x\ntokens: [a]\n", "1:1: error: missing the required 'extends' key", id="no-extends"),
        pytest.param("extends: existence\nmessage: x\nscope: [sentense]\n", "3:9: error: unknown scope 'sentense' (did you mean 'sentence'?)", id="scope"),
        pytest.param("extends: existence\nmessage: x\nnonword: yes please\n", "3:10: error: 'nonword' must be true or false", id="bool"),
        pytest.param("extends: existence\nmessage: x\ntokens: [a]\ntokens: [b]\n", "error: invalid YAML", id="duplicate-key"),
        pytest.param("extends: occurrence\nmessage: x\nmax: three\ntoken: a\n", "3:6: error: 'max' must be an integer", id="int"),
        pytest.param("extends: substitution\nmessage: x\nswap:\n  'a(b': c\n", "4:3: error: invalid regex in swap key 'a(b'", id="swap-key-regex"),
        pytest.param("- just\n- a list\n", "1:1: error: a rule file must be a mapping", id="not-mapping"),
        pytest.param("!!python/object/apply:os.system ['echo hacked']\n", "1:1: error:", id="no-object-construction"),
    ],
)
def test_single_errors(tmp_path: Path, text: str, expected: str) -> None:
    style = tmp_path / "Style"
    style.mkdir()
    (style / "Rule.yml").write_text(text, encoding="utf-8")
    code, _, err = run("validate", str(style))
    assert code == 2
    assert expected in err, err


def test_shipped_packs_are_valid() -> None:
    code, out, err = run("validate")
    assert (code, err) == (0, "")
    assert "rule files valid" in out


def test_lint_with_a_bad_style_exits_2(tmp_path: Path) -> None:
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "Bad").mkdir()
    (tmp_path / "styles" / "Bad" / "X.yml").write_text("extends: existence\nmessage: x\nlevel: loud\n", encoding="utf-8")
    (tmp_path / ".healthlint.yaml").write_text("styles: [Bad]\nstyles_path: [styles]\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("Hello.\n", encoding="utf-8")
    code, out, err = run(str(tmp_path / "a.md"))
    assert code == 2
    assert "X.yml:3:8: error: unknown level 'loud'" in err
