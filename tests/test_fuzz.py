"""Any bytes in, a clean answer out: property-based tests and the fuzz corpus.

The invariants live in ``fuzz/healthlint_fuzz.py`` (the atheris target runs the same
checks): nothing raises but a clean ``InputError`` for undecodable bytes; every
segment, citation and diagnostic span lies inside the source; a diagnostic's
``match`` is its source slice and its line and column are right; linting twice gives
the same result; every CI output parses. Hypothesis runs derandomized (the same
examples on every run, so CI is deterministic) and bounded (about 30 s); the
long coverage-guided run is described in the README ("Fuzzing").
"""

from __future__ import annotations

import codecs
import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, SEEDS

sys.path.insert(0, str(ROOT / "fuzz"))
import healthlint_fuzz  # noqa: E402

CORPUS = ROOT / "tests" / "fuzz_corpus"
CI_SETTINGS = settings(
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

#: the constructs the parsers treat specially, and the words the shipped rules look for
PIECES = (
    "# ", "## ", "\n", "\n\n", "\r\n", "\r", "\t", "    ", "> ", ">>> ", "- ", "* ", "1. ", "  - ",
    "```", "```\n", "~~~", "`", "**", "*", "__", "_", "~~", "\\", "[", "]", "(", ")", "](", "](https://nih.gov/a)",
    "[1]", "[^1]", "\n[^1]: A source.\n", "[a][r]", "\n[r]: https://cdc.gov\n", "![alt", "![x](y.png)",
    "|", "| a | b |\n|---|---|\n", "---\n", "+++\n", "---\ntitle: T\ndate: 2024-01-02\n---\n", ": ", "&a ", "*a",
    "<", ">", "</", "<p>", "</p>", "<div>", "</div>", "<b>", "<br/>", "<a href=\"https://who.int\">", "</a>",
    "<sup>2</sup>", "<cite>", "<script>", "</script>", "<style>", "<pre>", "<code>", "<!--", "-->",
    "<!-- healthlint-disable -->", "<!-- healthlint-enable -->", "<!-- healthlint-disable-next-line Medical.AbsoluteClaim -->",
    "<![CDATA[", "]]>", "<!DOCTYPE html>", "<?php", "<![if x]>", "&amp;", "&#", "&#x41;", "&#;", "&nbsp;", "&",
    "<title>", "<meta name=\"author\" content=\"Jane Doe, MD\">", "<img alt=\"", "\"", "'", "=",
    "<script type=\"application/ld+json\">{\"reviewedBy\": {\"name\": \"A B, MD\"}}</script>",
    "\x00", "\ufeff", "\u200b", "\u200d", "\u202e", "\u2066", "\u2069", "\u00a0", "\u2028", "\x85", "\x1b[31m",
    "\U0001f600", "é", "日本", "\u0301", "%", "%0A", "::", ",",
    "It cures diabetes. ", "50% of adults", "2.7%", "1 in 5 people", "guaranteed to work", "100% safe",
    "no side effects", "clinically proven", "Studies show", "according to the CDC", "87% of our patients",
    "the best clinic", "suicide", "Talk to your doctor.", "Medically reviewed by Jane Doe, MD.", "Dr. ",
    "U.S. ", "e.g. ", "et al. ", "(Smith, 2020)", "doi:10.1000/xyz ", "PMID: 12345678 ", "https://example.com ",
    "Is it a cure? ", "It is not a cure. ", "may help ", "Published June 1, 2020.",
)
_ALPHABET = st.characters(blacklist_categories=("Cs",), max_codepoint=0x1F64F)


@st.composite
def _text(draw: st.DrawFn) -> str:
    """An article-like string: markup pieces, claim words and random characters."""
    parts = draw(st.lists(st.one_of(st.sampled_from(PIECES), st.text(_ALPHABET, max_size=12)), max_size=60))
    text = "".join(parts)
    if draw(st.booleans()):  # deep nesting and long runs, kept small enough to lint quickly
        unit = draw(st.sampled_from(("<div>", "<b>", "> ", "- ", "  ", "[", "(", "*", "`", "<!--", "&#", "<!x", "a. ")))
        text = unit * draw(st.integers(1, 400)) + text
    return text


def _encodings(text: str) -> st.SearchStrategy[bytes]:
    crlf = text.replace("\n", "\r\n")
    return st.sampled_from(
        (
            text.encode("utf-8"),
            codecs.BOM_UTF8 + text.encode("utf-8"),
            codecs.BOM_UTF16_LE + crlf.encode("utf-16-le"),
            codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
            text.encode("utf-16-le"),  # UTF-16 without a BOM: never guessed
            text.encode("latin-1", "replace"),
            text.encode("utf-8").replace(b"e", b"\xed\xa0\x80", 1),  # an encoded surrogate
            text.encode("utf-32"),
        )
    )


def _seed_texts() -> list[bytes]:
    paths = sorted(SEEDS.iterdir()) + sorted((ROOT / "tests" / "corpus").glob("*.md"))[:4]
    return [p.read_bytes() for p in paths if p.is_file()]


SEED_BYTES = _seed_texts()
_TOKENS = [p.encode("utf-8") for p in PIECES] + [b"\xff", b"\xfe\xff", b"\xef\xbb\xbf", b"\xc3", b"\x80"]


@st.composite
def _mutated(draw: st.DrawFn) -> bytes:
    """A window of a real article, with bytes and markup inserted, deleted, repeated and flipped."""
    seed = draw(st.sampled_from(SEED_BYTES))
    start = draw(st.integers(0, max(len(seed) - 1, 0)))
    data = bytearray(seed[start : start + draw(st.integers(0, 3000))])
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(("insert", "delete", "repeat", "flip")))
        if op == "insert":
            data[at:at] = draw(st.sampled_from(_TOKENS))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 50))]
        elif op == "repeat" and data:
            data[at:at] = data[at : at + draw(st.integers(1, 20))] * draw(st.integers(2, 30))
        elif op == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
    return bytes(data)


def documents() -> st.SearchStrategy[bytes]:
    """Bytes as healthlint may find them on disk (also used by ``fuzz/healthlint_fuzz.py --hypothesis``)."""
    return st.one_of(_text().flatmap(_encodings), _mutated(), st.binary(max_size=300))


@settings(CI_SETTINGS, max_examples=200)
@given(documents())
def test_any_bytes_give_a_clean_answer(data: bytes) -> None:
    healthlint_fuzz.check_bytes(data, outputs=False)


@settings(CI_SETTINGS, max_examples=60)
@given(_text())
def test_every_output_format_parses(text: str) -> None:
    for fmt in healthlint_fuzz.FORMATS:
        diags = healthlint_fuzz.check_text(text, fmt, outputs=False)
        if diags:
            healthlint_fuzz.check_outputs(diags, text)


@settings(CI_SETTINGS, max_examples=60)
@given(st.text(st.characters(max_codepoint=0xFFFF), max_size=200), st.sampled_from(healthlint_fuzz.FORMATS))
def test_the_library_takes_any_string(text: str, fmt: str) -> None:
    """``lint_text`` accepts strings no file can hold (lone surrogates) without failing."""
    healthlint_fuzz.check_text(text, fmt, outputs=False)


def _corpus() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_file() and p.name != "README.md")


def test_the_corpus_is_there() -> None:
    assert len(_corpus()) >= 30


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.name)
def test_corpus_input(path: Path) -> None:
    """Every input the fuzzer found interesting (and the hand-made hostile ones) stays clean."""
    healthlint_fuzz.check_bytes(path.read_bytes(), outputs=path.stat().st_size < 20_000)


# -- rule packs are data from a third party ----------------------------------------------

#: patterns a rule author (or an attacker) may write: sound ones, and invalid, catastrophic, empty-matching, huge
SOUND = ("cures?", "miracle", "\\d+(?:\\.\\d+)?%", "\\b[A-Z]{3,5}\\b", "(?i)guaranteed", "no side effects", "\\w+", "[^\\s]+", "(\\w+)")
HOSTILE = (
    "(a+)+$", "(a|a)+$", "[", "(?i)x(?-i)Y", "\\", "a{99999999}", "(?:ab){65535}", "(?<=a+)b", "(?<![^\n])[ \t]*x", "", "^", "$",
    "\\b", "(?=)", ".*", "[ \\t]+", "(?P<n>x)(?P=n)", "%s", "$1", "a|", "x{2,1}", "(?r)x", "(?V1)[[a-z]--[aeiou]]",
    "\\N{DASH}", "[[:alpha:]]", "\x00", "\U0001f600",
)
SCOPES = ("text", "sentence", "paragraph", "heading", "list", "table", "raw", "document", "metadata", "title", "alt")


def _pattern() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(SOUND), st.sampled_from(SOUND), st.sampled_from(HOSTILE), st.text(max_size=8))


def _option_value(annotation: str) -> st.SearchStrategy[object]:
    """A value of the option's type (and now and then of another)."""
    if annotation == "bool":
        typed: st.SearchStrategy[object] = st.booleans()
    elif annotation in ("int", "float"):
        typed = st.integers(0, 5)
    elif annotation.startswith("tuple"):
        typed = st.lists(_pattern(), min_size=1, max_size=3)
    elif annotation.startswith("dict"):
        typed = st.dictionaries(_pattern(), _pattern(), min_size=1, max_size=3)
    else:
        typed = _pattern()
    odd = st.one_of(st.integers(-2, 10**9), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=4), st.lists(st.integers(), max_size=2))
    return st.one_of(typed, typed, typed, odd)


@st.composite
def rule_files(draw: st.DrawFn) -> str:
    """A rule file in Vale's format for one of the installed kinds, with plausible and hostile values."""
    import dataclasses

    from healthlint.plugins import load_kinds

    kinds = load_kinds()
    name = draw(st.sampled_from(sorted(kinds)))
    data: dict[str, object] = {"extends": name, "message": draw(st.sampled_from(["Found '%s'", "%[2]s %d %q %%", "x"]))}
    data["level"] = draw(st.sampled_from(["error", "warning", "suggestion"]))
    if draw(st.booleans()):
        data["scope"] = draw(st.one_of(st.sampled_from(SCOPES), st.lists(st.sampled_from(SCOPES), min_size=1, max_size=3)))
    if draw(st.integers(0, 3)) == 0:
        data["limit"] = draw(st.integers(0, 3))
    if draw(st.integers(0, 3)) == 0:
        data["skip"] = draw(st.lists(st.sampled_from(["references", "boilerplate"]), max_size=2))
    kind = kinds[name]
    for f in dataclasses.fields(kind.Options):
        if draw(st.integers(0, 2)) == 0:
            data[f.name] = draw(_option_value(str(f.type)))
    if draw(st.integers(0, 6)) == 0:  # a key, level or scope that is not one
        data[draw(st.sampled_from(["unknown", "tokenz", "level", "scope", "extends"]))] = draw(st.sampled_from(["nope", 3, None]))
    text = "\n".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in data.items())  # JSON is YAML 1.2 flow
    if draw(st.integers(0, 6)) == 0:
        text += "\n" + draw(st.sampled_from(["a: &a [*a]", "b: !!python/object/apply:os.system ['true']", ": [", "\t- x", "%YAML 9"]))
    return text


@settings(CI_SETTINGS, max_examples=300)
@given(rule_files())
def test_any_rule_file_is_a_rule_or_a_positioned_error(text: str) -> None:
    """Loading a rule never raises anything but RuleErrors; a rule that loads lints without failing."""
    import warnings

    from healthlint.engine import lint_document
    from healthlint.errors import HealthlintError, RuleErrors
    from healthlint.parse.build import build_document
    from healthlint.plugins import load_kinds
    from healthlint.ruleset import Ruleset
    from healthlint.rulespec import load_rule_text

    kinds = load_kinds()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ruamel warns about reused anchors
        try:
            rule = load_rule_text(text, kinds, path="styles/S/R.yml", name="S.R")
        except RuleErrors as exc:
            assert exc.errors and all(e.path == "styles/S/R.yml" and e.line >= 1 for e in exc.errors), str(exc)
            return
    source = "---\ndate: 2024-01-01\n---\n# Title\n\nIt cures 50% of people, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab [1].\n\n- A list item\n\n[1]: https://nih.gov\n"
    doc = build_document("a.md", source, "markdown")
    diags, errors = lint_document(doc, Ruleset((rule,), kinds))
    assert all(isinstance(e, HealthlintError) for e in errors)
    for d in diags:
        assert 0 <= d.start <= d.end <= len(source) and d.match == source[d.start : d.end]


#: the dense shapes a pull request can send (issue: 3 MB of claims on one line, 2 MB of
#: short sentences, a 1.5 MB table), at a size a test can afford
_DENSE = ["guaranteed 12% ", ".", "?! ", "Cures. ", "| 7 | guaranteed 5% cure | 1 in 3 adults |\n", "100% safe, no side effects; ", "**cure** [x](y) "]


@pytest.mark.parametrize("unit", _DENSE)
@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_dense_text_costs_linear_work(unit: str, fmt: str) -> None:
    healthlint_fuzz.check_growth(unit, fmt)


_CLAIM_WORDS = ["cure", "cures", "guaranteed", "100%", "12%", "1 in 5", "never", "always", "safe", "proven", "best", "not", "may", "\"", "'", ",", ".", "?", "|", "*", "\n", " ", "  ", "[1]", "(", ")"]


@settings(max_examples=6, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(_CLAIM_WORDS), min_size=1, max_size=12).map(" ".join))
def test_any_dense_text_costs_linear_work(unit: str) -> None:
    healthlint_fuzz.check_growth(unit, "markdown")
