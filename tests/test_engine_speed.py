"""The engine's narrowing: anchor words skip a rule on a document, a rule stops after MAX_FINDINGS."""

from __future__ import annotations

import dataclasses
import io
from typing import Any, ClassVar, Iterator

from healthlint import engine
from healthlint.api import Linter
from healthlint.cli import main
from healthlint.document import Document
from healthlint.kinds.base import Finding
from healthlint.ruleset import Ruleset
from healthlint.rulespec import Rule


@dataclasses.dataclass(frozen=True)
class _Compiled:
    anchors: frozenset[str] | None


class _EveryWord:
    """A kind that reports every word it reads and counts the documents it was run on."""

    name: ClassVar[str] = "everyword"
    Options: ClassVar[type[Any]] = dict
    runs = 0

    def compile(self, options: Any, *, rule_name: str) -> Any:
        return _Compiled(None)

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        type(self).runs += 1
        start = 0
        for word in doc.prose.split():
            start = doc.prose.index(word, start)
            yield Finding(start, start + len(word), (word,))
            start += len(word)


def _ruleset(anchors: frozenset[str] | None) -> Ruleset:
    base = next(r for r in Linter().ruleset.rules if r.name == "Medical.AbsoluteClaim")
    rule = dataclasses.replace(base, name="Test.EveryWord", kind="everyword", compiled=_Compiled(anchors), skip=(), limit=0, message="%s")
    return Ruleset((rule,), {"everyword": _EveryWord()}, frozenset({"Test.EveryWord"}))


def _doc(text: str) -> Document:
    return Linter().parse(text, path="a.txt", format="text")


def test_a_rule_runs_only_on_documents_holding_one_of_its_anchor_words() -> None:
    _EveryWord.runs = 0
    diags, _ = engine.lint_document(_doc("Nothing to see here.\n"), _ruleset(frozenset({"cure", "miracle"})))
    assert diags == [] and _EveryWord.runs == 0
    diags, _ = engine.lint_document(_doc("A MIRACLE for you.\n"), _ruleset(frozenset({"cure", "miracle"})))
    assert _EveryWord.runs == 1 and [d.match for d in diags] == ["A", "MIRACLE", "for", "you."]


def test_no_anchors_means_the_rule_always_runs() -> None:
    _EveryWord.runs = 0
    engine.lint_document(_doc("Nothing to see here.\n"), _ruleset(None))
    assert _EveryWord.runs == 1


def test_words_are_cut_as_the_tokenizer_cuts_them() -> None:
    """'risk-free' holds the words 'risk' and 'free'; case does not matter."""
    _EveryWord.runs = 0
    engine.lint_document(_doc("Totally Risk-Free!\n"), _ruleset(frozenset({"free"})))
    assert _EveryWord.runs == 1


def test_a_rule_stops_after_max_findings_and_says_so_the_same_way_every_time(monkeypatch: Any) -> None:
    monkeypatch.setattr(engine, "MAX_FINDINGS", 50)
    doc = _doc("word " * 400 + "\n")
    runs = [engine.lint_document(doc, _ruleset(None)) for _ in range(2)]
    for diags, errors in runs:
        assert len(diags) == 50
        assert len(errors) == 1 and "stopped after 50 findings" in str(errors[0]) and "a.txt" in str(errors[0])
    assert runs[0][0] == runs[1][0]


def test_validate_verbose_names_the_slow_rules() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["validate", "--verbose"], stdout=out, stderr=err) == 0
    lines = [line for line in out.getvalue().splitlines() if "Medical." in line]
    assert len(lines) == 13
    assert all(("slow:" in line) or ("anchor word" in line) or ("once per document" in line) for line in lines)
    assert any("ReadingLevel: slow: no anchor words and no pre-filter" in line for line in lines)
