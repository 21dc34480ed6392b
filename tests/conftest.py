from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: the shared folder beside the checkout (CI has it; a user's clone may not)
SHARED = ROOT.parent / "shared"

# date-freshness rules compare with "today": pin it so expected outputs do not age
os.environ.setdefault("HEALTHLINT_TODAY", "2026-12-01")


@pytest.fixture(autouse=True)
def _no_ci_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see a plain terminal-less environment unless they set otherwise."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.setenv("HEALTHLINT_TODAY", "2026-12-01")


def load_scorer() -> ModuleType:
    """``scripts/score_corpus.py`` as a module (it is a script, not part of the package)."""
    name = "score_corpus"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / "score_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
