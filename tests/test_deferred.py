"""A linter read from the cache unpickles its compiled rules only when something needs them."""

from __future__ import annotations

from pathlib import Path

from healthlint._deferred import DeferredLinter
from healthlint.api import Linter
from healthlint.cache import Cache
from healthlint.config import Config


def _cached(tmp_path: Path) -> tuple[Linter, Linter]:
    cache = Cache(tmp_path / "cache")
    built, _ = cache.linter(None, lambda: Linter(Config()))
    again, _ = Cache(tmp_path / "cache").linter(None, lambda: Linter(Config()))
    return built, again


def test_a_cached_linter_answers_names_levels_and_rule_info_without_its_rules(tmp_path: Path) -> None:
    built, again = _cached(tmp_path)
    assert isinstance(again, DeferredLinter)
    assert again.rule_levels() == built.rule_levels()
    assert again.rules_info() == built.rules_info()
    assert "ruleset" not in again.__dict__  # nothing above needed the compiled rules


def test_a_cached_linter_lints_as_the_one_it_was_built_from(tmp_path: Path) -> None:
    built, again = _cached(tmp_path)
    text = "Ketamine cures anxiety in 90% of patients.\n"
    assert again.lint_text(text, path="a.md") == built.lint_text(text, path="a.md")
    assert "ruleset" in again.__dict__


def test_a_restriction_and_a_level_set_before_loading_are_kept(tmp_path: Path) -> None:
    built, again = _cached(tmp_path)
    name = built.rule_levels()[0][0]
    again.restrict({name})
    assert [n for n, _ in again.rule_levels()] == [name]
    assert list(again.rules_info()) == [name]


def test_the_daemon_keeps_one_unpickled_linter_for_the_same_entry(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pickle

    from healthlint import cache as cache_module
    from healthlint.daemon import _KeptPickle

    monkeypatch.setattr(cache_module, "pickle", _KeptPickle(pickle))
    _cached(tmp_path)
    first, _ = Cache(tmp_path / "cache").linter(None, lambda: Linter(Config()))
    second, _ = Cache(tmp_path / "cache").linter(None, lambda: Linter(Config()))
    first.prepare()
    second.prepare()
    assert first.ruleset is second.ruleset  # compiled once in a resident process
