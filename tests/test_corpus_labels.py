"""The labeled evaluation corpus (tests/corpus/) is well-formed.

These tests check the labels only; they do not run healthlint. Scoring healthlint against the
corpus is ``scripts/score_corpus.py`` (``score()`` for tests, ``--floor`` for CI).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from conftest import load_scorer

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"




sc = load_scorer()
ARTICLES = sc.articles(CORPUS)


@pytest.fixture(scope="module")
def labels() -> dict[str, Any]:
    return {fl.article.name: fl for fl in sc.load_labels(CORPUS)}


def test_labels_are_valid() -> None:
    """Every label file parses, names known rules, and every match is on its stated line."""
    assert sc.check_labels(CORPUS) == []


@pytest.mark.parametrize("article", ARTICLES, ids=[a.name for a in ARTICLES])
def test_each_match_occurs_on_its_line(article: Path, labels: dict[str, Any]) -> None:
    fl = labels[article.name]
    for label in fl.fires + fl.must_not_fire:
        line = fl.source.line(label.line)
        assert label.match in line, f"{article.name}:{label.line}: {label.match!r} not in {line!r}"
        assert fl.source.text[label.start : label.end] == label.match


def test_names_and_numbering() -> None:
    numbers = []
    for article in ARTICLES:
        m = re.fullmatch(r"(\d\d)_[a-z0-9]+(?:-[a-z0-9]+)*\.(md|html|txt)", article.name)
        assert m, f"{article.name}: expected NN_short-name.ext"
        numbers.append(int(m.group(1)))
        assert sc.label_path(article).exists()
    # numbers are unique; blocks of numbers may be set aside for a kind of paraphrase (60-79, 80-99)
    assert len(set(numbers)) == len(numbers), "each number names one article"
    assert min(numbers) == 1, "numbers start at 01"


def test_corpus_shape() -> None:
    formats = Counter(a.suffix for a in ARTICLES)
    assert all(formats[ext] >= 12 for ext in (".md", ".html", ".txt")), formats
    crlf = 0
    for article in ARTICLES:
        raw = article.read_bytes()
        lines = sc.Source.read(article).line_count
        assert 15 <= lines <= 80, f"{article.name}: {lines} lines"
        crlf += b"\r\n" in raw
    assert crlf >= 2
    texts = [a.read_text(encoding="utf-8") for a in ARTICLES]
    assert sum("\t" in t for t in texts) >= 2
    assert sum("\u00a0" in t for t in texts) >= 2 or any("&nbsp;" in t for t in texts)
    assert sum(any(ord(c) > 127 for c in t) for t in texts) >= 10
    assert sum(any(ord(c) > 0xFFFF for c in t) for t in texts) >= 3  # emoji


def test_document_labels_are_complete() -> None:
    for fl in sc.load_labels(CORPUS):
        assert set(sc.REQUIRED_DOCUMENT_RULES) <= set(fl.document), fl.article.name
        assert "Medical.ReadingLevel" in fl.document or "Medical.ReadingLevel" in fl.unlabeled


#: every precision trap named in the corpus brief, as the ``why`` tag it is labeled with
REQUIRED_TRAPS = (
    "negation", "question", "supplement-disclaimer", "words-to-avoid", "year", "date-range",
    "duration", "dose", "price", "phone", "988", "24/7", "list-numbering", "age",
    "clinical-code", "read-time", "reference-section", "code", "html-comment", "script",
    "json-ld", "clean-non-test", "crime-victim", "boilerplate-nav", "boilerplate-related",
    "boilerplate-latest", "boilerplate-footer", "boilerplate-cta",
)


def test_every_trap_appears_at_least_twice() -> None:
    tags: Counter[str] = Counter()
    files: dict[str, set[str]] = {}
    for fl in sc.load_labels(CORPUS):
        for label in fl.must_not_fire:
            tag = label.why.split(":")[0].strip()
            tags[tag] += 1
            files.setdefault(tag, set()).add(fl.article.name)
    missing = {t: tags[t] for t in REQUIRED_TRAPS if tags[t] < 2}
    assert not missing, f"traps labeled fewer than twice: {missing}"
    assert len(files["words-to-avoid"]) >= 2
    assert len(files["supplement-disclaimer"]) >= 2


def test_both_directions_for_every_rule() -> None:
    stats = sc.label_stats(CORPUS)["rules"]
    for rule in sc.SPAN_RULES:
        assert stats[rule]["fires"] >= 5 and stats[rule]["must_not_fire"] >= 5, rule
    for rule in sc.REQUIRED_DOCUMENT_RULES:
        assert stats[rule]["true"] >= 3 and stats[rule]["false"] >= 3, rule


def test_scorer_with_a_perfect_linter(labels: dict[str, Any]) -> None:
    """The scorer itself: findings made from the labels score 1.0 everywhere."""
    from types import SimpleNamespace

    def position(src: Any, offset: int) -> tuple[int, int]:
        starts = src.line_starts
        line = max(i for i, s in enumerate(starts) if s <= offset)
        return line + 1, offset - starts[line] + 1

    def lint(path: str) -> list[SimpleNamespace]:
        fl = labels[Path(path).name]
        out: list[SimpleNamespace] = []
        for lb in fl.fires:
            (l1, c1), (l2, c2) = position(fl.source, lb.start), position(fl.source, lb.end)
            out.append(SimpleNamespace(rule=lb.rule, line=l1, column=c1, end_line=l2,
                                       end_column=c2, match=lb.match, message=""))
        out += [SimpleNamespace(rule=r, line=1, column=1, end_line=1, end_column=1,
                                match="", message="") for r, v in fl.document.items() if v]
        return out

    results = sc.score(CORPUS, lint=lint)
    assert not results["false_positives"] and not results["false_negatives"]
    assert not results["document_mismatches"]
    assert sc.below_floor(results, floor=1.0, doc_floor=1.0) == []
