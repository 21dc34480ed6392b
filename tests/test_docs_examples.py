"""Every YAML example in the README and docs loads as what it claims to be: a configuration, a
rule file, a pre-commit configuration or a CI workflow (a copied example must not fail)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from healthlint import Linter, load_config
from healthlint.config import KEYS
from healthlint.errors import ConfigError
from healthlint.plugins import load_kinds
from healthlint.rulespec import load_rule_text

from conftest import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```ya?ml\n(.*?)^```", re.DOTALL | re.MULTILINE)


def examples() -> list[object]:
    out = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for m in BLOCK.finditer(text):
            line = text.count("\n", 0, m.start()) + 2
            out.append(pytest.param(doc, line, m.group(1), id=f"{doc.relative_to(ROOT).as_posix()}:{line}"))
    return out


def test_the_docs_have_yaml_examples() -> None:
    assert len(examples()) >= 8


@pytest.mark.parametrize(("doc", "line", "block"), examples())
def test_yaml_example_loads(doc: Path, line: int, block: str, tmp_path: Path) -> None:
    from healthlint import yamlpos

    where = f"{doc.name}:{line}"
    data = yamlpos.load(block, where, error=ConfigError)  # duplicate keys and bad YAML raise here
    assert isinstance(data, dict), where
    if "extends" in data:  # a rule file
        load_rule_text(block, load_kinds(), path=where, name="Example.Rule")
    elif set(data) <= KEYS:  # a configuration: it loads, and its rule settings apply
        config_file = tmp_path / ".healthlint.yaml"
        config_file.write_text(block, encoding="utf-8")
        for folder in data.get("styles_path") or []:
            (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        if data.get("styles_path"):  # the reader's own Vale styles (Microsoft ...): one rule each stands in
            from healthlint.ruleset import style_dirs

            shipped = style_dirs([])
            for style in [s for s in data.get("styles") or [] if s not in shipped]:
                (tmp_path / data["styles_path"][0] / style).mkdir(parents=True, exist_ok=True)
                (tmp_path / data["styles_path"][0] / style / "Example.yml").write_text(
                    "extends: existence\nmessage: \"Avoid '%s'.\"\ntokens:\n  - utilize\n", encoding="utf-8"
                )
        Linter(load_config(config_file))
    elif "repos" in data:  # a pre-commit configuration
        hooks = [h["id"] for repo in data["repos"] for h in repo["hooks"]]
        assert hooks and all(h.startswith("healthlint") for h in hooks), where
    else:  # a CI workflow or a fragment of one
        assert set(data) & {"jobs", "steps", "on", True, "stages", "healthlint", "include", "name"}, where
