"""Lexicons, named patterns and token sequences: shared by rules, expanded at load, errors positioned."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from healthlint import lint_text, load_ruleset
from healthlint.anchors import pattern_anchors
from healthlint.cli import main
from healthlint.errors import RuleErrors
from healthlint.packs import shipped_packs_dir, style_files
from healthlint.tokens import word_set

SEQUENCE_RULE = """\
extends: sequence
message: "'%s' promises a cure"
ignorecase: true
negation: true
tokens:
  - lexicon: verbs
  - lexicon: owners
    optional: true
  - lexicon: ills
"""
EXISTENCE_RULE = """\
extends: existence
message: "'%s'"
ignorecase: true
tokens:
  - '{lemma:guarantee} {lexicon:ills}'
  - 'on {pattern:day}'
  - sequence:
      - pattern: 'totally|fully'
      - lexicon: Other.safe
"""


def make_style(root: Path) -> Path:
    style = root / "Demo"
    (style / "lexicons").mkdir(parents=True)
    (style / "lexicons" / "verbs.txt").write_text("# verbs that promise an end\n@inflect verb\ncure\nwipe out\n", encoding="utf-8")
    (style / "lexicons" / "owners.txt").write_text("your\nthe\n", encoding="utf-8")
    (style / "lexicons" / "ills.txt").write_text("# conditions\n@inflect noun\nanxiety\npanic attack\nAlzheimer's disease\n", encoding="utf-8")
    (style / "patterns.yml").write_text("weekday: '(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day'\nday: '{pattern:weekday}s?'\n", encoding="utf-8")
    (style / "Cure.yml").write_text(SEQUENCE_RULE, encoding="utf-8")
    (style / "Promise.yml").write_text(EXISTENCE_RULE, encoding="utf-8")
    other = root / "Other"
    (other / "lexicons").mkdir(parents=True)
    (other / "lexicons" / "safe.txt").write_text("safe\nharmless\n", encoding="utf-8")
    return style


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def matches(root: Path, text: str, rule: str) -> list[str]:
    rs = load_ruleset(["Demo"], styles_path=[root])
    return [d.match for d in lint_text(text, path="a.md", ruleset=rs) if d.rule == f"Demo.{rule}"]


def test_data_files_are_not_rules(tmp_path: Path) -> None:
    style = make_style(tmp_path)
    assert [p.name for p in style_files(style)] == ["Cure.yml", "Promise.yml"]
    assert not [p for p in style_files(shipped_packs_dir()) if "lexicons" in p.parts or p.name == "patterns.yml"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It cured your anxiety.", ["cured your anxiety"]),
        ("Wiped out panic attacks for good.", ["Wiped out panic attacks"]),
        ("It cures Alzheimer’s disease.", ["cures Alzheimer’s disease"]),
        ("It cures anxiety.", ["cures anxiety"]),
        ("It does not cure anxiety.", []),
        ("The cure anxiety brings is attention.", []),  # "cure" the noun form is the lemma: still a verb-form match? no: lexicon has no noun forms
        ("A secure anxiety plan.", []),
    ],
)
def test_sequence_of_lexicons(tmp_path: Path, text: str, expected: list[str]) -> None:
    make_style(tmp_path)
    got = matches(tmp_path, text, "Cure")
    if text.startswith("The cure"):
        assert got == ["cure anxiety"]  # "cure" is a verb form too: the sequence reads words, not parts of speech
    else:
        assert got == expected


def test_references_in_patterns_and_other_styles(tmp_path: Path) -> None:
    make_style(tmp_path)
    text = "We guaranteed anxiety relief on Tuesdays. It is totally harmless. It is fully safe."
    assert matches(tmp_path, text, "Promise") == ["guaranteed anxiety", "on Tuesdays", "totally harmless", "fully safe"]


def test_adding_a_term_reaches_every_rule_using_the_lexicon(tmp_path: Path) -> None:
    style = make_style(tmp_path)
    text = "It cures tinnitus. We guarantee tinnitus relief."
    assert matches(tmp_path, text, "Cure") == [] and matches(tmp_path, text, "Promise") == []
    with (style / "lexicons" / "ills.txt").open("a", encoding="utf-8") as fh:
        fh.write("tinnitus\n")
    assert matches(tmp_path, text, "Cure") == ["cures tinnitus"]
    assert matches(tmp_path, text, "Promise") == ["guarantee tinnitus"]


def test_anchors_come_from_lexicons(tmp_path: Path) -> None:
    make_style(tmp_path)
    rs = load_ruleset(["Demo"], styles_path=[tmp_path])
    for name, texts in {
        "Demo.Cure": ["It cured your anxiety.", "Wiped out panic attacks.", "It cures Alzheimer’s disease."],
        "Demo.Promise": ["We guaranteed anxiety relief.", "Open on Tuesdays.", "It is totally harmless."],
    }.items():
        anchors = rs.by_name()[name].anchors
        assert anchors, name
        assert not anchors & {"your", "the", "on"}, anchors  # never an optional or common word when a better one exists
        for text in texts:
            assert matches(tmp_path, text, name.split(".")[1]), text
            assert anchors & word_set(text), (name, text)


@pytest.mark.parametrize(
    ("pattern", "anchors"),
    [
        (r"\bcure\b", None),  # \b holds between "e" and "²", but words() reads "cure²" as one word
        (r"\b(?<!\p{No})(?:cure|heal)\b(?!\p{No})", {"cure", "heal"}),
        (r"(?<![\p{L}\p{N}\p{M}])cur(?:es|ed)(?![\p{L}\p{N}\p{M}])", {"cures", "cured"}),
        (r"\d+%", None),
        (r"[\p{L}-]+ safe\s", {"safe"}),
        (r"(?<![\p{L}\p{N}\p{M}])risk[-\s]free(?![\p{L}\p{N}\p{M}])", {"risk"}),
        (r"(?<![\p{L}\p{N}\p{M}])(?:no|zero)\s+side[-\s]effects?\s", {"side"}),
        (r"(?x) cure \s", None),
        (r"x(?(1)a|b)", None),
    ],
)
def test_pattern_anchors(pattern: str, anchors: set[str] | None) -> None:
    assert pattern_anchors(pattern) == (None if anchors is None else frozenset(anchors))


def test_every_shipped_fail_example_holds_an_anchor() -> None:
    """An anchor set that misses a possible match is a bug: the engine would skip the rule there."""
    for rule in load_ruleset().rules:
        anchors = rule.anchors
        if anchors is None:
            continue
        for text in rule.examples_fail:
            assert anchors & word_set(text), f"{rule.name}: no anchor word in {text!r}"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param({"Cure.yml": SEQUENCE_RULE.replace("lexicon: ills", "lexicon: illz")}, "Cure.yml:9:14: error: unknown lexicon 'illz'", id="missing-lexicon"),
        pytest.param({"Promise.yml": EXISTENCE_RULE.replace("{pattern:day}", "{pattern:dya}")}, "Promise.yml:6:9: error: unknown pattern 'dya'", id="unknown-pattern"),
        pytest.param({"Promise.yml": EXISTENCE_RULE.replace("Other.safe", "Nowhere.safe")}, "Promise.yml:9:18: error: unknown style 'Nowhere'", id="unknown-style"),
        pytest.param({"lexicons/ills.txt": "# nothing yet\n\n"}, "lexicons/ills.txt:1:1: error: lexicon 'ills' has no terms", id="empty-lexicon"),
        pytest.param({"lexicons/ills.txt": "anxiety\n  @inflect verbs\n"}, "lexicons/ills.txt:2:3: error: unknown lexicon directive", id="bad-directive"),
        pytest.param({"lexicons/ills.txt": "anxiety\npanic(?: attacks)?\n"}, "lexicons/ills.txt:2:1: error: a lexicon term is plain text", id="pattern-in-lexicon"),
        pytest.param({"patterns.yml": "weekday: '(?:Mon'\nday: x\n"}, "patterns.yml:1:10: error: pattern 'weekday': invalid regex", id="bad-pattern"),
        pytest.param({"patterns.yml": "day: 'on {pattern:day}'\n"}, "patterns.yml:1:6: error: pattern 'day': pattern 'day' refers to itself", id="cycle"),
        pytest.param({"patterns.yml": "day: '{lexicon:nope}'\n"}, "patterns.yml:1:6: error: pattern 'day': unknown lexicon 'nope'", id="unknown-in-pattern"),
        pytest.param({"Promise.yml": EXISTENCE_RULE.replace("lexicon: Other.safe", "lexicon: Other.safe\n        lemma: safe")}, "Promise.yml:10:9: error: a token has one of pattern, lexicon or lemma", id="two-kinds"),
    ],
)
def test_errors_are_positioned(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    style = make_style(tmp_path)
    for name, text in files.items():
        (style / name).write_text(text, encoding="utf-8")
    with pytest.raises(RuleErrors) as info:
        load_ruleset(["Demo"], styles_path=[tmp_path])
    assert expected in str(info.value), str(info.value)
    code, _, err = run("validate", str(style))
    assert code == 2
    assert expected in err, err


def test_validate_reports_data_errors(tmp_path: Path) -> None:
    style = make_style(tmp_path)
    (style / "lexicons" / "ills.txt").write_text("", encoding="utf-8")
    code, _, err = run("validate", str(style))
    assert code == 2
    assert f"{style}/lexicons/ills.txt:1:1: error: lexicon 'ills' has no terms" in err


def test_vale_tokens_are_not_expanded() -> None:
    """A Vale style has no lexicons: '{lexicon:x}' in a Vale pattern stays as written."""
    from healthlint.kinds.existence import ExistenceOptions
    from healthlint.refs import expand_value

    assert expand_value({"tokens": ["{lexicon:x}"]}, "tokens", ("{lexicon:x}",), None, lambda m, p: None) == ("{lexicon:x}",)


def test_copy_of_shipped_style_loads(tmp_path: Path) -> None:
    shutil.copytree(shipped_packs_dir() / "Medical", tmp_path / "Medical")
    rs = load_ruleset(["Medical"], styles_path=[tmp_path])
    assert any(r.path.startswith(str(tmp_path)) or "Medical" in r.path for r in rs.rules)


def test_explain_shows_sequences_and_lexicons() -> None:
    code, out, _ = run("explain", "Medical.AbsoluteClaim")
    assert code == 0
    assert "{efficacy-verbs} + [{possessives}] + [/signs\\s+of|symptoms\\s+of|root\\s+cause\\s+of/] + {conditions}" in out
    lexicons = out.split("Lexicons", 1)[1]
    assert "conditions (" in lexicons and "terms" in lexicons and "acne" in lexicons
    assert "efficacy-verbs (" in lexicons and "every verb form" in lexicons
    assert "Named patterns" in out and "for-ever:" in out


#: a sentence each rule that names the conditions lexicon must flag once the condition is in it
CONDITION_SENTENCES = {
    "Medical.AbsoluteClaim": "Our tea reverses {x} in a week.",
    "Medical.StigmatizingLanguage": "Many {x} sufferers never see a doctor.",
}


def test_a_new_condition_reaches_every_rule_that_names_the_lexicon(tmp_path: Path) -> None:
    """A rule author adds one line to lexicons/conditions.txt; every rule using the list catches it."""
    from healthlint.lexicon import LazyStyles
    from healthlint.plugins import load_kinds
    from healthlint.ruledoc import matching

    style = tmp_path / "Medical"
    shutil.copytree(shipped_packs_dir() / "Medical", style)
    data = LazyStyles({"Medical": style})
    users = {
        f"Medical.{p.stem}"
        for p in style_files(style)
        if "conditions" in matching(p, load_kinds(), data, "Medical").lexicons
    }
    assert users == set(CONDITION_SENTENCES), "give every rule that uses the conditions lexicon a sentence here"
    condition = "glimmerfoot syndrome"  # an invented condition

    def fired() -> set[str]:
        rs = load_ruleset(["Medical"], styles_path=[tmp_path])
        found = set()
        for name, sentence in CONDITION_SENTENCES.items():
            diags = lint_text(sentence.format(x=condition), path="a.md", ruleset=rs)
            found |= {d.rule for d in diags if d.rule == name and "glimmerfoot" in d.match}
        return found

    assert fired() == set()
    with (style / "lexicons" / "conditions.txt").open("a", encoding="utf-8") as fh:
        fh.write(condition + "\n")
    assert fired() == users


def test_every_finding_on_seeds_and_corpus_holds_an_anchor() -> None:
    """The anchors a rule reports are sound on real shapes of text: each finding's own words hold one."""
    from conftest import ROOT, SEEDS

    from healthlint import lint_file

    rs = load_ruleset()
    anchors = {r.name: r.anchors for r in rs.rules}
    assert sum(a is not None for a in anchors.values()) >= 6, "most claim rules have anchors"
    paths = [*sorted(SEEDS.iterdir()), *sorted(p for p in (ROOT / "tests" / "corpus").iterdir() if p.suffix in (".md", ".txt", ".html"))]
    checked = 0
    for path in paths:
        for d in lint_file(path, ruleset=rs):
            words = anchors.get(d.rule)
            if words is None or not d.match:
                continue
            checked += 1
            assert words & word_set(d.match), f"{path.name}:{d.line}:{d.column} {d.rule} {d.match!r} holds no anchor"
    assert checked > 100


def test_building_the_rules_lets_lemminflect_tables_go_and_forms_still_come() -> None:
    """The inflection tables (about 20 MB) are needed only while rules are built; a word asked
    for afterwards (a rule recompiled for a configuration) loads them again."""
    lemminflect = pytest.importorskip("lemminflect")
    from lemminflect.core.Inflections import Inflections

    from healthlint.lexicon import _forms_of

    assert "treats" in _forms_of("treat", "verb")
    assert "infl_dict" in vars(Inflections())
    load_ruleset()
    assert "infl_dict" not in vars(Inflections())
    assert set(_forms_of("cure", "verb")) >= {"cures", "cured", "curing"}
    assert lemminflect.getAllInflections("heal", upos="VERB")
