"""docs/rules.md carries each rule's matching, lexicons and named patterns, generated from the rule files."""

from __future__ import annotations

from pathlib import Path

from healthlint.plugins import load_kinds
from healthlint.ruledoc import BEGIN, END, render_markdown, replace_generated

ROOT = Path(__file__).resolve().parents[1]


def test_docs_rules_md_is_up_to_date() -> None:
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert BEGIN in page and END in page
    fresh = replace_generated(page, render_markdown(ROOT / "rules" / "Medical", load_kinds()))
    assert fresh == page, "docs/rules.md is stale: run python scripts/gen_rules_doc.py"


def test_generated_part_names_every_lexicon_and_sequence() -> None:
    text = render_markdown(ROOT / "rules" / "Medical", load_kinds())
    for lexicon in (ROOT / "rules" / "Medical" / "lexicons").glob("*.txt"):
        assert f"| `{lexicon.stem}` |" in text, lexicon.stem
    assert "{efficacy-verbs} + [{possessives}]" in text
    assert "### Medical.AbsoluteClaim" in text and "### Medical.StigmatizingLanguage" in text
