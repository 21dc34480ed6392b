"""Check kinds and formatters from entry points, loaded in flake8's three stages."""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Mapping

from healthlint.errors import PluginError

if TYPE_CHECKING:
    from healthlint.formatters.base import Formatter

KINDS_GROUP = "healthlint.kinds"
FORMATTERS_GROUP = "healthlint.formatters"


def discover(group: str) -> list[Any]:
    from importlib.metadata import entry_points  # ~10 ms: not imported when the cache remembers the formatters

    eps = list(entry_points(group=group))
    return sorted(eps, key=lambda ep: (ep.name, ep.value))


def _origin(ep: Any) -> str:
    dist = getattr(ep, "dist", None)
    return f"{dist.name if dist else '?'}[{ep.name}]"


@lru_cache(maxsize=None)
def load_kinds() -> dict[str, Any]:
    """Every installed check kind, by name; a broken or duplicate plug-in is an error."""
    kinds: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for ep in discover(KINDS_GROUP):
        origin = _origin(ep)
        try:
            cls = ep.load()
        except Exception as exc:  # a plug-in boundary: name the distribution
            raise PluginError(f"check kind plug-in {origin} failed to load: {type(exc).__name__}: {exc}") from exc
        kind = cls() if isinstance(cls, type) else cls
        _validate_kind(kind, ep.name, origin)
        if ep.name in kinds and origins[ep.name] != origin:
            raise PluginError(f"check kind '{ep.name}' is registered twice: by {origins[ep.name]} and by {origin}")
        kinds[ep.name] = kind
        origins[ep.name] = origin
    return kinds


def _validate_kind(kind: Any, name: str, origin: str) -> None:
    for attr in ("name", "Options", "compile", "check"):
        if not hasattr(kind, attr):
            raise PluginError(f"check kind plug-in {origin} does not define '{attr}'")
    if kind.name != name:
        raise PluginError(f"check kind plug-in {origin} is named '{kind.name}', not '{name}'")
    if not dataclasses.is_dataclass(kind.Options):
        raise PluginError(f"check kind plug-in {origin}: Options must be a dataclass")


@lru_cache(maxsize=None)
def formatter_names() -> tuple[str, ...]:
    return tuple(ep.name for ep in discover(FORMATTERS_GROUP))


def formatter_table() -> dict[str, str]:
    """``name -> module:attr`` of every formatter entry point (the first of a name, as loaded)."""
    table: dict[str, str] = {}
    for ep in discover(FORMATTERS_GROUP):
        table.setdefault(ep.name, ep.value)
    return table


def load_formatter(name: str, *, remembered: Mapping[str, str] | None = None) -> Formatter:
    """The formatter registered as ``name``.

    ``remembered`` is a table from :func:`formatter_table` kept by the caller (the cache,
    signed): its target is imported without reading the installed packages' metadata. A
    target that fails is looked up again through the entry points, which report any error.
    """
    target = (remembered or {}).get(name)
    if target:
        import importlib

        module, _, attr = target.partition(":")
        try:
            obj = getattr(importlib.import_module(module), attr)
        except Exception:  # a plug-in boundary: the entry point below says what is wrong
            obj = None
        if obj is not None:
            return _formatter(obj() if isinstance(obj, type) else obj, f"{module}:{attr}")
    for ep in discover(FORMATTERS_GROUP):
        if ep.name == name:
            try:
                cls = ep.load()
            except Exception as exc:
                raise PluginError(f"formatter plug-in {_origin(ep)} failed to load: {type(exc).__name__}: {exc}") from exc
            return _formatter(cls() if isinstance(cls, type) else cls, _origin(ep))
    raise PluginError(f"unknown output format '{name}' (available: {', '.join(formatter_names())})")


def _formatter(obj: Any, origin: str) -> Formatter:
    if not callable(getattr(obj, "render", None)):
        raise PluginError(f"formatter plug-in {origin} does not define 'render'")
    return obj  # type: ignore[no-any-return]
