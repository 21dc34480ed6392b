"""CI output formats: full, github (+ step summary), sarif, junit, gitlab, rdjson."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from healthlint.diagnostic import Diagnostic, Level
from healthlint.document import LineIndex
from healthlint.errors import InputError
from healthlint.formatters.base import Report, RuleInfo
from healthlint.formatters.full import FullFormatter
from healthlint.formatters.github import (
    GithubFormatter,
    step_summary_markdown,
    write_step_summary,
)
from healthlint.formatters.gitlab import GitlabFormatter
from healthlint.formatters.junit import JunitFormatter
from healthlint.formatters.rdjson import RdjsonFormatter
from healthlint.formatters.sarif import SarifFormatter

SCHEMAS = Path(__file__).resolve().parents[1].parent / "shared" / "schemas"
REPO = Path(__file__).resolve().parents[1]

CURE = RuleInfo(
    name="Medical.CureClaim",
    level=Level.ERROR,
    description="Flags wording that promises a cure.",
    rationale="Health claims need evidence; a cure is rarely it.",
    link="https://example.org/rules/CureClaim",
    message="Absolute claim '%s'.",
)
NASTY = 'He said "cures"\n\tand \x01\x1b[31m 50%, ok: 😀 <b>&</b> \ud800 | pipe'


def diag(
    source: str,
    needle: str,
    *,
    path: str = "a.md",
    rule: str = "Medical.CureClaim",
    level: Level = Level.ERROR,
    message: str = "Absolute claim.",
    nth: int = 0,
    replacement: str | None = None,
) -> Diagnostic:
    """A diagnostic on the ``nth`` occurrence of ``needle``, positions made by LineIndex."""
    start = -1
    for _ in range(nth + 1):
        start = source.index(needle, start + 1)
    end = start + len(needle)
    index = LineIndex.from_source(source)
    (line, col), (end_line, end_col) = index.position(start), index.position(end)
    return Diagnostic(
        path, line, col, end_line, end_col, rule, level, message, needle, replacement, start, end
    )


def doc_level(path: str = "a.md", rule: str = "Medical.MissingReviewer") -> Diagnostic:
    return Diagnostic(path, 1, 1, 1, 1, rule, Level.WARNING, "No reviewer named.", "", None, 0, 0)


def report(*diags: Diagnostic, sources: dict[str, str] | None = None, **kw: Any) -> Report:
    srcs = sources or {}
    files = tuple(dict.fromkeys([*srcs, *(d.path for d in diags)]))
    kw.setdefault("rules", {CURE.name: CURE})
    return Report(tuple(diags), files=files, version="0.1.0", source_of=srcs.get, **kw)


def validator(name: str) -> Any:
    if not SCHEMAS.is_dir():
        pytest.skip("shared/schemas is not present")
    from jsonschema import validators

    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def assert_valid(name: str, instance: Any) -> None:
    errors = [e.message for e in validator(name).iter_errors(instance)]
    assert errors == []


# --- github -------------------------------------------------------------------------


def test_github_exact_line_with_escaping() -> None:
    src = "Our tea, 100%: cures\r\nall."
    d = diag(src, "cures", path="docs/a,b:c%.md", message="50% sure:\r\nreally, yes")
    out = GithubFormatter({}).render(report(d, sources={d.path: src}))
    assert out == (
        "::error file=docs/a%2Cb%3Ac%25.md,line=1,endLine=1,col=16,endColumn=21,"
        "title=Medical.CureClaim::50%25 sure:%0D%0Areally, yes\n"
    )


def test_github_levels_replacement_and_document_level() -> None:
    src = "It may cure.\n"
    warn = diag(src, "cure", level=Level.WARNING, replacement="help")
    sugg = diag(src, "may", level=Level.SUGGESTION, rule="Medical.Hedge", message="Hedge.")
    lines = GithubFormatter({}).render(report(doc_level(), warn, sugg)).splitlines()
    assert lines == [
        "::warning file=a.md,line=1,title=Medical.MissingReviewer::No reviewer named.",
        "::warning file=a.md,line=1,endLine=1,col=8,endColumn=12,title=Medical.CureClaim"
        "::Absolute claim.%0Ahelp: replace with 'help'",
        "::notice file=a.md,line=1,endLine=1,col=4,endColumn=7,title=Medical.Hedge::Hedge.",
    ]


def test_github_multiline_span_drops_columns() -> None:
    src = "intro\nmiracle\ncure here\n"
    d = diag(src, "miracle\ncure")
    line = GithubFormatter({}).render(report(d)).strip()
    assert line == "::error file=a.md,line=2,endLine=3,title=Medical.CureClaim::Absolute claim."
    assert "col=" not in line and "endColumn=" not in line


def test_github_no_notice_at_exactly_the_limit() -> None:
    src = "cure " * 10
    diags = [diag(src, "cure", nth=i, level=Level.SUGGESTION) for i in range(10)]
    out = GithubFormatter({}).render(report(*diags))
    assert out.count("::notice ") == 10 and "::group::" not in out


def test_github_notice_when_over_the_per_level_limit() -> None:
    src = "cure " * 12
    errors = [diag(src, "cure", nth=i) for i in range(12)]
    notes = [diag(src, "cure", nth=i, level=Level.SUGGESTION, rule="Medical.Hedge") for i in range(10)]
    out = GithubFormatter({"GITHUB_STEP_SUMMARY": "/tmp/x"}).render(report(*errors, *notes))
    lines = out.splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 10
    # 9 finding notices + 1 summary notice: the summary never pushes past the limit
    assert sum(line.startswith("::notice ") for line in lines) == 10
    group = lines.index("::group::healthlint: 3 more findings")
    assert lines[group + 1 : group + 5] == [
        "- a.md:1:51: error: Absolute claim. [Medical.CureClaim]",
        "- a.md:1:56: error: Absolute claim. [Medical.CureClaim]",
        "- a.md:1:46: suggestion: Absolute claim. [Medical.Hedge]",
        "::endgroup::",
    ]
    assert lines[-1].startswith("::notice title=healthlint::3 of 22 findings are not shown as annotations")
    assert "in the job summary" in lines[-1]
    assert "job summary" not in GithubFormatter({}).render(report(*errors))


def test_github_log_lines_cannot_inject_commands() -> None:
    src = "cure " * 11
    diags = [
        diag(src, "cure", nth=i, path="a\n::error::p.md", message="x\n::error::m") for i in range(11)
    ]
    out = GithubFormatter({}).render(report(*diags))
    assert all(not line.startswith("::error::") for line in out.splitlines())


def test_github_file_errors_are_annotations() -> None:
    rep = report(errors=(InputError("cannot decode as UTF-8", path="b.md"),))
    assert GithubFormatter({}).render(rep) == "::error file=b.md,title=healthlint::cannot decode as UTF-8\n"


def test_step_summary_markdown_escapes_cells() -> None:
    src = "a | b cure\n"
    d = diag(src, "cure", message="pipe | and\nnewline <b>")
    md = step_summary_markdown(report(d))
    row = md.splitlines()[-1]
    assert row == (
        "| a\\.md | 1 | error | [Medical\\.CureClaim](<https://example.org/rules/CureClaim>) "
        "| pipe \\| and<br>newline &lt;b&gt; |"
    )
    assert "No problems found in 0 files." in step_summary_markdown(report())


def test_write_step_summary(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_text("before\n", encoding="utf-8")
    rep = report(diag("it cures\n", "cures"))
    assert write_step_summary(rep, {"GITHUB_STEP_SUMMARY": str(target)}) is True
    text = target.read_text(encoding="utf-8")
    assert text.startswith("before\n### healthlint\n") and "| a\\.md | 1 | error |" in text
    assert write_step_summary(rep, {}) is False
    assert write_step_summary(rep, {"GITHUB_STEP_SUMMARY": str(tmp_path)}) is False
    assert write_step_summary(rep, {"GITHUB_STEP_SUMMARY": str(tmp_path / "no" / "x")}) is False


# --- sarif --------------------------------------------------------------------------


def sarif(rep: Report) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(SarifFormatter().render(rep))
    return log


def test_sarif_valid_against_official_schema() -> None:
    src = f"# T\n\nThis cures it. {NASTY}\nmiracle\ncure\n"
    diags = [
        doc_level(),
        diag(src, "cures", replacement="may ease"),
        diag(src, "miracle\ncure", level=Level.SUGGESTION, rule="Medical.Other", message=NASTY),
    ]
    rep = report(*diags, sources={"a.md": src}, errors=(InputError("bad bytes", path="b.md", line=3),))
    log = sarif(rep)
    assert_valid("sarif-schema-2.1.0.json", log)
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "healthlint" and run["tool"]["driver"]["version"] == "0.1.0"
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["Medical.CureClaim", "Medical.MissingReviewer", "Medical.Other"]
    assert rules[0]["helpUri"] == CURE.link and rules[0]["help"]["text"] == CURE.rationale
    assert rules[0]["defaultConfiguration"]["level"] == "error"
    results = run["results"]
    assert [r["ruleIndex"] for r in results] == [1, 0, 2]
    assert [r["level"] for r in results] == ["warning", "error", "note"]
    loc = results[1]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "a.md", "uriBaseId": "%SRCROOT%"}
    assert loc["region"]["snippet"]["text"] == "cures"
    assert results[1]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] == {
        "text": "may ease"
    }
    assert run["invocations"][0]["executionSuccessful"] is False


def test_sarif_utf16_columns_with_astral_character() -> None:
    src = "Tea 😀 cures 𝔸 all.\n"
    d = diag(src, "cures")
    assert (d.column, d.end_column) == (7, 12)
    run = sarif(report(d, sources={"a.md": src}))["runs"][0]
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert run["columnKind"] == "utf16CodeUnits"
    assert (region["startColumn"], region["endColumn"]) == (8, 13)
    assert src.encode("utf-16-le")[(8 - 1) * 2 : (13 - 1) * 2].decode("utf-16-le") == "cures"


def test_sarif_without_source_keeps_code_points() -> None:
    d = diag("Tea 😀 cures.\n", "cures")
    run = sarif(report(d))["runs"][0]
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert (region["startColumn"], region["endColumn"]) == (7, 12)


def fingerprints_of(fmt: Any, src: str, needles: list[tuple[str, int]]) -> list[str]:
    diags = [diag(src, n, nth=k) for n, k in needles]
    out = json.loads(fmt.render(report(*diags, sources={"a.md": src})))
    if isinstance(out, list):
        return [issue["fingerprint"] for issue in out]
    return [r["partialFingerprints"]["primaryLocationLineHash"] for r in out["runs"][0]["results"]]


@pytest.mark.parametrize("fmt", [SarifFormatter(), GitlabFormatter()])
def test_fingerprints_stable_when_a_line_is_inserted_above(fmt: Any) -> None:
    before = "# Tea\n\nIt cures colds.\nIt cures colds.\nIt cures flu.\n"
    after = "# Tea\n\nA new unrelated paragraph.\n\nIt cures colds.\nIt cures colds.\nIt cures flu.\n"
    needles = [("cures", 0), ("cures", 1), ("cures", 2)]
    old, new = fingerprints_of(fmt, before, needles), fingerprints_of(fmt, after, needles)
    assert old == new
    assert len(set(old)) == 3  # identical lines told apart by the occurrence index
    edited = before.replace("It cures flu.", "It cures the flu.")
    assert fingerprints_of(fmt, edited, needles)[:2] == old[:2]
    assert fingerprints_of(fmt, edited, needles)[2] != old[2]


# --- junit --------------------------------------------------------------------------


def junit(rep: Report) -> str:
    return JunitFormatter().render(rep)


def validate_junit(text: str) -> ET.Element:
    root = ET.fromstring(text.encode("utf-8"))
    try:
        import xmlschema
    except ImportError:
        assert root.tag == "testsuites"
        for suite in root:
            assert suite.tag == "testsuite"
            assert {"name", "tests", "failures", "errors"} <= set(suite.attrib)
            for case in suite:
                assert case.tag == "testcase" and "name" in case.attrib
                assert {c.tag for c in case} <= {"failure", "error", "system-out"}
        return root
    if not SCHEMAS.is_dir():
        pytest.skip("shared/schemas is not present")
    xmlschema.XMLSchema(str(SCHEMAS / "junit-10.xsd")).validate(text)
    return root


def test_junit_shape_and_schema() -> None:
    src = "It cures.\nmay\n"
    rep = report(
        diag(src, "cures", replacement="helps"),
        diag(src, "may", level=Level.SUGGESTION),
        diag("fine\n", "fine", path="c.md", level=Level.SUGGESTION),
        sources={"a.md": src, "b.md": "clean\n", "c.md": "fine\n"},
        errors=(InputError("not UTF-8", path="d.md"),),
    )
    root = validate_junit(junit(rep))
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "1", "1")
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert list(cases) == ["a.md", "b.md", "c.md", "d.md"]
    failure = cases["a.md"].find("failure")
    assert failure is not None and failure.get("message") == "1 problem (1 error)"
    assert failure.text == (
        "a.md:1:4: error: Absolute claim. [Medical.CureClaim]\n  help: replace with 'helps'\n"
        "a.md:2:1: suggestion: Absolute claim. [Medical.CureClaim]"
    )
    assert len(cases["b.md"]) == 0
    assert cases["c.md"].find("failure") is None and cases["c.md"].find("system-out") is not None
    assert cases["d.md"].find("error") is not None


def test_junit_strips_illegal_characters() -> None:
    d = diag("x cures\n", "cures", path="we\x01ird<&>.md", message=NASTY)
    text = junit(report(d))
    root = validate_junit(text)
    case = root.find("testsuite/testcase")
    assert case is not None and case.get("name") == "weird<&>.md"
    failure = case.find("failure")
    assert failure is not None and failure.text is not None
    assert "\x01" not in failure.text and "\ud800" not in failure.text
    assert 'He said "cures"' in failure.text and "😀 <b>&</b>" in failure.text


# --- gitlab and rdjson --------------------------------------------------------------


def test_gitlab_code_quality_fields() -> None:
    src = f"It cures.\n{NASTY}\n"
    diags = [
        doc_level(),
        diag(src, "cures"),
        diag(src, "pipe", level=Level.SUGGESTION, message=NASTY, rule="Medical.Other"),
    ]
    out = GitlabFormatter().render(report(*diags, sources={"a.md": src}))
    issues = json.loads(out)
    assert isinstance(issues, list) and len(issues) == 3
    for issue in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert isinstance(issue["fingerprint"], str) and issue["location"]["path"] == "a.md"
    assert [i["severity"] for i in issues] == ["minor", "major", "info"]
    assert issues[0]["location"]["lines"] == {"begin": 1}
    assert issues[1]["location"]["positions"] == {
        "begin": {"line": 1, "column": 4},
        "end": {"line": 1, "column": 9},
    }
    assert issues[1]["description"] == "Absolute claim. [Medical.CureClaim]"
    assert issues[2]["description"].startswith(NASTY)
    assert len({i["fingerprint"] for i in issues}) == 3
    assert not out.startswith("\ufeff")


def test_rdjson_valid_with_utf8_columns_and_suggestion() -> None:
    src = f"a𐐀b cures\n{NASTY}\n"
    diags = [
        doc_level(),
        diag(src, "b"),
        diag(src, "cures", replacement="may ease", message=NASTY),
    ]
    payload = json.loads(RdjsonFormatter().render(report(*diags, sources={"a.md": src})))
    assert_valid("reviewdog-rdjson-DiagnosticResult.json", payload)
    assert payload["source"]["name"] == "healthlint"
    first, b, cures = payload["diagnostics"]
    assert first["location"]["range"] == {"start": {"line": 1}}
    assert first["severity"] == "WARNING" and cures["severity"] == "ERROR"
    assert b["location"]["range"]["start"] == {"line": 1, "column": 6}  # 𐐀 is 4 bytes
    assert cures["code"] == {"value": "Medical.CureClaim", "url": CURE.link}
    assert cures["suggestions"] == [{"range": cures["location"]["range"], "text": "may ease"}]
    assert cures["location"]["range"]["start"]["column"] == 8
    assert cures["message"] == NASTY


# --- full ---------------------------------------------------------------------------


def test_full_caret_under_span_with_tab_and_crlf() -> None:
    src = "# Tea\r\n\tThis tea cures colds.\r\nend\r\n"
    d = diag(src, "cures", replacement="may ease")
    assert (d.line, d.column) == (2, 11)
    out = FullFormatter().render(report(d, sources={"a.md": src}))
    assert out == (
        "error[Medical.CureClaim]: Absolute claim.\n"
        " --> a.md:2:11\n"
        "  |\n"
        "2 |     This tea cures colds.\n"
        "  |              ^^^^^\n"
        "  = help: replace with 'may ease'\n"
        "\n"
        "Found 1 problem (1 error) in 1 of 1 file.\n"
    )
    shown, carets = out.splitlines()[3:5]
    start = carets.index("^")
    assert shown[start : start + carets.count("^")] == "cures"
    assert "\r" not in out and "\x1b" not in out


def test_full_tab_inside_the_line_keeps_alignment() -> None:
    src = "ab\tcd\tcures x\n"
    out = FullFormatter().render(report(diag(src, "cures"), sources={"a.md": src}))
    shown, carets = out.splitlines()[3:5]
    assert shown == "1 | ab  cd  cures x"
    start = carets.index("^")
    assert shown[start : start + 5] == "cures" and carets.count("^") == 5


def test_full_multiline_document_level_and_color() -> None:
    src = "intro miracle\ncure here\n"
    multi = diag(src, "miracle\ncure", level=Level.WARNING)
    rep = report(doc_level(), multi, sources={"a.md": src})
    out = FullFormatter().render(rep)
    assert out == (
        "warning[Medical.MissingReviewer]: No reviewer named.\n"
        " --> a.md:1:1\n"
        "\n"
        "warning[Medical.CureClaim]: Absolute claim.\n"
        " --> a.md:1:7\n"
        "  |\n"
        "1 | intro miracle\n"
        "  |       ^^^^^^^\n"
        "  |\n"
        "  = note: the span ends at line 2, column 5\n"
        "\n"
        "Found 2 problems (2 warnings) in 1 of 1 file.\n"
    )
    colored = FullFormatter().render(rep, color=True)
    assert "\x1b[" in colored
    assert colored.endswith("Found 2 problems (2 warnings) in 1 of 1 file.\n")


def test_full_without_source_and_control_characters() -> None:
    d = diag("x cures\n", "cures")
    assert FullFormatter().render(report(d)) == (
        "error[Medical.CureClaim]: Absolute claim.\n"
        " --> a.md:1:3\n"
        "\n"
        "Found 1 problem (1 error) in 1 of 1 file.\n"
    )
    src = "\x1b[2Jx\u202e cures\n"
    out = FullFormatter().render(report(diag(src, "cures"), sources={"a.md": src}))
    shown, carets = out.splitlines()[3:5]
    assert "\x1b" not in shown and "\u202e" not in shown
    assert shown[carets.index("^") :].startswith("cures")


# --- the GitHub Action --------------------------------------------------------------


def test_action_manifest() -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert {"paths", "args", "version", "python-version", "changed-only"} <= set(action["inputs"])
    assert action["inputs"]["paths"]["default"] == "."
    steps = action["runs"]["steps"]
    assert steps[0]["uses"].startswith("actions/setup-python@")
    scripts = "\n".join(step.get("run", "") for step in steps)
    assert "github.action_path" in json.dumps(steps) and "--format github" in scripts
    assert all("shell" in step for step in steps if "run" in step)
