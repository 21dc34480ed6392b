"""Vale's own acceptance suite (``../shared/vale-compat``) run through healthlint's command line.

Every runnable case of ``manifest.json`` runs its own command line, exactly as
written (``vale --output=line --sort ... [flags] [args]``, with ``vale``
replaced by ``healthlint``), through ``healthlint.cli.main`` in-process, in the
case's folder, with standard input fed from the file a ``cat X |`` pipe names.
Nothing is pre-filtered: the command line decides which files are linted and
how, as it does for a user. The printed ``line`` output is compared with the
expected alerts as a multiset of ``(path, line, column, rule, message)`` (line
only for the alerts the README marks as Vale's column-1 fallback), and the exit
status with the one the case asserts.

Cases that cannot pass are listed with their reason in
``tests/vale_compat_failures.md``; they still run (as expected failures), and a
case listed there that starts to pass fails the run, so the list never goes stale.
"""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

#: ``shared/vale-compat`` beside the checkout or beside one of its parent folders (a worktree)
SUITE = next(
    (p / "shared" / "vale-compat" for p in Path(__file__).resolve().parents[1:] if (p / "shared" / "vale-compat" / "manifest.json").is_file()),
    Path(__file__).resolve().parents[2] / "shared" / "vale-compat",
)
FAILURES = Path(__file__).with_name("vale_compat_failures.md")

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


@dataclass(frozen=True)
class Run:
    """What the command printed and returned."""

    status: int
    stdout: str
    stderr: str


def command_line(case: dict[str, Any]) -> tuple[list[str], str | None]:
    """The case's command as healthlint arguments, and the file piped to standard input (if any)."""
    command = case["vale_command"]
    stdin_file = None
    m = re.match(r"^cat\s+(\S+)\s*\|\s*(.*)$", command)
    if m:
        stdin_file, command = m.group(1), m.group(2)
    argv = shlex.split(command)
    assert argv[0] == "vale", command
    return argv[1:], stdin_file


def run_command(case: dict[str, Any]) -> Run:
    """Run the case's command line through ``healthlint.cli.main`` in the case's folder."""
    from healthlint.cli import main

    argv, stdin_file = command_line(case)
    cwd = SUITE / case["cwd"]
    out, err = io.StringIO(), io.StringIO()
    old_cwd, old_stdin = os.getcwd(), sys.stdin
    os.chdir(cwd)
    try:
        sys.stdin = io.StringIO((cwd / stdin_file).read_text(encoding="utf-8") if stdin_file else "")
        try:
            status = main(argv, stdout=out, stderr=err)
        except SystemExit as exc:  # a usage error: argparse prints to sys.stderr and exits 2
            status = exc.code if isinstance(exc.code, int) else 2
    finally:
        sys.stdin = old_stdin
        os.chdir(old_cwd)
    return Run(status, out.getvalue(), err.getvalue())


def parse_line_output(text: str) -> list[tuple[str, int, int, str, str]]:
    """Vale's ``line`` format: ``path:line:column:Style.Rule:message``."""
    alerts = []
    for row in text.splitlines():
        m = re.match(r"^(.*?):(\d+):(\d+):([^:]+):(.*)$", row)
        assert m, f"not a line-format alert: {row!r}"
        alerts.append((m.group(1), int(m.group(2)), int(m.group(3)), m.group(4), m.group(5)))
    return alerts


def run_case(case: dict[str, Any]) -> tuple[bool, str]:
    """Run one case through the CLI; ``(passed, explanation)``."""
    run = run_command(case)
    want_status = case.get("expected_exit_status_in_scope")
    if case["match"] == "error":
        ok = run.status == 2 and bool(run.stderr.strip())
        return ok, "" if ok else f"expected a configuration error (exit 2), got exit {run.status}: {run.stderr or run.stdout}"
    if run.status == 2:
        return False, f"exit 2: {run.stderr.strip()}"
    try:
        alerts = parse_line_output(run.stdout)
    except AssertionError as exc:
        return False, str(exc)
    noncore = {name for name, rule in (case.get("rules") or {}).items() if rule.get("kind") != "core"}
    core_only = case["tier"] == "mixed"
    quirks = {(e["path"], e["line"], e["check"], e["message"]) for e in case["expected"] if e.get("position_quirk")}
    got: Counter[tuple[Any, ...]] = Counter()
    for path, line, col, check, message in alerts:
        if core_only and check in noncore:
            continue
        key = (path, line, check, message)
        got[(*key, None) if key in quirks else (*key, col)] += 1
    expected: Counter[tuple[Any, ...]] = Counter()
    for e in case["expected"]:
        if core_only and e.get("kind") != "core":
            continue
        expected[(e["path"], e["line"], e["check"], e["message"], None if e.get("position_quirk") else e["col"])] += 1
    problems = []
    if case["match"] == "not-contain":
        bad = [s for s in case["not_contain"] if s in run.stdout]
        if bad:
            problems.append(f"output contains {bad}")
    elif case["match"] == "contains":
        if expected - got:
            problems.append(f"missing: {sorted(expected - got, key=str)}")
    elif got != expected:
        problems.append(f"missing {sorted(expected - got, key=str)}; unexpected {sorted(got - expected, key=str)}")
    if want_status is not None and not core_only and case["match"] != "not-contain" and run.status != want_status:
        problems.append(f"exit status {run.status}, expected {want_status}")
    return not problems, "; ".join(problems)


CASES = list(_manifest()["cases"])


@pytest.mark.parametrize("case", [c for c in CASES if c["tier"] in ("core", "mixed")], ids=lambda c: c["id"])
def test_case(case: dict[str, Any]) -> None:
    ok, why = run_case(case)
    reason = known_failures().get(case["id"])
    if reason is not None:
        if ok:
            pytest.fail(f"{case['id']} passes now: remove it from {FAILURES.name}")
        pytest.xfail(reason)
    assert ok, why


def test_pass_rates(capsys: pytest.CaptureFixture[str]) -> None:
    """Pass rate per rule type and overall, through the CLI; at least 95% of the core cases pass."""
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
        print("\nVale compatibility suite through the command line: pass rate per rule type")
        for t, results in sorted(per_type.items()):
            print(f"  {t:<32} {sum(results):>3}/{len(results):<3} {100 * sum(results) / len(results):5.1f}%")
        print(f"  core cases: {sum(core)}/{len(core)} = {100 * sum(core) / max(1, len(core)):.1f}%")
    unexplained = [c for c in failing if c not in known_failures()]
    assert not unexplained, f"failing cases without a written reason in {FAILURES.name}: {unexplained}"
    assert sum(core) >= 0.95 * len(core)
