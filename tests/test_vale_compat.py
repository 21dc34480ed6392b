"""Vale's own acceptance suite (``../shared/vale-compat``) run through healthlint's Vale layer.

Every runnable case of ``manifest.json`` runs in-process: load the case's
configuration, lint each in-scope document as the manifest says, and compare
alerts as a multiset of ``(path, line, column, rule, message)`` (line only for
the alerts the README marks as Vale's column-1 fallback). Cases that cannot
pass are listed with their reason in ``tests/vale_compat_failures.md``; they
still run (as expected failures), and a case listed there that starts to
pass fails the run, so the list never goes stale.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SUITE = SHARED / "vale-compat"
FAILURES = Path(__file__).with_name("vale_compat_failures.md")
CORE_KINDS = {"existence", "substitution", "occurrence", "repetition", "consistency", "conditional", "capitalization"}

pytestmark = pytest.mark.skipif(not (SUITE / "manifest.json").is_file(), reason="../shared/vale-compat is not beside the checkout")


def _manifest() -> dict[str, Any]:
    if not (SUITE / "manifest.json").is_file():
        return {"cases": []}
    return json.loads((SUITE / "manifest.json").read_text(encoding="utf-8"))


def known_failures() -> dict[str, str]:
    """``case id -> reason`` from the reason file (lines ``| `id` | tier | reason |``)."""
    out: dict[str, str] = {}
    if FAILURES.is_file():
        for line in FAILURES.read_text(encoding="utf-8").splitlines():
            m = re.match(r"\|\s*`([^`]+)`\s*\|\s*(\w+)\s*\|\s*(.+?)\s*\|\s*$", line)
            if m:
                out[m.group(1)] = m.group(3)
    return out


_FMT = {"markdown": "markdown", "html": "html", "text": "text", "plain-lines": "lines"}


def run_case(case: dict[str, Any]) -> tuple[bool, str, Counter[tuple[Any, ...]], Counter[tuple[Any, ...]]]:
    """Run one case; ``(passed, explanation, expected, got)``."""
    from healthlint.errors import RuleErrors
    from healthlint.vale.api import load_runner

    cwd = SUITE / case["cwd"]
    flags = case.get("flags") or []
    min_level = next((f.split("=", 1)[1] for f in flags if f.startswith("--minAlertLevel=")), None)
    try:
        runner = load_runner(cwd / case["config"], min_level=min_level, system_dictionaries=False, notice=lambda msg: None)
    except RuleErrors as exc:
        ok = case["match"] == "error"
        return ok, "" if ok else f"configuration error: {exc}", Counter(), Counter()
    if case["match"] == "error":
        return False, "expected a configuration error (exit 2), got none", Counter(), Counter()
    kinds = {r.name: r.extends for r in runner.rules}
    core_only = case["tier"] == "mixed"
    quirks = {(e["path"], e["line"], e["check"], e["message"]) for e in case["expected"] if e.get("position_quirk")}
    got: Counter[tuple[Any, ...]] = Counter()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        for doc in case["documents"]:
            if doc.get("vale_skips_file"):
                continue
            name = doc["path"]
            if case["input"] == "files":
                text = (cwd / name).read_text(encoding="utf-8")
            elif case["input"] == "stdin":
                text = (cwd / case["stdin_file"]).read_text(encoding="utf-8")
            else:
                text = case["string_arg"]
            fmt = _FMT[doc["treat_as"]]
            for a in runner.lint(text, path=name, fmt=fmt, real_ext=os.path.splitext(name)[1]):
                if core_only and kinds.get(a.check) not in CORE_KINDS:
                    continue
                key = (a.path, a.line, a.check, a.message)
                got[(*key, None) if key in quirks else (a.path, a.line, a.check, a.message, a.column)] += 1
    finally:
        os.chdir(old)
    expected: Counter[tuple[Any, ...]] = Counter()
    for e in case["expected"]:
        if core_only and e.get("kind") != "core":
            continue
        col = None if e.get("position_quirk") else e["col"]
        expected[(e["path"], e["line"], e["check"], e["message"], col)] += 1
    if case["match"] == "not-contain":
        text = "\n".join(":".join(str(x) for x in k) for k in got)
        bad = [s for s in case["not_contain"] if s in {k[0].rsplit(".", 1)[-1] for k in got}]
        return not bad, f"output contains {bad}" if bad else "", expected, got
    if case["match"] == "contains":
        missing = expected - got
        return not missing, f"missing: {sorted(missing)}" if missing else "", expected, got
    if got == expected:
        return True, "", expected, got
    missing = sorted(expected - got, key=str)
    extra = sorted(got - expected, key=str)
    return False, f"missing {missing}; unexpected {extra}", expected, got


CASES = [c for c in _manifest()["cases"]]


@pytest.mark.parametrize("case", [c for c in CASES if c["tier"] in ("core", "mixed")], ids=lambda c: c["id"])
def test_case(case: dict[str, Any]) -> None:
    ok, why, _, _ = run_case(case)
    reason = known_failures().get(case["id"])
    if reason is not None:
        if ok:
            pytest.fail(f"{case['id']} passes now: remove it from {FAILURES.name}")
        pytest.xfail(reason)
    assert ok, why


def test_pass_rates(capsys: pytest.CaptureFixture[str]) -> None:
    """Pass rate per rule type and overall; at least 95% of the core cases pass."""
    per_type: dict[str, list[bool]] = {}
    core: list[bool] = []
    failing: list[str] = []
    for case in CASES:
        ok = run_case(case)[0]
        if case["tier"] == "core":
            core.append(ok)
        if not ok:
            failing.append(case["id"])
        types = {e["extends"] for e in case["expected"]} or {"(no alerts)"}
        for t in types:
            per_type.setdefault(f"{t} [{case['tier']}]" if case["tier"] != "core" else t, []).append(ok)
    with capsys.disabled():
        print("\nVale compatibility suite: pass rate per rule type")
        for t, results in sorted(per_type.items()):
            print(f"  {t:<32} {sum(results):>3}/{len(results):<3} {100 * sum(results) / len(results):5.1f}%")
        print(f"  core cases: {sum(core)}/{len(core)} = {100 * sum(core) / max(1, len(core)):.1f}%")
    unexplained = [c for c in failing if c not in known_failures()]
    assert not unexplained, f"failing cases without a written reason in {FAILURES.name}: {unexplained}"
    assert sum(core) >= 0.95 * len(core)
