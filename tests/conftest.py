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


@pytest.fixture()
def engine(monkeypatch: pytest.MonkeyPatch) -> str:
    """The pre-filter with RE2 finding candidates from the first search on (no warm-up, fresh finders)."""
    pytest.importorskip("re2")
    from healthlint import prefilter

    monkeypatch.setattr(prefilter, "WARM_UP", 0)
    monkeypatch.setattr(prefilter, "LONG", 0)
    monkeypatch.setattr(prefilter, "_FINDERS", {})
    monkeypatch.setattr(prefilter, "_SPENT", {})
    return "re2"


def corpus_texts() -> list[str]:
    """Every file of seeds/, tests/corpus and tests/fuzz_corpus as text (bytes that are not UTF-8 replaced)."""
    out = []
    for folder in (SEEDS, ROOT / "tests" / "corpus", ROOT / "tests" / "fuzz_corpus"):
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                out.append(path.read_bytes().decode("utf-8", errors="replace"))
    return out
