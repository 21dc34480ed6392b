"""The five seed articles with the shipped packs give exactly the reviewed output in tests/golden/.

A change here is a product change: read the new output line by line (tests/golden/README.md says
what each seed should and should not report), then regenerate with

    HEALTHLINT_UPDATE_GOLDEN=1 python -m pytest tests/test_seeds.py
"""

from __future__ import annotations

import difflib
import io
import os
from pathlib import Path

import pytest

from healthlint.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "seeds.txt"


def _run(monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("HEALTHLINT_TODAY", "2026-12-01")
    monkeypatch.setenv("NO_COLOR", "1")
    out, err = io.StringIO(), io.StringIO()
    code = main(["seeds/"], stdout=out, stderr=err)
    assert err.getvalue() == ""
    return code, out.getvalue()


def test_seeds_match_the_golden_output(monkeypatch: pytest.MonkeyPatch) -> None:
    code, text = _run(monkeypatch)
    assert code == 1  # the seeds have warnings and errors
    if os.environ.get("HEALTHLINT_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(text, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True), "golden", "now"))
        pytest.fail(f"seed output changed (review it, then HEALTHLINT_UPDATE_GOLDEN=1):\n{diff}")


def test_every_seed_has_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    _, text = _run(monkeypatch)
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        assert f"seeds/{seed.name}:" in text
