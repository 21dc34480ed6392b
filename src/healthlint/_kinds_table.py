"""The kinds table of a cached linter: kinds no rule uses are imported only when asked for.

A ruleset holds every installed check kind (:func:`healthlint.plugins.load_kinds`), but the
Medical pack uses five of fourteen; unpickling the others would import their modules and
build their option dataclasses for nothing (~10 ms of a pre-commit run). The cached linter
keeps the kinds its rules use as they are, and the others as ``(module, class)`` names,
instantiated on first use exactly as :func:`~healthlint.plugins.load_kinds` does.
"""

from __future__ import annotations

import importlib
from typing import Any, Iterator, Mapping


class LazyKinds(Mapping[str, Any]):
    """``name -> kind``: ``ready`` kinds as given, ``later`` ones imported on first use."""

    def __init__(self, names: tuple[str, ...], ready: dict[str, Any], later: dict[str, tuple[str, str]]) -> None:
        self._names = names
        self._ready = dict(ready)
        self._later = dict(later)

    def __getitem__(self, name: str) -> Any:
        try:
            return self._ready[name]
        except KeyError:
            pass
        module, qualname = self._later[name]  # an unknown kind: KeyError, as from a dict
        found: Any = importlib.import_module(module)
        for part in qualname.split("."):
            found = getattr(found, part)
        kind = found() if isinstance(found, type) else found
        self._ready[name] = kind
        return kind

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._ready or name in self._later

    def __reduce__(self) -> tuple[Any, tuple[tuple[str, ...], dict[str, Any], dict[str, tuple[str, str]]]]:
        return (LazyKinds, (self._names, self._ready, self._later))


def _by_name(kind: Any) -> tuple[str, str] | None:
    """``(module, class)`` when ``kind`` is a stateless instance its class rebuilds, else None."""
    cls = type(kind)
    if getattr(kind, "__dict__", None) or any(getattr(c, "__slots__", ()) for c in cls.__mro__):
        return None
    module = importlib.import_module(cls.__module__)
    found: Any = module
    for part in cls.__qualname__.split("."):
        found = getattr(found, part, None)
    return (cls.__module__, cls.__qualname__) if found is cls else None


def lazy_kinds(kinds: Mapping[str, Any], used: set[str]) -> Mapping[str, Any]:
    """``kinds`` with every kind not in ``used`` kept by name (when it can be)."""
    ready: dict[str, Any] = {}
    later: dict[str, tuple[str, str]] = {}
    for name, kind in kinds.items():
        ref = None if name in used else _by_name(kind)
        if ref is None:
            ready[name] = kind
        else:
            later[name] = ref
    return LazyKinds(tuple(kinds), ready, later)
