"""The shipped rule packs as a whole (Ruff's registry tests): documented, named and shaped alike."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from healthlint import load_ruleset
from healthlint.packs import shipped_packs_dir
from healthlint.plugins import load_kinds
from healthlint.scopes import SCOPES

ROOT = Path(__file__).resolve().parents[1]
RULES_DIR = ROOT / "rules"
RULESET = load_ruleset()
RULES = RULESET.rules
KINDS = load_kinds()
#: names that prescribe the fix instead of naming the problem (Ruff's disallowed_rule_names.txt)
DISALLOWED_PREFIXES = ("Avoid", "Use", "Prefer", "DoNot")
#: the rules the issue asks for, each in rules/Medical/<Name>.yml
MEDICAL = {
    "UncitedStatistic", "VagueAttribution", "AbsoluteClaim", "AbsoluteSafety", "EvidenceClaim",
    "TestimonialStatistic", "Superlative", "StigmatizingLanguage", "MissingReviewer",
    "MissingConsultNotice", "MissingDate", "MissingCrisisResource", "ReadingLevel",
}
IDS = [r.name for r in RULES]


def test_the_medical_pack_is_complete() -> None:
    assert {r.name.split(".", 1)[1] for r in RULES if r.style == "Medical"} == MEDICAL
    assert {p.stem for p in (RULES_DIR / "Medical").iterdir() if p.is_file() and p.name != "patterns.yml"} == MEDICAL


def test_every_rule_file_is_yml_with_a_camel_case_stem() -> None:
    for path in RULES_DIR.rglob("*"):
        if path.is_file() and "lexicons" not in path.parts and path.name != "patterns.yml":
            assert path.suffix == ".yml", path
            assert re.fullmatch(r"[A-Z][A-Za-z0-9]*", path.stem), path


def test_style_data_files_are_plain_and_sourced() -> None:
    """Lexicons are .txt word lists with a leading comment saying where the list comes from."""
    for path in RULES_DIR.rglob("lexicons/*"):
        assert path.suffix == ".txt" and re.fullmatch(r"[a-z][a-z0-9-]*", path.stem), path
        assert path.read_text(encoding="utf-8").startswith("#"), f"{path}: start with a comment giving the list's source"


def test_names_are_unique() -> None:
    assert len(IDS) == len(set(IDS))


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_rule_is_documented(rule) -> None:  # type: ignore[no-untyped-def]
    assert rule.description.strip(), rule.name
    assert rule.rationale.strip(), rule.name
    assert rule.message.strip(), rule.name
    assert rule.examples_fail, f"{rule.name} has no examples.fail"
    assert rule.examples_pass, f"{rule.name} has no examples.pass"


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_rationale_names_a_source(rule) -> None:  # type: ignore[no-untyped-def]
    sources = r"FTC|FDA|CFR|HONcode|NIDA|ONDCP|AP Stylebook|CDC|NIH|AMA|Google|schema\.org|Action Alliance|Reporting on Suicide|VA "
    assert re.search(sources, rule.rationale), f"{rule.name}: the rationale should name the regulation or guideline behind it"


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_name_describes_the_problem(rule) -> None:  # type: ignore[no-untyped-def]
    stem = rule.name.split(".", 1)[1]
    assert not stem.startswith(DISALLOWED_PREFIXES), rule.name


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_extends_an_installed_kind_with_valid_scopes(rule) -> None:  # type: ignore[no-untyped-def]
    assert rule.kind in KINDS
    for scope in rule.scope:
        assert scope.lstrip("~") in SCOPES, (rule.name, scope)


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_message_tells_the_writer_what_to_do(rule) -> None:  # type: ignore[no-untyped-def]
    verbs = r"\b(?:add|cite|link|name|say|state|use|write|remove|drop|review|split|check|give|swap|update)\b"
    assert re.search(verbs, rule.message, re.IGNORECASE), f"{rule.name}: the message says what is wrong but not what to do"
    assert rule.name not in rule.message


def test_levels_follow_the_risk() -> None:
    levels = {r.name.split(".", 1)[1]: r.level.value for r in RULES if r.style == "Medical"}
    assert levels["AbsoluteClaim"] == levels["AbsoluteSafety"] == "error"
    assert levels["ReadingLevel"] == "suggestion"
    for name in ("UncitedStatistic", "VagueAttribution", "EvidenceClaim", "TestimonialStatistic", "MissingReviewer", "MissingConsultNotice", "MissingDate"):
        assert levels[name] == "warning", name


def test_the_wheel_ships_the_packs() -> None:
    assert (shipped_packs_dir() / "Medical").is_dir()


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_explain_documents_every_rule(rule) -> None:  # type: ignore[no-untyped-def]
    import io

    from healthlint.cli import main

    out, err = io.StringIO(), io.StringIO()
    assert main(["explain", rule.name], stdout=out, stderr=err) == 0, err.getvalue()
    text = out.getvalue()
    assert rule.name in text
    assert rule.examples_fail[0].splitlines()[0] in text


#: a pattern a reviewer can read in one go; longer ones become lexicons or named patterns
MAX_PATTERN = 150


def _written_patterns(path: Path) -> list[tuple[str, str]]:
    """Every pattern as written in a Medical rule file (or the style's patterns.yml), before expansion."""
    import dataclasses

    from healthlint import yamlpos

    data = yamlpos.plain(yamlpos.load(path.read_text(encoding="utf-8"), str(path)))
    if path.name == "patterns.yml":
        return [(str(k), str(v)) for k, v in data.items()]
    out: list[tuple[str, str]] = []
    for f in dataclasses.fields(KINDS[data["extends"]].Options):
        if not (f.metadata.get("regex") or f.metadata.get("sequence") or f.name == "exceptions"):
            continue
        value = data.get(f.name)
        items = value if isinstance(value, list) else list(value) if isinstance(value, dict) else [value]
        for item in items:
            tokens = item.get("sequence", [item]) if isinstance(item, dict) else [item]
            for token in tokens:
                text = token.get("pattern") if isinstance(token, dict) else token
                if isinstance(text, str):
                    out.append((f.name, text))
    return out


@pytest.mark.parametrize("path", sorted((RULES_DIR / "Medical").glob("*.yml")), ids=lambda p: p.name)
def test_medical_patterns_are_short(path: Path) -> None:
    """No pattern in the Medical pack longer than MAX_PATTERN characters (issue: regex soup nobody can review)."""
    long = [(key, len(text), text[:60]) for key, text in _written_patterns(path) if len(text) > MAX_PATTERN]
    assert not long, f"{path.name}: move word lists into lexicons/ and regular pieces into patterns.yml: {long}"


def test_the_pattern_check_reads_every_kind_of_pattern() -> None:
    """The length check sees tokens, swap keys, sequence tokens and named patterns (it cannot pass by reading nothing)."""
    keys = {key for path in (RULES_DIR / "Medical").glob("*.yml") for key, _ in _written_patterns(path)}
    assert {"tokens", "swap", "context_exceptions", "hedges"} <= keys
    assert any(len(text) > 100 for _, text in _written_patterns(RULES_DIR / "Medical" / "patterns.yml"))
