"""scripts/accuracy_report.py: finds its development set, scores it with score_corpus.py and
writes a report that names addresses and counts but never repeats a page's words."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from conftest import load_scorer

ROOT = Path(__file__).resolve().parents[1]

PAGE = (
    "Dr. Quill's Hydration Loft\n"
    "\n"
    "Our drips are completely safe and 83% of adults are dehydrated by noon.\n"
)
LABELS = """fires:
  - {rule: Medical.AbsoluteSafety, line: 3, match: "completely safe"}
  - {rule: Medical.UncitedStatistic, line: 3, match: "83%"}
must_not_fire: []
document:
  Medical.MissingReviewer: true
  Medical.MissingConsultNotice: true
  Medical.MissingDate: true
  Medical.MissingCrisisResource: false
unlabeled_rules: [Medical.ReadingLevel]
"""
SOURCES = "id\taddress\tcategory\tset\n001\thttps://loft.example/drips\tclinic\tdev\n"


def load_report() -> ModuleType:
    load_scorer()  # the report imports score_corpus; share the test session's copy
    name = "accuracy_report"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / "accuracy_report.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture()
def devset(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "001_loft.txt").write_text(PAGE, encoding="utf-8")
    (folder / "001_loft.labels.yaml").write_text(LABELS, encoding="utf-8")
    (tmp_path / "sources.tsv").write_text(SOURCES, encoding="utf-8")
    return folder


def test_without_a_devset_it_exits_2_and_says_how_to_give_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("HEALTHLINT_DEVSET", raising=False)
    assert load_report().main(["--stdout"]) == 2
    assert "HEALTHLINT_DEVSET" in capsys.readouterr().err


def test_a_missing_folder_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert load_report().main(["--devset", str(tmp_path / "gone"), "--stdout"]) == 2
    assert "gone" in capsys.readouterr().err


def test_report_scores_the_set_and_quotes_no_page_text(
    devset: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HEALTHLINT_DEVSET", str(devset))
    code = load_report().main(["--sources", str(devset.parent / "sources.tsv"), "--stdout"])
    out = capsys.readouterr().out
    assert code == 0
    assert "| Medical.AbsoluteSafety | 1 |" in out  # one label, scored
    assert "<https://loft.example/drips>" in out and "clinic 1" in out
    for words in ("completely safe", "83%", "Hydration Loft", "dehydrated"):
        assert words not in out


def test_today_reaches_healthlint_while_scoring(devset: Path) -> None:
    seen: list[Any] = []

    def fake_lint(path: str) -> list[Any]:
        seen.append(os.environ.get("HEALTHLINT_TODAY"))
        return []

    load_scorer().score(devset, lint=fake_lint, today="2031-05-06")
    assert seen == ["2031-05-06"]


def test_each_held_out_set_is_scored_and_listed_on_its_own(
    devset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = SOURCES
    held: list[str] = []
    for letter, subset in (("a", "heldout"), ("b", "heldout-b")):
        folder = tmp_path / f"held-{letter}"
        folder.mkdir()
        page_id = "101" if letter == "a" else "201"
        (folder / f"{page_id}_loft.txt").write_text(PAGE, encoding="utf-8")
        (folder / f"{page_id}_loft.labels.yaml").write_text(LABELS, encoding="utf-8")
        sources += f"{page_id}\thttps://{letter}.example/page\tclinic\t{subset}\n"
        held += ["--heldout", str(folder)]
    (tmp_path / "all.tsv").write_text(sources, encoding="utf-8")
    code = load_report().main(["--devset", str(devset), *held, "--sources", str(tmp_path / "all.tsv"), "--stdout"])
    out = capsys.readouterr().out
    assert code == 0
    assert "### Scores on the held-out A set (1 pages)" in out and "### Scores on the held-out B set (1 pages)" in out
    a, b = out.split("### Pages of the held-out A set")[1].split("### Pages of the held-out B set")
    assert "<https://a.example/page>" in a and "<https://b.example/page>" not in a
    assert "<https://b.example/page>" in b


def test_a_lettered_folder_names_its_set(devset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "held-c"
    folder.mkdir()
    (folder / "401_loft.txt").write_text(PAGE, encoding="utf-8")
    (folder / "401_loft.labels.yaml").write_text(LABELS, encoding="utf-8")
    (tmp_path / "all.tsv").write_text(SOURCES + "401\thttps://c.example/page\tclinic\theldout-c\n", encoding="utf-8")
    code = load_report().main(["--devset", str(devset), "--heldout", f"C={folder}", "--sources", str(tmp_path / "all.tsv"), "--stdout"])
    out = capsys.readouterr().out
    assert code == 0
    assert "### Scores on the held-out C set (1 pages)" in out and "held-out A" not in out
    assert "<https://c.example/page>" in out.split("### Pages of the held-out C set")[1]
