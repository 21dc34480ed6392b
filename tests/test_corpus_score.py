"""healthlint against the labeled corpus: every span rule at precision and recall >= 0.9, every
document rule at accuracy >= 0.95 (the floors of the issue). ``scripts/score_corpus.py -v``
lists each mismatch when this fails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import load_scorer

ROOT = Path(__file__).resolve().parents[1]
SPAN_FLOOR = 0.9
DOCUMENT_FLOOR = 0.95




@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    sc = load_scorer()
    out: dict[str, Any] = sc.score(ROOT / "tests" / "corpus")
    assert not out["errors"], out["errors"]
    return out


def _rows(results: dict[str, Any]) -> str:
    sc = load_scorer()
    return str(sc.render(results, verbose=True))


@pytest.mark.parametrize("rule", load_scorer().SPAN_RULES)
def test_span_rule_floor(results: dict[str, Any], rule: str) -> None:
    st = results["span"][rule]
    assert st["labels"] > 0, f"{rule} has no labels in the corpus"
    assert st["precision"] is not None and st["precision"] >= SPAN_FLOOR, _rows(results)
    assert st["recall"] is not None and st["recall"] >= SPAN_FLOOR, _rows(results)


@pytest.mark.parametrize("rule", load_scorer().REQUIRED_DOCUMENT_RULES)
def test_document_rule_floor(results: dict[str, Any], rule: str) -> None:
    st = results["document"][rule]
    assert st["total"] > 0
    assert st["accuracy"] >= DOCUMENT_FLOOR, _rows(results)


def test_no_floor_missed(results: dict[str, Any]) -> None:
    misses = load_scorer().below_floor(results, floor=SPAN_FLOOR, doc_floor=DOCUMENT_FLOOR)
    assert misses == [], _rows(results)
