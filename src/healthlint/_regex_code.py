"""A compiled ``regex`` pattern kept as plain data, so a cached linter compiles in C.

``regex`` parses a pattern in Python (``_regex_core``) into a flat list of
opcodes, then hands that list to its C module (``_regex.compile``), which
builds the matcher in microseconds. The parse is what costs: 10-90 ms for one
of the Medical pack's lexicon unions, ~0.3 s for what one article needs. The
opcodes are plain data (integers, strings, dicts), so the compiled linter in
the cache keeps them beside each pattern's text and a later run rebuilds the
pattern from them (the whole pack: ~10 ms).

The opcodes belong to one version of ``regex``: each entry names the version
that wrote it, and an entry of another version (or any failure) compiles the
pattern from its text as before. The entries live only inside the signed
linter entry of the cache (:mod:`healthlint.cache`), never read from anywhere
else: opcodes handed to the C module must come from this user's healthlint.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Any, Iterator

import regex

#: (pattern text, flags of the compiled pattern) -> the arguments ``regex`` gave its C compiler
Code = tuple[Any, ...]
_VERSION = f"{regex.__version__}/{sys.version_info[:2]}"


def _main() -> Any:
    """The module in which ``regex.compile`` calls its C compiler (``regex._main`` today)."""
    module = sys.modules.get(getattr(regex.compile, "__module__", ""))
    return module if module is not None and hasattr(getattr(module, "_regex", None), "compile") else None


class _Recorder:
    """Stands in for ``regex``'s C module while recording what ``compile`` is given."""

    def __init__(self, real: Any, into: dict[tuple[str, int], Code]) -> None:
        self._real = real
        self._into = into

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def compile(self, *args: Any) -> Any:
        compiled = self._real.compile(*args)
        if isinstance(args[0], str):
            self._into[(compiled.pattern, compiled.flags)] = (_VERSION, args)
        return compiled


@contextmanager
def recording(into: dict[tuple[str, int], Code]) -> Iterator[None]:
    """Record into ``into`` the opcodes of every pattern ``regex`` compiles inside the block.

    A pattern ``regex`` answers from its own cache is not compiled, so not recorded:
    :func:`code_of` compiles such a pattern again.
    """
    main = _main()
    if main is None:  # a ``regex`` laid out differently: nothing recorded, patterns compile from text
        yield
        return
    real = main._regex
    main._regex = _Recorder(real, into)
    try:
        yield
    finally:
        main._regex = real


def code_of(pattern: Any, known: dict[tuple[str, int], Code]) -> Code | None:
    """The opcodes of a compiled pattern: from ``known``, else compiled again (uncached) to get them."""
    key = (pattern.pattern, pattern.flags)
    found = known.get(key)
    if found is None and isinstance(pattern.pattern, str):
        with recording(known):
            try:
                regex.compile(pattern.pattern, pattern.flags, cache_pattern=False)
            except Exception:  # it compiled once; if not now, the pattern is kept as text only
                return None
        found = known.get(key)
    return found


def from_code(code: Code | None) -> Any:
    """The pattern rebuilt from its opcodes, or None (none kept, another ``regex``, any failure)."""
    if code is None or code[0] != _VERSION:
        return None
    main = _main()
    if main is None:
        return None
    try:
        return main._regex.compile(*code[1])
    except Exception:
        return None
