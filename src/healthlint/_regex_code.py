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
    main = _main()
    if found is None and main is not None and isinstance(pattern.pattern, str):
        compile_text = getattr(main._compile, "__wrapped__", main._compile)  # from text, not from a table
        with recording(known):
            try:
                compile_text(pattern.pattern, pattern.flags, False, {}, False)
            except Exception:  # it compiled once; if not now, the pattern is kept as text only
                return None
        found = known.get(key)
    return found


def from_code(code: Code | None) -> Any:
    """The pattern rebuilt from its opcodes, or None (none kept, another ``regex``, any failure)."""
    if type(code) is not tuple or len(code) != 2 or code[0] != _VERSION or type(code[1]) is not tuple:
        return None
    main = _main()
    if main is None:
        return None
    try:
        return main._regex.compile(*code[1])
    except Exception:
        return None


#: patterns longer than this are not learned (a rule's lexicon unions travel inside the linter)
LEARN_CHARS = 4_000
#: at most this many patterns are learned
LEARN_ENTRIES = 2_000


#: the arguments of ``regex._main._compile`` that :func:`install` stands in for
_COMPILE_ARGS = ("pattern", "flags", "ignore_unused", "kwargs", "cache_it")


def installable() -> bool:
    """True when :func:`install` would install (once per process, with a ``regex`` laid out as expected)."""
    main = _main()
    compile_ = getattr(main, "_compile", None)
    if compile_ is None or getattr(compile_, "healthlint_table", None) is not None:
        return False
    code = getattr(compile_, "__code__", None)  # another regex may call it differently: leave it alone
    return code is not None and code.co_argcount == len(_COMPILE_ARGS) and code.co_varnames[: len(_COMPILE_ARGS)] == _COMPILE_ARGS


def install(table: dict[tuple[str, int], Code]) -> dict[tuple[str, int], Code] | None:
    """From now on in this process, ``regex`` builds a pattern of ``table`` (keyed by the text and
    flags it is asked for) from its opcodes; return the dict in which patterns compiled from
    text are recorded for the next run, or None when nothing was installed.

    Used by the command line with the cache (the module constants and rule options the
    linter compiles as it runs: ~35 ms of an edited article's run).
    """
    main = _main()
    if main is None or not installable():
        return None
    real = main._compile
    version = regex.DEFAULT_VERSION
    built: dict[tuple[str, int], Any] = {}
    learned: dict[tuple[str, int], Code] = {}

    def _compile(pattern: Any, flags: Any, ignore_unused: Any, kwargs: Any, cache_it: Any) -> Any:
        if kwargs or type(pattern) is not str or not isinstance(flags, int) or regex.DEFAULT_VERSION != version:
            return real(pattern, flags, ignore_unused, kwargs, cache_it)
        key = (pattern, int(flags))
        found = built.get(key)
        if found is not None:
            return found
        code = table.get(key)
        if code is not None:
            found = from_code(code)
            if found is not None:
                built[key] = found
                return found
        if len(pattern) > LEARN_CHARS or len(learned) >= LEARN_ENTRIES:
            return real(pattern, flags, ignore_unused, kwargs, cache_it)
        seen: dict[tuple[str, int], Code] = {}
        current = main._regex  # regex's C module, or a recorder (:func:`recording`) that must see it too
        main._regex = _Recorder(current, seen)
        try:
            compiled = real(pattern, flags, ignore_unused, kwargs, cache_it)
        finally:
            main._regex = current
        code = seen.get((compiled.pattern, compiled.flags))
        if code is not None and compiled.pattern == pattern and not compiled.flags & regex.LOCALE:
            learned[key] = code
        return compiled

    _compile.healthlint_table = learned  # type: ignore[attr-defined]
    _compile.__wrapped__ = real  # type: ignore[attr-defined]
    main._compile = _compile
    return learned


#: how many :func:`plain_flags` blocks are open (the outermost one swaps and restores)
_PLAIN_DEPTH = 0


@contextmanager
def plain_flags() -> Iterator[None]:
    """Inside the block, ``regex`` parses patterns with its flag constants as plain integers.

    ``regex``'s parser (``_regex_core``) tests and combines flags hundreds of thousands of
    times for the Medical pack's lexicon unions; its constants are ``enum.IntFlag`` members,
    and each ``&`` or ``|`` on one goes through ``enum``'s Python code (about a sixth of
    the parse: the rules' 476 patterns 0.56 s -> 0.47 s). The integers have the same
    values, so the compiled patterns are the same; the constants are put back when the
    block ends. A ``regex`` laid out differently is left alone.
    """
    global _PLAIN_DEPTH
    main = _main()
    core = sys.modules.get("regex._regex_core")
    flag_type = getattr(core, "RegexFlag", None)
    if main is None or core is None or not isinstance(flag_type, type) or _PLAIN_DEPTH:
        _PLAIN_DEPTH += 1
        try:
            yield
        finally:
            _PLAIN_DEPTH -= 1
        return
    saved: list[tuple[Any, str, Any]] = []
    for module, name, plain in _plain_plan(core, main, flag_type):
        saved.append((module, name, getattr(module, name)))
        setattr(module, name, plain)
    _PLAIN_DEPTH += 1
    try:
        yield
    finally:
        _PLAIN_DEPTH -= 1
        for module, name, value in saved:
            setattr(module, name, value)


#: (module, name, the value with plain integers) for each flag constant and table of flags of ``regex``
_PLAN: list[tuple[Any, str, Any]] | None = None


def _plain_plan(core: Any, main: Any, flag_type: type) -> list[tuple[Any, str, Any]]:
    """What :func:`plain_flags` swaps, found once (``regex``'s globals include large tables)."""
    global _PLAN
    if _PLAN is None:
        plan = []
        for module in (core, main):
            for name, value in list(vars(module).items()):
                if isinstance(value, flag_type):
                    plan.append((module, name, int(value)))
                elif type(value) is dict and any(isinstance(v, flag_type) for v in value.values()):
                    plan.append((module, name, {k: int(v) if isinstance(v, flag_type) else v for k, v in value.items()}))
        _PLAN = plan
    return _PLAN


#: the pickled form of a compiled pattern: the arguments of ``regex``'s C compiler, of which
#: these three (offset, characters, flags) name the required string
_REQUIRED = slice(7, 10)
_ARGS = 11


def bare(pattern: Any) -> Any:
    """A copy of ``pattern`` without ``regex``'s required-string hint, or ``pattern`` itself.

    ``regex`` finds, for a pattern, a literal every match must contain ("fold" in "\\d+-fold"),
    and before any ``match`` or ``search`` looks for it from the start position on; when the
    text lacks it, that look runs to the end of the text. Confirming thousands of candidate
    starts in one long block therefore costs the block's length each (a 3 MB line: 10 s).
    The hint only lets ``regex`` fail sooner, never changes a result, so the copy (compiled
    from the pickled arguments with the hint left out) finds exactly the same matches.
    A ``regex`` laid out differently, or any failure, keeps the pattern as it is.
    """
    data = getattr(pattern, "_pickled_data", None)
    main = _main()
    if main is None or type(data) is not tuple or len(data) != _ARGS or not data[_REQUIRED.start + 1]:
        return pattern
    try:
        copy = main._regex.compile(*data[: _REQUIRED.start], 0, (), 0, *data[_REQUIRED.stop :])
    except Exception:
        return pattern
    return copy if copy.pattern == pattern.pattern and copy.flags == pattern.flags else pattern
