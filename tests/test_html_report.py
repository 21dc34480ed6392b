"""``--format html``: escaping, exact highlights, banners, overlaps, and a real headless browser."""

from __future__ import annotations

import base64
import hashlib
import importlib
import importlib.util
import os
import re
import shutil
import sys
from bisect import bisect_right
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

ROOT = Path(__file__).resolve().parents[1]
if importlib.util.find_spec("healthlint") is None:  # not installed: test the work tree
    sys.path.insert(0, str(ROOT / "src"))

from healthlint.diagnostic import Diagnostic, Level  # noqa: E402
from healthlint.formatters._html_assets import CSS, JS  # noqa: E402
from healthlint.formatters.base import Report, RuleInfo  # noqa: E402
from healthlint.formatters.html import HtmlFormatter  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "report"
ARTIFACTS = ROOT / "tests" / "artifacts"
FTC = "https://www.ftc.gov/business-guidance/resources/health-products-compliance-guidance"

RULES = {r.name: r for r in [
    RuleInfo("Medical.UncitedStatistic", Level.WARNING, "Flags statistics with no citation nearby.",
             "Numbers read as evidence. Objective health claims need competent and reliable "
             "scientific evidence (FTC Health Products Compliance Guidance), so give each figure "
             "its source.", FTC, "Statistic '{m}' has no citation in its sentence."),
    RuleInfo("Medical.CureGuaranteeLanguage", Level.ERROR, "Flags wording that promises a cure.",
             "Objective health claims need competent and reliable scientific evidence (FTC Health "
             "Products Compliance Guidance); a cure is rarely it.", FTC,
             "Absolute claim '{m}': health copy must not promise a cure."),
    RuleInfo("Medical.AbsoluteSafety", Level.ERROR, "Flags claims that a treatment is free of risk.",
             "Every treatment has risks; an unqualified safety claim is misleading under EU "
             "Regulation 1924/2006 and the FTC's guidance.", "https://eur-lex.europa.eu/eli/reg/2006/1924/oj",
             "'{m}' claims absolute safety; state the known risks."),
    RuleInfo("Medical.UnqualifiedClaim", Level.WARNING, "Flags claims with no qualifier.",
             "Claims about effects need the population and the size of the effect.", FTC,
             "'{m}' needs a qualifier: for whom, and how often?"),
    RuleInfo("Medical.ProvenClaim", Level.WARNING, "Flags 'proven' without a citation.",
             "'Proven' asserts a level of evidence that a single study rarely gives.", FTC,
             "'{m}' overstates the evidence; cite the trial or soften the claim."),
    RuleInfo("Medical.VagueEvidence", Level.SUGGESTION, "Flags appeals to unnamed studies or people.",
             "Name the study or guideline so an editor can check it (AMA Manual of Style, references).",
             "https://www.amamanualofstyle.com/", "'{m}' appeals to unnamed evidence; name the source."),
    RuleInfo("Medical.VagueQuantifier", Level.SUGGESTION, "Flags 'up to' ranges.",
             "'Up to' reports only the best case; give the typical figure too.", "",
             "'{m}' gives only the best case."),
    RuleInfo("Medical.HedgedBenefit", Level.SUGGESTION, "Flags hedged benefits.",
             "A hedge without a number leaves readers guessing how much a treatment helps.", "",
             "'{m}' is vague: say for whom and by how much."),
    RuleInfo("Medical.DoseWithoutUnit", Level.WARNING, "Flags doses without a unit.",
             "Dosing errors follow from missing units (ISMP list of error-prone abbreviations).",
             "https://www.ismp.org/recommendations/error-prone-abbreviations-list",
             "Dose '{m}' has no unit."),
    RuleInfo("Medical.LongSentence", Level.SUGGESTION, "Flags long sentences.",
             "Patient materials read best at a 6th to 8th grade level (NIH Clear & Simple).",
             "https://www.nih.gov/institutes-nih/nih-office-director/office-communications-public-liaison/clear-communication/clear-simple",
             "Long sentence; split it for readers."),
    RuleInfo("Medical.MissingReviewer", Level.WARNING, "Flags articles with no medical reviewer.",
             "Health content should name a qualified reviewer (HONcode principle 1, authority).", "",
             "No medical reviewer is named in the article."),
    RuleInfo("Medical.MissingDate", Level.SUGGESTION, "Flags articles with no review date.",
             "Readers need to know how current medical information is (HONcode principle 4).", "",
             "The article gives no date of its last medical review."),
]}


# ---------------------------------------------------------------- building test data by hand
# Until the engine exists, findings are made here from the real sources; offsets are found with
# str.find / regex in the test setup, which is only test-data construction.


def _pos(source: str, offset: int) -> tuple[int, int]:
    starts = [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", source))]
    i = bisect_right(starts, offset) - 1
    return i + 1, offset - starts[i] + 1


def span(path: str, source: str, start: int, end: int, rule: str, *, message: str | None = None,
         replacement: str | None = None) -> Diagnostic:
    info = RULES[rule]
    (line, col), (end_line, end_col) = _pos(source, start), _pos(source, end)
    text = source[start:end]
    return Diagnostic(path, line, col, end_line, end_col, rule, info.level,
                      message if message is not None else info.message.replace("{m}", text),
                      text, replacement, start, end)


def find(path: str, source: str, needle: str, rule: str, *, nth: int = 0, **kw: Any) -> Diagnostic:
    start = -1
    for _ in range(nth + 1):
        start = source.find(needle, start + 1)
        assert start >= 0, f"{needle!r} not in {path}"
    return span(path, source, start, start + len(needle), rule, **kw)


def whole(path: str, rule: str, *, message: str | None = None) -> Diagnostic:
    info = RULES.get(rule)
    level = info.level if info else Level.WARNING
    return Diagnostic(path, 1, 1, 1, 1, rule, level, message or (info.message if info else rule), "")


PATTERNS = [
    ("Medical.UncitedStatistic", re.compile(r"\b\d+(?:\.\d+)?\s?%"), None),
    ("Medical.CureGuaranteeLanguage", re.compile(r"\b(?:cures?|guarantee[ds]?|miracle)\b", re.I),
     "can help with"),
    ("Medical.ProvenClaim", re.compile(r"\bproven\b", re.I), "shown in trials"),
    ("Medical.VagueEvidence", re.compile(r"\b(?:research shows|studies show|many people)\b", re.I), None),
    ("Medical.HedgedBenefit", re.compile(r"\b(?:can|may) help\b", re.I), None),
]


def _sentence_around(source: str, start: int, end: int) -> tuple[int, int]:
    a = max(source.rfind(". ", 0, start) + 2, source.rfind("\n\n", 0, start) + 2, 0)
    stops = [i for i in (source.find(".", end), source.find("\n\n", end)) if i >= 0]
    return a, (min(stops) + 1 if stops else len(source))


def seed_findings(path: str, source: str) -> list[Diagnostic]:
    out = []
    for rule, pattern, fix in PATTERNS:
        for m in list(pattern.finditer(source))[:4]:
            out.append(span(path, source, m.start(), m.end(), rule, replacement=fix))
    stat = PATTERNS[0][1].search(source)
    if stat:  # a sentence-level finding around a statistic: nested spans
        out.append(span(path, source, *_sentence_around(source, stat.start(), stat.end()),
                        "Medical.LongSentence"))
    if "Medical Review" not in source and "Reviewed by" not in source:
        out.append(whole(path, "Medical.MissingReviewer"))
    return out


def md_findings(path: str, src: str) -> list[Diagnostic]:
    return [
        whole(path, "Medical.MissingReviewer"),
        span(path, src, *_sentence_around(src, src.find("Hay fever"), src.find("tries it")),
             "Medical.LongSentence"),  # two lines, contains both crossing spans below
        find(path, src, "up to 30%", "Medical.VagueQuantifier"),
        find(path, src, "30% of adults", "Medical.UncitedStatistic"),  # crosses "up to 30%"
        find(path, src, "guaranteed to work", "Medical.CureGuaranteeLanguage", replacement="may help"),
        find(path, src, "cures", "Medical.CureGuaranteeLanguage", replacement="may ease"),
        find(path, src, "10", "Medical.DoseWithoutUnit", replacement="10 mg"),
        find(path, src, "completely safe", "Medical.AbsoluteSafety", replacement=""),
        find(path, src, "Studies show", "Medical.VagueEvidence"),
        find(path, src, "Many people", "Medical.VagueEvidence"),
    ]


def html_findings(path: str, src: str) -> list[Diagnostic]:
    return [
        whole(path, "Medical.MissingReviewer"),
        whole(path, "Medical.MissingDate"),
        span(path, src, src.find("About 80%"), src.find("for good.") + len("for good."),
             "Medical.LongSentence"),
        find(path, src, "80%", "Medical.UncitedStatistic"),
        find(path, src, "miracle cure", "Medical.CureGuaranteeLanguage", replacement="treatment"),
        find(path, src, "proven", "Medical.ProvenClaim", replacement="shown"),
        find(path, src, "no side effects", "Medical.AbsoluteSafety"),
        find(path, src, "no side effects", "Medical.UnqualifiedClaim"),  # the identical span
        find(path, src, "can help", "Medical.HedgedBenefit"),
        find(path, src, "many people", "Medical.VagueEvidence"),
    ]


HOSTILE_PATH = "evil/\"quoted\" <b>&amp;</b> 'path'.md"
HOSTILE = ("<script>alert(1)</script>\n</script><!-- not a comment -->&amp; &lt; \"double\" 'single'\n"
           "<img src=x onerror=\"alert(2)\"> ]]> <![CDATA[ x ]]>\n<style>body{display:none}</style>\n"
           "Cures 100% of cases </textarea></title></noscript> \u2028 \u2029 `${x}` \\u003c\n")
HOSTILE_MSG = "Claim \"<b>Cures</b>\" isn't 'safe' & </script><script>alert(3)</script>"
HOSTILE_RULE = RuleInfo("Evil.\"Rule\"<i>", Level.ERROR, "<b>bold</b> description",
                        "</script><script>alert(4)</script> & more", "javascript:alert(5)", "")


def hostile_findings() -> list[Diagnostic]:
    p, s = HOSTILE_PATH, HOSTILE
    cure = find(p, s, "Cures 100%", "Medical.CureGuaranteeLanguage")
    return [
        find(p, s, "<script>alert(1)</script>", "Medical.CureGuaranteeLanguage", message=HOSTILE_MSG),
        find(p, s, "</script><!-- not a comment -->&amp;", "Medical.UncitedStatistic"),
        find(p, s, "<img src=x onerror=\"alert(2)\">", "Medical.AbsoluteSafety"),
        Diagnostic(p, cure.line, cure.column, cure.end_line, cure.end_column, HOSTILE_RULE.name,
                   Level.ERROR, HOSTILE_MSG, cure.match, "<em>fixed</em>", cure.start, cure.end),
        whole(p, "Medical.MissingReviewer", message=HOSTILE_MSG),
    ]


LINE_ENDINGS_PATH = "inline/line-endings.txt"
LINE_ENDINGS = ("Windows line: 50% fewer\r\nvisits.\r\nOld Mac line\rcures\tall \U0001f48a ills.\r\n"
                "\r\nLast line, no newline: guaranteed")


def line_ending_findings() -> list[Diagnostic]:
    p, s = LINE_ENDINGS_PATH, LINE_ENDINGS
    return [find(p, s, "50% fewer\r\nvisits", "Medical.UncitedStatistic"),
            find(p, s, "line\rcures", "Medical.LongSentence"),
            find(p, s, "cures\tall \U0001f48a", "Medical.CureGuaranteeLanguage"),
            find(p, s, "guaranteed", "Medical.CureGuaranteeLanguage")]


def make_report(articles: list[tuple[str, str | None, list[Diagnostic]]],
                rules: dict[str, RuleInfo] | None = None) -> Report:
    sources = {path: text for path, text, _ in articles}
    diags = tuple(sorted(d for _, _, ds in articles for d in ds))
    return Report(diagnostics=diags, rules=rules or RULES, files=tuple(sources), version="0.1.0",
                  source_of=sources.get)


def full_report() -> Report:
    """Every seed, both fixtures, a hostile article and one with every line ending."""
    arts: list[tuple[str, str | None, list[Diagnostic]]] = []
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        rel, text = f"seeds/{seed.name}", seed.read_text(encoding="utf-8")
        arts.append((rel, text, seed_findings(rel, text)))
    for name, make in (("seasonal-allergies.md", md_findings), ("sleep-apnea.html", html_findings)):
        rel = f"tests/fixtures/report/{name}"
        text = (FIXTURES / name).read_text(encoding="utf-8")
        arts.append((rel, text, make(rel, text)))
    arts.append((HOSTILE_PATH, HOSTILE, hostile_findings()))
    arts.append((LINE_ENDINGS_PATH, LINE_ENDINGS, line_ending_findings()))
    return make_report(arts, {**RULES, HOSTILE_RULE.name: HOSTILE_RULE})


# ---------------------------------------------------------------- a tiny DOM from html.parser


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def within(self, pred: Callable[[Node], bool]) -> Node | None:
        node = self.parent
        while node is not None and not pred(node):
            node = node.parent
        return node


class Dom(HTMLParser):
    VOID = {"meta", "input", "br", "img", "link", "hr", "wbr", "rect", "area", "base", "source"}

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: list[Node] = []
        self.stack: list[Node] = []
        self.comments: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.stack[-1] if self.stack else None)
        self.nodes.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.nodes.append(Node(tag, {k: v or "" for k, v in attrs}, self.stack[-1] if self.stack else None))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return
        raise AssertionError(f"stray </{tag}>")

    def handle_data(self, data: str) -> None:
        for node in self.stack:
            node.parts.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def select(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        return [n for n in self.nodes if (tag is None or n.tag == tag)
                and (cls is None or cls in n.classes())
                and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]


def render(report: Report) -> tuple[str, Dom]:
    out = HtmlFormatter().render(report)
    return out, Dom(out)


def marks_for(dom: Dom, d: Diagnostic) -> list[Node]:
    return [n for n in dom.select("mark", "hl", data_start=str(d.start), data_end=str(d.end),
                                  data_rule=d.rule)
            if (art := n.within(lambda p: p.tag == "article")) and art.attrs["data-path"] == d.path]


def code_view(dom: Dom, path: str) -> Node:
    (art,) = dom.select("article", data_path=path)
    (view,) = [n for n in dom.select("div", "code")
               if "layer" not in n.classes() and n.within(lambda p: p is art)]
    return view


# ---------------------------------------------------------------- unit tests, no browser

ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "div", "h1", "h2", "h3", "p",
                "nav", "span", "label", "input", "details", "summary", "button", "kbd", "main",
                "section", "table", "thead", "tbody", "tr", "th", "td", "a", "code", "mark", "strong",
                "svg", "g", "text", "rect", "article", "ul", "ol", "li", "ins", "footer", "br", "script"}


def test_hostile_article_is_escaped_everywhere() -> None:
    report = make_report([(HOSTILE_PATH, HOSTILE, hostile_findings())],
                         {**RULES, HOSTILE_RULE.name: HOSTILE_RULE})
    out, dom = render(report)
    assert {n.tag for n in dom.nodes} <= ALLOWED_TAGS
    (script,) = dom.select("script")
    assert script.text == JS and script.attrs == {}
    assert dom.comments == []  # the article's "<!--" stayed text
    assert not [k for n in dom.nodes for k in n.attrs if k.startswith("on")]
    assert not [n for n in dom.nodes if n.tag in {"img", "textarea", "noscript", "iframe", "b", "i", "em"}]
    assert not [n for n in dom.select("a") if not n.attrs.get("href", "#").startswith(("#", "https:"))]
    for raw in ("<script>alert", "</script><!--", "<img src=x", "<b>", "</textarea>", "<em>fixed",
                "href=\"javascript"):
        assert raw not in out.replace(f"<script>{JS}</script>", "")
    assert code_view(dom, HOSTILE_PATH).text == HOSTILE  # shown exactly as written, as text
    (art,) = dom.select("article", data_path=HOSTILE_PATH)
    (title,) = [n for n in dom.select("h2") if n.within(lambda p: p is art)]
    assert title.text == HOSTILE_PATH and art.attrs["data-path"] == HOSTILE_PATH
    assert HOSTILE_MSG in {n.text for n in dom.select("span", "note-msg")}
    assert HOSTILE_RULE.name in {n.attrs.get("data-rule") for n in dom.select("mark")}
    assert HOSTILE_RULE.rationale in {n.text for n in dom.select("span", "why-text")}
    assert "<em>fixed</em>" in {n.text for n in dom.select("ins")}
    for d in hostile_findings():
        if d.start < d.end:
            assert [n.text for n in marks_for(dom, d)] == [d.match]


def test_every_highlight_text_equals_its_match() -> None:
    report = full_report()
    out, dom = render(report)
    spans = [d for d in report.diagnostics if not d.is_document_level]
    assert len(spans) > 40
    for d in spans:
        assert [n.text for n in marks_for(dom, d)] == [d.match], d
    for path in report.files:
        assert code_view(dom, path).text == report.source_of(path), path
    assert len(dom.select("mark", "hl")) == len(spans)


def test_document_level_findings_are_a_banner() -> None:
    path = "tests/fixtures/report/sleep-apnea.html"
    src = (FIXTURES / "sleep-apnea.html").read_text("utf-8")
    _, dom = render(make_report([(path, src, html_findings(path, src))]))
    (banner,) = dom.select("ul", "banner")
    items = [n for n in dom.select("li", "finding") if n.parent is banner]
    assert [i.attrs["data-rule"] for i in items] == ["Medical.MissingReviewer", "Medical.MissingDate"]
    assert "No medical reviewer is named in the article." in banner.text
    assert "HONcode principle 1" in banner.text  # the rationale, right there
    assert not dom.select("mark", data_rule="Medical.MissingReviewer")
    (view,) = dom.select("div", "src")
    assert dom.nodes.index(banner) < dom.nodes.index(view)


def test_overlapping_spans_each_get_their_own_element() -> None:
    path = "tests/fixtures/report/seasonal-allergies.md"
    src = (FIXTURES / "seasonal-allergies.md").read_text("utf-8")
    found = md_findings(path, src)
    _, dom = render(make_report([(path, src, found)]))
    by_rule = {d.rule: d for d in found}
    sentence, up_to, stat = (by_rule[r] for r in ("Medical.LongSentence", "Medical.VagueQuantifier",
                                                  "Medical.UncitedStatistic"))
    assert up_to.start < stat.start < up_to.end < stat.end  # they cross
    assert sentence.start <= up_to.start and stat.end <= sentence.end and "\n" in sentence.match
    for d in found:
        if d.start < d.end:
            assert [n.text for n in marks_for(dom, d)] == [d.match]
    (outer,) = marks_for(dom, sentence)
    (inner,) = marks_for(dom, up_to)
    assert inner.within(lambda n: n is outer)  # nested
    (crossing,) = marks_for(dom, stat)
    layer = crossing.within(lambda n: "layer" in n.classes())
    assert layer is not None and "code" in layer.classes()  # drawn in the aligned overlay
    assert src.startswith(layer.text)  # the overlay is the same text, so it lines up

    html_path = "tests/fixtures/report/sleep-apnea.html"
    html_src = (FIXTURES / "sleep-apnea.html").read_text("utf-8")
    same = [d for d in html_findings(html_path, html_src) if d.match == "no side effects"]
    _, dom = render(make_report([(html_path, html_src, same)]))
    a, b = (marks_for(dom, d)[0] for d in same)
    assert a.text == b.text == "no side effects"
    assert b.within(lambda n: n is a) or a.within(lambda n: n is b)  # nested, both whole


def test_line_endings_tabs_and_astral_characters_keep_exact_text() -> None:
    found = line_ending_findings()
    out, dom = render(make_report([(LINE_ENDINGS_PATH, LINE_ENDINGS, found)]))
    assert "\r" not in out  # every CR is a character reference, so the parser cannot fold it
    assert code_view(dom, LINE_ENDINGS_PATH).text == LINE_ENDINGS
    for d in found:
        assert [n.text for n in marks_for(dom, d)] == [d.match]
    numbers = [n.attrs["data-n"] for n in dom.select("span", "ln")]
    assert numbers == [str(i) for i in range(1, 7)]  # CRLF, CR and LF each end one line


def test_findings_that_cannot_be_placed_and_missing_sources_are_listed() -> None:
    path, src = "a.txt", "One cure for all.\n"
    good = find(path, src, "cure", "Medical.CureGuaranteeLanguage")
    stale = Diagnostic(path, 1, 5, 1, 9, "Medical.UncitedStatistic", Level.WARNING, "stale offsets",
                       "xyz!", None, 4, 8)  # match is not source[4:8]
    _, dom = render(make_report([(path, src, [good, stale]), ("gone.md", None, [
        Diagnostic("gone.md", 3, 2, 3, 6, "Medical.ProvenClaim", Level.WARNING, "'proven'", "proven",
                   None, 40, 46), whole("gone.md", "Medical.MissingDate")])]))
    assert [n.text for n in marks_for(dom, good)] == ["cure"]
    (unplaced,) = [n for n in dom.select("ul", "unplaced")
                   if n.within(lambda p: p.attrs.get("data-path") == path)]
    assert "stale offsets" in unplaced.text and "1:5" in unplaced.text
    (gone,) = dom.select("article", data_path="gone.md")
    assert not [n for n in dom.select("div", "code") if n.within(lambda p: p is gone)]
    listed = [n for n in dom.select("li", "finding") if n.within(lambda p: p is gone)]
    assert [n.attrs["data-rule"] for n in listed] == ["Medical.MissingDate", "Medical.ProvenClaim"]
    assert "not available" in gone.text


def test_overview_ranks_articles_and_counts_rules_and_levels() -> None:
    report = full_report()
    _, dom = render(report)
    (rank,) = dom.select("table", "rank")
    links = [n for n in dom.select("a") if n.within(lambda p: p is rank)]
    per_path = {p: sum(1 for d in report.diagnostics if d.path == p) for p in report.files}
    shown = [per_path[link.text] for link in links]
    assert len(links) == len(report.files) and shown == sorted(per_path.values(), reverse=True)
    for link in links:  # each links to its article
        (art,) = dom.select("article", id=link.attrs["href"][1:])
        assert art.attrs["data-path"] == link.text
    bars = [n for n in dom.select("rect") if "track" not in n.classes()]
    assert len(bars) == len({d.rule for d in report.diagnostics})
    (rules,) = dom.select("table", "rules")
    for name in {d.rule for d in report.diagnostics}:
        (box,) = dom.select("input", "rule-toggle", value=name)
        assert box.parent is not None and box.parent.text.strip().endswith(
            str(sum(1 for d in report.diagnostics if d.rule == name)))
    for level in Level:
        (box,) = dom.select("input", "level-toggle", value=level.value)
        assert box.parent is not None and box.parent.text.strip().endswith(str(report.counts()[level]))


def test_page_is_self_contained_with_a_strict_csp() -> None:
    out, dom = render(full_report())
    (csp,) = [n.attrs["content"] for n in dom.select("meta")
              if n.attrs.get("http-equiv") == "Content-Security-Policy"]
    (style,) = dom.select("style")
    (script,) = dom.select("script")

    def sha(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert "default-src 'none'" in csp and sha(style.text) in csp and sha(script.text) in csp
    assert "unsafe-inline" not in csp
    assert not [n for n in dom.nodes if "src" in n.attrs or n.tag in {"link", "iframe", "object"}]
    assert "@import" not in CSS and "url(" not in CSS and "fetch(" not in JS and "innerHTML" not in JS
    assert "</" not in JS and "<!--" not in JS
    assert "@media print" in CSS


def test_empty_report_and_formatter_face() -> None:
    out, dom = render(Report(diagnostics=(), files=("clean.md",), source_of=lambda p: "Fine.\n"))
    assert "No problems found in 1 file." in out and "No findings." in out
    assert HtmlFormatter.name == "html"
    assert 'html = "healthlint.formatters.html:HtmlFormatter"' in (ROOT / "pyproject.toml").read_text()


# ---------------------------------------------------------------- a real browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _browser_missing() -> str:
    missing = []
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        missing.append("chromium")
    importlib.invalidate_caches()
    if importlib.util.find_spec("playwright") is None:
        missing.append("playwright")
    return " and ".join(missing)


#: what a developer runs once to enable the browser tests (CI's .ci/run does the same)
ENABLE = "bash .ci/install-browser.sh"


def _require_browser() -> None:
    """Skip when chromium or Playwright is missing, naming the command that installs them; fail under CI=true."""
    if os.environ.get("HEALTHLINT_SKIP_BROWSER") == "1":
        pytest.skip("HEALTHLINT_SKIP_BROWSER=1")
    missing = _browser_missing()
    if missing:
        why = f"{missing} not installed; to run the browser tests, run: {ENABLE} (chromium with apt, Playwright with pip)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and {why}", pytrace=False)
        pytest.skip(why)


def test_missing_browser_is_a_skip_locally_and_a_failure_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[__name__], "_browser_missing", lambda: "playwright")
    monkeypatch.delenv("HEALTHLINT_SKIP_BROWSER", raising=False)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="bash .ci/install-browser.sh"):
        _require_browser()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true and playwright not installed"):
        _require_browser()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless chromium; pytest never installs one."""
    _require_browser()
    from playwright.sync_api import sync_playwright

    exe = CHROMIUM if Path(CHROMIUM).exists() else str(shutil.which("chromium"))
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Path]:
    report = full_report()
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(HtmlFormatter().render(report), encoding="utf-8")
    return report, path


@dataclass
class Loaded:
    page: Any
    problems: list[str]


@pytest.fixture
def page(browser: Any, report_file: tuple[Report, Path]) -> Iterator[Loaded]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
    pg = context.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
          if m.type in ("error", "warning") else None)
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.on("request", lambda r: None if r.url.startswith("file:") else problems.append(f"request: {r.url}"))
    pg.goto(report_file[1].as_uri())
    pg.wait_for_load_state("load")
    yield Loaded(pg, problems)
    context.close()


def _save(pg: Any, name: str, **kw: Any) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"report-{name}.png"), **kw)


#: how far the first crossing mark (in its overlay layer) is from the same character in the text
OVERLAY_OFFSET = """() => {
  const mark = document.querySelector('.layer mark.hl');
  const text = mark.closest('.src').querySelector('.code:not(.layer)');
  const walk = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  let node, pos = 0;
  const start = Number(mark.dataset.start), range = document.createRange();
  while ((node = walk.nextNode())) {
    if (pos + node.length > start) { range.setStart(node, start - pos); break; }
    pos += node.length;
  }
  range.setEnd(range.startContainer, range.startOffset + 1);
  const a = mark.getBoundingClientRect(), b = range.getBoundingClientRect();
  return [a.left - b.left, a.top - b.top];
}"""

READ_MARKS = """() => Array.from(document.querySelectorAll('mark.hl')).map(m => [
  m.closest('article').dataset.path, Number(m.dataset.start), Number(m.dataset.end), m.dataset.rule,
  m.textContent])"""


def test_browser_renders_every_finding_at_its_span(page: Loaded, report_file: tuple[Report, Path]) -> None:
    report, _ = report_file
    pg = page.page
    assert pg.evaluate("document.body.classList.contains('js')")  # the script ran under the CSP
    assert pg.evaluate("document.scripts.length") == 1  # the hostile article added none
    assert pg.evaluate("document.querySelectorAll('img, iframe, object, embed, link').length") == 0
    marks: dict[tuple[str, int, int, str], list[str]] = {}
    for path, start, end, rule, text in pg.evaluate(READ_MARKS):
        marks.setdefault((path, start, end, rule), []).append(text)
    for d in report.diagnostics:
        if d.is_document_level:
            sel = f'article[data-path="{_css(d.path)}"] .banner li.finding[data-rule="{_css(d.rule)}"]'
            assert pg.locator(sel).count() >= 1, d
        else:
            assert marks.get((d.path, d.start, d.end, d.rule)) == [d.match], d
    texts = pg.evaluate("() => Array.from(document.querySelectorAll('article')).map(a => "
                        "[a.dataset.path, (a.querySelector('.code:not(.layer)') || {}).textContent])")
    for path, text in texts:
        assert text == report.source_of(path), path
    overlay = pg.evaluate(OVERLAY_OFFSET)
    assert abs(overlay[0]) < 1 and abs(overlay[1]) < 1  # the crossing span's layer lines up
    assert page.problems == []


def _css(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def test_browser_filters_hide_a_rule_and_a_level(page: Loaded) -> None:
    pg = page.page
    rule = "Medical.UncitedStatistic"
    styled = """(sel) => Array.from(document.querySelectorAll(sel)).map(m => {
        const s = getComputedStyle(m); return [m.classList.contains('off'), s.textDecorationLine,
        s.backgroundColor, s.display]; })"""
    before = pg.evaluate(styled, f'mark.hl[data-rule="{rule}"]')
    assert before and all(not off and line == "underline" for off, line, _, _ in before)
    pg.click("details.rules-menu > summary")
    pg.locator(f'input.rule-toggle[value="{rule}"]').uncheck()
    after = pg.evaluate(styled, f'mark.hl[data-rule="{rule}"]')
    assert all(off and line == "none" and bg == "rgba(0, 0, 0, 0)" for off, line, bg, _ in after)
    others = pg.evaluate(styled, f'mark.hl:not([data-rule="{rule}"])')
    assert others and all(not off and line == "underline" for off, line, _, _ in others)
    notes = pg.evaluate(styled, f'ol.notes li[data-rule="{rule}"]')
    assert notes and all(display == "none" for *_, display in notes)
    assert "of" in pg.inner_text("#rules-summary")

    banner = 'article .banner li.finding[data-rule="Medical.MissingReviewer"]'
    assert pg.locator(banner).first.is_visible()
    pg.locator('input.level-toggle[value="warning"]').uncheck()
    assert not pg.locator(banner).first.is_visible()  # banner entries of a filtered level go too
    warn = pg.evaluate(styled, 'mark.hl[data-level="warning"]')
    assert all(off and line == "none" for off, line, _, _ in warn)
    pg.keyboard.press("Escape")
    pg.locator("body").click(position={"x": 5, "y": 5})
    pg.keyboard.press("j")
    assert pg.evaluate("document.activeElement.dataset.level") != "warning"
    _save(pg, "filtered")
    assert page.problems == []


def test_browser_keyboard_navigation_and_tooltip(page: Loaded, report_file: tuple[Report, Path]) -> None:
    pg = page.page
    order = pg.evaluate("() => Array.from(document.querySelectorAll('.finding'))"
                        ".map(e => Number(e.dataset.seq)).sort((a, b) => a - b)")
    pg.locator("body").click(position={"x": 5, "y": 5})
    for expected in order[:3]:
        pg.keyboard.press("j")
        assert pg.evaluate("Number(document.activeElement.dataset.seq)") == expected
    pg.keyboard.press("k")
    assert pg.evaluate("Number(document.activeElement.dataset.seq)") == order[1]
    for _ in range(12):  # on to the first highlight in the text
        if pg.evaluate("document.activeElement.matches('mark.hl')"):
            break
        pg.keyboard.press("n")
    active = pg.evaluate("""() => { const e = document.activeElement, r = e.getBoundingClientRect();
        return [e.tagName, r.top >= 0 && r.bottom <= innerHeight, e.dataset.rule]; }""")
    assert active[0] == "MARK" and active[1]  # focused and scrolled into view
    tip = pg.locator("#tip")
    assert tip.is_visible() and active[2] in tip.inner_text()
    assert RULES[active[2]].rationale[:30] in tip.inner_text()
    pg.keyboard.press("p")
    pg.keyboard.press("j")

    target = pg.locator('mark.hl[data-rule="Medical.CureGuaranteeLanguage"]').first
    target.scroll_into_view_if_needed()
    pg.keyboard.press("Escape")
    target.hover()
    text = tip.inner_text()
    assert "Medical.CureGuaranteeLanguage" in text and "must not promise a cure" in text
    assert "FTC Health Products Compliance Guidance" in text and "Suggested:" in text
    assert tip.locator(f'a[href="{FTC}"]').count() == 1
    _save(pg, "tooltip")
    assert page.problems == []


def test_browser_screenshots_and_print(page: Loaded) -> None:
    pg = page.page
    _save(pg, "overview")
    pg.evaluate("document.querySelector('article[data-path=\"tests/fixtures/report/seasonal-allergies.md\"]')"
                ".scrollIntoView()")
    _save(pg, "article")
    pg.emulate_media(media="print")
    assert not pg.locator(".toolbar").is_visible()
    note = pg.locator('article[data-path="tests/fixtures/report/sleep-apnea.html"] ol.notes .note-why').first
    assert note.is_visible()  # the tooltips' content, printed as notes
    breaks = pg.evaluate("Array.from(document.querySelectorAll('article.doc'))"
                         ".map(a => getComputedStyle(a).breakBefore)")
    assert set(breaks) == {"page"}
    pg.evaluate("document.querySelector('article[data-path=\"tests/fixtures/report/sleep-apnea.html\"]')"
                ".scrollIntoView()")
    _save(pg, "print")
    assert len(pg.pdf(format="A4")) > 1000
    assert page.problems == []


# ---------------------------------------------------------------- the real engine, end to end


def real_report() -> Report:
    """``lint_paths`` over the seeds, the corpus (when there is one) and these fixtures."""
    from healthlint import Linter, __version__, lint_paths
    from healthlint.decode import decode

    paths = [p for p in ("seeds", "tests/corpus", "tests/fixtures/report") if (ROOT / p).is_dir()]
    here = os.getcwd()
    os.chdir(ROOT)  # paths are shown as given, relative to the repository
    try:
        result = lint_paths(paths)
        rules = Linter().ruleset.info()
    finally:
        os.chdir(here)
    return Report(diagnostics=result.diagnostics, rules=rules, files=result.files,
                  errors=result.errors, version=__version__,
                  source_of=lambda p: decode((ROOT / p).read_bytes(), p))


def test_real_engine_report_marks_every_finding() -> None:
    report = real_report()
    assert len(report.files) >= 7 and report.diagnostics and not report.errors
    _, dom = render(report)
    for d in report.diagnostics:
        if d.is_document_level:
            assert dom.select("li", "finding", data_rule=d.rule), d
        else:
            assert [n.text for n in marks_for(dom, d)] == [d.match], d
    for path in {d.path for d in report.diagnostics}:  # articles without findings are listed, not shown
        assert code_view(dom, path).text == report.source_of(path)
    whys = {n.text for n in dom.select("span", "why-text")}
    assert all(info.rationale in whys for name, info in report.rules.items()
               if info.rationale and any(d.rule == name for d in report.diagnostics))


def test_browser_real_engine_report(browser: Any, tmp_path: Path) -> None:
    report = real_report()
    out = tmp_path / "real.html"
    out.write_text(HtmlFormatter().render(report), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.goto(out.as_uri())
    marks = {(p, s, e, r): t for p, s, e, r, t in pg.evaluate(READ_MARKS)}
    for d in report.diagnostics:
        if not d.is_document_level:
            assert marks.get((d.path, d.start, d.end, d.rule)) == d.match, d
    _save(pg, "real-overview")
    pg.locator("body").click(position={"x": 5, "y": 5})
    for _ in range(4):
        pg.keyboard.press("j")
    _save(pg, "real-finding")
    context.close()
    assert problems == []
