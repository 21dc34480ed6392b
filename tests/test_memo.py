"""A rebuild after a rule or lexicon edit reads what the last build computed (inflected forms,
prefix trees, anchors, RE2 forms) from the cache, and an edit still takes effect at once."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from healthlint import _memo, anchors, lexicon
from healthlint.api import Linter
from healthlint.cache import Cache
from healthlint.config import Config
from healthlint.packs import shipped_packs_dir

SENTENCE = "Many glimmerfoot syndrome sufferers never see a doctor."


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    styles = tmp_path / "styles"
    shutil.copytree(shipped_packs_dir() / "Medical", styles / "Medical")
    return styles


def _build(cache: Cache, styles: Path, calls: list[str], monkeypatch: pytest.MonkeyPatch) -> Linter:
    """The linter from the cache (built when a rule file changed), as a new process would get it."""
    lexicon.forms_of.cache_clear()
    lexicon._load.cache_clear()
    anchors._cached.cache_clear()
    real = lexicon._forms_of
    monkeypatch.setattr(lexicon, "_forms_of", lambda word, pos: calls.append(word) or real(word, pos))
    linter, _ = cache.linter(None, lambda: Linter(Config(styles_path=(styles,))))
    return linter


def _fired(linter: Linter) -> bool:
    return any("glimmerfoot" in d.match for d in linter.lint_text(SENTENCE, path="a.md") if d.rule == "Medical.StigmatizingLanguage")


def test_a_lexicon_edit_takes_effect_on_the_next_cached_build(pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = Cache(tmp_path / "cache")
    first: list[str] = []
    assert not _fired(_build(cache, pack, first, monkeypatch))
    assert len(first) > 50  # the pack's inflected lexicons, computed once
    assert list((tmp_path / "cache").rglob("memo-*.json"))
    with (pack / "Medical" / "lexicons" / "conditions.txt").open("a", encoding="utf-8") as fh:
        fh.write("glimmerfoot syndrome\n")
    second: list[str] = []
    assert _fired(_build(cache, pack, second, monkeypatch))
    assert set(second) <= {"syndrome", "glimmerfoot"}  # only the new term's words asked of lemminflect


def test_a_memo_answers_as_computing_does(pack: Path) -> None:
    """The rules built from stored results are the rules built from scratch."""

    def plain(value: Any) -> Any:  # sets in a fixed order: equal sets may iterate differently
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return [(f.name, plain(getattr(value, f.name))) for f in dataclasses.fields(value)]
        if isinstance(value, (set, frozenset)):
            return sorted(repr(plain(v)) for v in value)
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return sorted((repr(k), repr(plain(v))) for k, v in value.items())
        if hasattr(value, "pattern") and hasattr(value, "flags"):
            return (value.pattern, value.flags)
        return repr(value)

    def patterns(linter: Linter) -> list[Any]:
        return [(r.name, plain(r.anchors), plain(r.compiled)) for r in linter.ruleset.rules]

    lexicon.forms_of.cache_clear()
    anchors._cached.cache_clear()
    lexicon._load.cache_clear()
    with _memo.building({}) as used:
        fresh = patterns(Linter(Config(styles_path=(pack,))))
    stored = json.loads(json.dumps(used))
    assert set(stored) >= {"forms", "trie", "anchors"}
    lexicon.forms_of.cache_clear()
    anchors._cached.cache_clear()
    lexicon._load.cache_clear()
    with _memo.building(stored) as again:
        assert patterns(Linter(Config(styles_path=(pack,)))) == fresh
    assert again == stored


def test_a_planted_memo_is_not_read(pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = Cache(tmp_path / "cache")
    _build(cache, pack, [], monkeypatch)
    (entry,) = (tmp_path / "cache").rglob("memo-*.json")
    planted = {"trie": {}, "anchors": {}, "forms": {_memo.digest("sufferer", "noun"): ["glimmerfoot"]}}
    entry.write_bytes(b"0" * 64 + b"\n" + json.dumps(planted).encode("ascii"))
    (pack / "Medical" / "Superlative.yml").write_text((pack / "Medical" / "Superlative.yml").read_text() + "\n# edited\n")
    calls: list[str] = []
    linter = _build(cache, pack, calls, monkeypatch)
    assert len(calls) > 50  # nothing taken from the unsigned entry: every form computed again
    assert not _fired(linter)
