"""The cached linter's kinds table: kinds no rule uses come back by name, on first use."""

from __future__ import annotations

import pickle

from healthlint._kinds_table import LazyKinds, lazy_kinds
from healthlint.plugins import load_kinds


def test_unused_kinds_are_kept_by_name_and_come_back_as_the_same_class() -> None:
    kinds = load_kinds()
    table = pickle.loads(pickle.dumps(lazy_kinds(kinds, {"citation"})))
    assert isinstance(table, LazyKinds)
    assert list(table) == list(kinds) and len(table) == len(kinds)
    assert "citation" in table._ready and "existence" not in table._ready
    for name, kind in kinds.items():
        assert name in table
        assert type(table[name]) is type(kind)
        assert table[name].name == name
    assert table["existence"] is table["existence"]  # built once


def test_an_unknown_kind_is_a_key_error() -> None:
    table = lazy_kinds(load_kinds(), set())
    assert "no-such-kind" not in table
    try:
        table["no-such-kind"]
    except KeyError:
        pass
    else:
        raise AssertionError("an unknown kind was found")
