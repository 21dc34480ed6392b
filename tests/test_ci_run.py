"""CI installs what the tests need before pytest; the tests themselves install nothing."""

from __future__ import annotations

import re

from conftest import ROOT


def test_ci_run_installs_the_browser_before_pytest() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    steps = [line.strip() for line in script.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    install = next(i for i, s in enumerate(steps) if ".ci/install-browser.sh" in s)
    tests = next(i for i, s in enumerate(steps) if "pytest" in s)
    assert install < tests and "|| " not in steps[install]  # a failed install stops the run
    assert any(s.startswith('export CI="${CI:-true}"') for s in steps[:tests])
    browser = (ROOT / ".ci" / "install-browser.sh").read_text(encoding="utf-8")
    assert "apt-get install" in browser and "pip install" in browser


def test_no_test_installs_packages_on_this_machine() -> None:
    # a wheel or a hook may be installed into a throwaway venv; never apt, sudo, or pip into this interpreter
    forbidden = re.compile(r"apt-get|\bsudo\b|sys\.executable, \"-m\", \"pip\", \"install\"|/ \"install-browser\.sh\"")  # running the installer
    offenders = []
    for path in sorted((ROOT / "tests").glob("*.py")):
        if path.name == "test_ci_run.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if forbidden.search(line):
                offenders.append(f"{path.name}:{n}: {line.strip()}")
    assert offenders == []
