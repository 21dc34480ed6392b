"""The citation standard (``citation_scope``): which markers cite a statistic, and how far they reach.

Each class has a ``noop`` case (the figure is cited) next to a ``fires`` case (it is not), so
a test fails when the scope grows too far as well as when it shrinks.
"""

from __future__ import annotations

import pytest

from healthlint import lint_text, load_ruleset
from healthlint.errors import RuleErrors
from healthlint.rulespec import load_rule_text
from healthlint.ruleset import Ruleset

_ALL = load_ruleset()
_STAT = Ruleset(tuple(r for r in _ALL.rules if r.name == "Medical.UncitedStatistic"), _ALL.kinds)


def stats(text: str, path: str = "a.md", ruleset: Ruleset = _STAT) -> list[str]:
    return [d.match for d in lint_text(text, path=path, ruleset=ruleset)]


def _rule(extra: str) -> Ruleset:
    text = f"extends: citation\nmessage: '%s'\nscope: [sentence, list, table, blockquote]\nraw: ['\\d+%']\n{extra}"
    return Ruleset((load_rule_text(text, _ALL.kinds, path="Test.yml", name="Test.Percent"),), _ALL.kinds)


# (class, cited text, the same class without a citation in scope)
CASES = [
    (
        "link earlier in the paragraph",
        "The [national survey](https://www.cdc.gov/nchs/data) looked at sleep. About 30% of adults snore.\n",
        "The national survey looked at sleep. About 30% of adults snore.\n",
    ),
    (
        "parenthesized reference number",
        "About 30% of adults snore (3).\n",
        "About 30% of adults snore (24/7 monitoring).\n",
    ),
    ("reference numbers in a list", "About 30% of adults snore (1,2).\n", "About 30% of adults snore (n=20).\n"),
    ("reference number range", "About 30% of adults snore (1-3).\n", "About 30% of adults snore (often).\n"),
    (
        "bracketed number at the paragraph's start",
        "Sleep [2] matters. About 30% of adults snore.\n",
        "Sleep matters. About 30% of adults snore.\n",
    ),
    (
        "superscript",
        "About 30% of adults snore.² Many never know.\n",
        "About 30% of adults snore. Many never know.\n",
    ),
    (
        "superscript flattened by a text export",
        "The lifetime rate is around 12.4%.3 This means many adults.\n",
        "The lifetime rate is around 12.4%. This means many adults.\n",
    ),
    (
        "reference numbers flattened after a lead-in colon",
        "About 5% of adults snore. Signs include:3,7,9\n",
        "About 5% of adults snore. Signs include:\n",
    ),
    (
        "bracketed reference numbers split over lines by a text export",
        "About 30% of adults snore, and 10% stop breathing at night [\n1,\n2].\n",
        "About 30% of adults snore, and 10% stop breathing at night [see\nnotes].\n",
    ),
    (
        "reference number with its label",
        "About 30% of adults snore (ref. 4).\n",
        "About 30% of adults snore (refer to a doctor).\n",
    ),
    (
        "roman-numeral footnote marker",
        "About 30% of adults snore, more with age.[ii] Many never know.\n",
        "About 30% of adults snore, more with age. Many never know.\n",
    ),
    (
        "author-year line under the text",
        "About 30% of adults snore.\nOkafor and Lindqvist, 2021\n",
        "About 30% of adults snore.\n\nOkafor and Lindqvist, 2021\n",
    ),
    (
        "identifier",
        "About 30% of adults snore. PMID: 12345678\n",
        "About 30% of adults snore. The Sleep Journal, 2018.\n",
    ),
    (
        "bare source URL in plain text",
        "About 30% of adults snore. Source: https://www.cdc.gov/sleep\n",
        "About 30% of adults snore. Source: National Sleep Council\n",
    ),
    (
        "lead-in sentence of a list",
        "Sleep data [(CDC, 2023)](https://www.cdc.gov/sleep) show:\n\n- 30% of adults snore\n- 10% have apnea\n",
        "Sleep data show:\n\n- 30% of adults snore\n- 10% have apnea\n",
    ),
    (
        "lead-in sentence of a list in exported text",
        "Warning signs include:3,7\n\n  • 30% of adults snore\n  • 10% have apnea\n",
        "Warning signs include:\n\n  • 30% of adults snore\n  • 10% have apnea\n",
    ),
    (
        "table with a Source line",
        "| Group | Rate |\n|---|---|\n| Adults who snore | 30% of adults |\n\nSource: [CDC](https://www.cdc.gov/sleep)\n",
        "| Group | Rate |\n|---|---|\n| Adults who snore | 30% of adults |\n\nNote: rates vary.\n",
    ),
    (
        "blockquote with an attribution line",
        "> About 30% of adults snore.\n>\n> — Okafor et al., 2021\n",
        "> About 30% of adults snore.\n\n> Snoring is common.\n",
    ),
]


@pytest.mark.parametrize(("name", "cited", "uncited"), CASES, ids=[c[0] for c in CASES])
def test_a_citation_in_scope_covers_the_figure(name: str, cited: str, uncited: str) -> None:
    path = "a.txt" if "•" in cited else "a.md"
    assert stats(cited, path) == []
    assert stats(uncited, path) != []


NOT_CITATIONS = [
    pytest.param("About 30% of adults snore. [Book a sleep study](/book) today.\n", id="call-to-action link"),
    pytest.param("About 30% of adults snore. Call [our clinic](tel:+15555550100).\n", id="tel link"),
    pytest.param("About 30% of adults snore, according to the National Sleep Council.\n", id="named organisation"),
    pytest.param("A 2018 study in a leading sleep journal found 30% of adults snore.\n", id="journal and year"),
    pytest.param(
        "We cite [a survey](https://www.cdc.gov/sleep) here.\n\nAbout 30% of adults snore.\n", id="previous paragraph"
    ),
    pytest.param("About 30% of adults snore.\n\nMore in [this survey](https://www.cdc.gov/sleep).\n", id="next paragraph"),
    pytest.param("About 30% of adults snore.\n\n## References\n\n1. Okafor A. Sleep. 2021.\n", id="reference list only"),
    pytest.param("Try these steps:\n\n(1) About 30% of adults snore.\n", id="list numbering"),
    pytest.param("Researchers found (1) about 30% of adults snore and (2) many never know.\n", id="enumeration"),
    pytest.param("Reviews (12) say about 30% of adults snore.\n", id="a count"),
    pytest.param("Snoring is common.\n4\nAbout 30% of adults snore.\n", id="a number alone on a line"),
    pytest.param("Section A.1 About 30% of adults snore.\n", id="outline numbering"),
    pytest.param("See fig.2 About 30% of adults snore.\n", id="a figure number"),
    pytest.param("- [x] About 30% of adults snore.\n", id="a task-list box"),
]


@pytest.mark.parametrize("text", NOT_CITATIONS)
def test_not_a_citation(text: str) -> None:
    assert stats(text) == ["30%"]


def test_an_html_paragraph_over_several_lines_is_one_paragraph() -> None:
    html = '<p>The <a href="https://www.cdc.gov/sleep">survey</a> looked at sleep.\nAbout 30% of adults\nsnore.</p>\n'
    assert stats(html, "a.html") == []
    html = '<p>The <a href="https://www.cdc.gov/sleep">survey</a> looked at sleep.</p>\n<p>About 30% of adults snore.</p>\n'
    assert stats(html, "a.html") == ["30%"]


def test_an_html_table_row_and_its_caption() -> None:
    row = '<table><tr><td>30% of adults snore</td><td><a href="https://www.cdc.gov/sleep">CDC</a></td></tr>'
    assert stats(row + "</table>", "a.html") == []
    other_row = '<table><tr><td>30% of adults snore</td></tr><tr><td><a href="https://www.cdc.gov/x">CDC</a></td></tr></table>'
    assert stats(other_row, "a.html") == ["30%"]
    captioned = '<table><caption>Snoring (<a href="https://www.cdc.gov/sleep">CDC</a>)</caption><tr><td>30% of adults snore</td></tr></table>'
    assert stats(captioned, "a.html") == []
    below = '<figure><table><tr><td>30% of adults snore</td></tr></table><figcaption>Data: <a href="https://www.cdc.gov/sleep">CDC</a></figcaption></figure>'
    assert stats(below, "a.html") == []
    assert stats(below.replace('<a href="https://www.cdc.gov/sleep">CDC</a>', "our survey"), "a.html") == ["30%"]


def test_an_html_blockquote_is_one_paragraph() -> None:
    quote = "<blockquote><p>About 30% of adults snore.</p><p>— Okafor et al., 2021</p></blockquote>"
    assert stats(quote, "a.html") == []
    two = "<blockquote><p>About 30% of adults snore.</p></blockquote><blockquote><p>— Okafor et al., 2021</p></blockquote>"
    assert stats(two, "a.html") == ["30%"]


def test_a_list_lead_in_must_introduce_the_list() -> None:
    # the paragraph before cites its own figure, then the list's figures are new claims
    text = "Snoring is common [(CDC, 2023)](https://www.cdc.gov/sleep). It often goes unnoticed.\n\n- 30% of adults snore\n"
    assert stats(text) == ["30%"]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        pytest.param("", [], id="default-paragraph"),
        pytest.param("citation_scope: paragraph\n", [], id="paragraph"),
        pytest.param("paragraph: true\n", [], id="older-key-true"),
        pytest.param("citation_scope: sentence\n", ["30%"], id="sentence"),
        pytest.param("paragraph: false\n", ["30%"], id="older-key-false"),
    ],
)
def test_citation_scope_option(extra: str, expected: list[str]) -> None:
    text = "Snoring is common [1]. About 30% of adults snore.\n"
    assert stats(text, ruleset=_rule(extra)) == expected


@pytest.mark.parametrize(
    "extra",
    [pytest.param("citation_scope: section\n", id="unknown"), pytest.param("citation_scope: sentence\nparagraph: true\n", id="contradiction")],
)
def test_a_bad_citation_scope_is_a_rule_error(extra: str) -> None:
    with pytest.raises(RuleErrors) as info:
        _rule(extra)
    assert "citation_scope" in str(info.value)


def test_an_html_lead_in_covers_its_own_list_only() -> None:
    html = (
        '<p>Survey data (<a href="https://www.cdc.gov/sleep">CDC</a>) show:</p>'
        "<ul><li>30% of adults snore</li><li>10% have apnea</li></ul>"
        "<ul><li>20% of teens snore</li></ul>"
    )
    assert stats(html, "a.html") == ["20%"]


def test_a_picture_address_in_plain_text_is_no_citation() -> None:
    text = "![](https://cdn.example/uploads/sleep-chart.png?w=800)\nAbout 30% of adults snore.\n"
    assert stats(text, "a.txt") == ["30%"]
    assert stats("Source: https://www.cdc.gov/sleep\nAbout 30% of adults snore.\n", "a.txt") == []


_VAGUE = Ruleset(tuple(r for r in _ALL.rules if r.name == "Medical.VagueAttribution"), _ALL.kinds)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Clinical trials have shown relief in most adults. These trials also indicate a lasting effect.\n",
            ["Clinical trials have shown"],
            id="back-reference-to-a-flagged-appeal",
        ),
        pytest.param(
            "A 2020 review in the Journal of Sleep Research pooled the trials. The data showed small gains.\n",
            [],
            id="back-reference-to-a-named-source",
        ),
        pytest.param(
            "Many studies have been done on this herb. These studies have shown promising results.\n",
            ["These studies have shown"],
            id="back-reference-to-no-appeal-is-the-first-appeal",
        ),
        pytest.param(
            "Studies have shown relief in most adults.\n\nThese studies also suggest a lasting effect.\n",
            ["Studies have shown", "These studies also suggest"],
            id="antecedent-in-another-paragraph",
        ),
    ],
)
def test_an_appeal_is_reported_where_it_is_first_made(text: str, expected: list[str]) -> None:
    assert stats(text, ruleset=_VAGUE) == expected


def test_anaphora_option_on_a_rule_of_ones_own() -> None:
    rule = (
        "extends: citation\nmessage: '%s'\nscope: [sentence]\nignorecase: true\n"
        "tokens: ['(?:the|these)\\s+figures\\s+show', 'figures\\s+show']\nanaphora: '(?:the|these)\\s+figures'\n"
        "antecedent: 'a\\s+report\\s+by\\s+[A-Z]\\w+'\n"
    )
    ruleset = Ruleset((load_rule_text(rule, _ALL.kinds, path="Test.yml", name="Test.Back"),), _ALL.kinds)
    assert stats("A report by Okafor came out. These figures show a rise.\n", ruleset=ruleset) == []
    assert stats("A report came out. These figures show a rise.\n", ruleset=ruleset) == ["These figures show"]
