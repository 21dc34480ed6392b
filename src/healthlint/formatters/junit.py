"""``--format junit``: JUnit XML, one test case per linted file.

Shape: ``<testsuites>`` holding one ``<testsuite name="healthlint">`` with a
``<testcase classname="healthlint" name="<path>">`` per file. A file with findings at or
above the fail level has one ``<failure>`` (a count in ``message``, every finding of
the file in its text); findings below it are listed in ``<system-out>`` and the case
passes; an unreadable file has an ``<error>``. One case per file, not per finding,
because CI test views (GitLab, Jenkins) track a test across runs by its name: a file
path is stable where ``rule at line:col`` changes with every edit above it, and
GitLab rejects duplicate name and classname pairs. Only attributes allowed by the
Surefire schema are written, and text is stripped of characters XML 1.0 forbids.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter

from healthlint.diagnostic import Diagnostic, Level
from healthlint.errors import HealthlintError
from healthlint.formatters._common import relative_path, xml_safe
from healthlint.formatters.base import Report

_ORDER = (Level.ERROR, Level.WARNING, Level.SUGGESTION)


def _line(d: Diagnostic) -> str:
    text = f"{d.path}:{d.line}:{d.column}: {d.severity}: {d.message} [{d.rule}]"
    if d.replacement is not None:
        text += f"\n  help: replace with '{d.replacement}'" if d.replacement else f"\n  help: remove '{d.match}'"
    return text


def _count(findings: list[Diagnostic]) -> str:
    counts = Counter(d.level for d in findings)
    parts = [f"{counts[lv]} {lv.value}{'s' if counts[lv] != 1 else ''}" for lv in _ORDER if counts[lv]]
    n = len(findings)
    return f"{n} problem{'s' if n != 1 else ''} ({', '.join(parts)})"


def _case(path: str, findings: list[Diagnostic], errors: list[HealthlintError], fail: Level) -> ET.Element:
    case = ET.Element("testcase", name=xml_safe(path) or "healthlint", classname="healthlint", time="0")
    for e in errors:
        error = ET.SubElement(case, "error", message=xml_safe(e.message), type=type(e).__name__)
        error.text = xml_safe(str(e))
    failing = [d for d in findings if d.level >= fail]
    if failing:
        worst = max(d.level for d in failing)
        failure = ET.SubElement(case, "failure", message=xml_safe(_count(failing)), type=worst.value)
        failure.text = xml_safe("\n".join(_line(d) for d in findings))
    elif findings:
        ET.SubElement(case, "system-out").text = xml_safe("\n".join(_line(d) for d in findings))
    return case


def junit_xml(report: Report) -> ET.Element:
    """The ``<testsuites>`` element of ``report``."""
    by_path: dict[str, list[Diagnostic]] = {}
    errors: dict[str, list[HealthlintError]] = {}
    for path in report.files:
        by_path.setdefault(relative_path(path), [])
    for d in report.diagnostics:
        by_path.setdefault(relative_path(d.path), []).append(d)
    for e in report.errors:
        by_path.setdefault(relative_path(e.path), [])
        errors.setdefault(relative_path(e.path), []).append(e)
    cases = [_case(p, by_path[p], errors.get(p, []), report.fail_level) for p in by_path]
    totals = {
        "tests": str(len(cases)),
        "failures": str(sum(1 for c in cases if c.find("failure") is not None)),
        "errors": str(sum(1 for c in cases if c.find("error") is not None)),
    }
    root = ET.Element("testsuites", {"name": "healthlint", "time": "0", **totals})
    suite = ET.SubElement(root, "testsuite", {"name": "healthlint", "skipped": "0", "time": "0", **totals})
    suite.extend(cases)
    return root


class JunitFormatter:
    """JUnit XML with a test case per linted file and a failure listing its findings."""

    name = "junit"

    def render(self, report: Report, *, color: bool = False) -> str:
        root = junit_xml(report)
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
