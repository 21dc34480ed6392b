"""The library: lint a string, a file or many paths with a configuration and ruleset.

Every entry point returns :class:`~healthlint.diagnostic.Diagnostic` values; the ones that
lint one article (``lint_text``, ``lint_file``) return a sorted list and raise the first
:class:`~healthlint.errors.HealthlintError`, the ones that lint many (``lint_paths``)
return a :class:`Result` holding the per-file errors.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Mapping, Protocol, Sequence

from healthlint.config import Config, find_config, load_config
from healthlint.decode import decode
from healthlint.diagnostic import Diagnostic, Level
from healthlint.errors import InputError, HealthlintError
from healthlint.ruleset import Ruleset, configure, load_ruleset
from healthlint.safe_read import ReadPolicy

if TYPE_CHECKING:
    from healthlint.document import Document
    from healthlint.model import RuleInfo

#: what linting one file gives: its sorted diagnostics and its errors (unreadable, a failing rule ...)
FileResult = tuple[list[Diagnostic], list[HealthlintError]]


class ResultStore(Protocol):
    """A wrapper around :meth:`Linter.lint_one` that answers for unchanged content
    (:class:`healthlint.cache.ResultCache`)."""

    def lint(self, linter: Linter, path: str, data: bytes, *, format: str | None) -> FileResult:
        """``linter.lint_one(path, data)``, or the stored result for the same content."""
        ...

    def lookup(self, path: str, data: bytes, *, format: str | None) -> list[Diagnostic] | None:
        """The stored diagnostics for this content, or None."""
        ...


@dataclass(frozen=True)
class Result:
    """What :meth:`Linter.lint_paths` found: sorted diagnostics, the files linted (as shown
    in output) and the per-file errors (unreadable, undecodable, not a regular file, too large,
    a failing rule): a file that is not linted is always an error, never skipped quietly."""

    diagnostics: tuple[Diagnostic, ...]
    files: tuple[str, ...] = ()
    errors: tuple[HealthlintError, ...] = ()

    def merge(self, other: Result) -> Result:
        """Both results as one, diagnostics sorted."""
        return Result(
            tuple(sorted(self.diagnostics + other.diagnostics)),
            self.files + other.files,
            self.errors + other.errors,
        )


class Linter:
    """A loaded configuration and ruleset, reusable across many files.

    ``Linter()`` uses the defaults (the shipped ``Medical`` style);
    ``Linter(load_config(find_config(Path.cwd())))`` the nearest ``.healthlint.yaml``.
    Loading rules costs far more than linting one article: make one and reuse it.
    """

    def __init__(self, config: Config | None = None, ruleset: Ruleset | None = None) -> None:
        self.config = config or Config()
        base = ruleset or load_ruleset(self.config.styles, styles_path=self.config.styles_path)
        self._base = base
        self._configured: dict[int, Ruleset] = {}
        self.ruleset = self._for_settings(self.config.rules)
        for o in self.config.overrides:  # a bad setting in an override is a configuration error now, not a crash mid-run
            self._for_settings({**self.config.rules, **o.rules})
        self.min_level = self.config.min_level
        self._only: frozenset[str] | None = None

    def prepare(self) -> None:
        """Have everything linting needs loaded (a linter read from the cache loads its rules when first used)."""

    def rule_levels(self) -> list[tuple[str, str]]:
        """``(name, level)`` of each rule that runs, in order."""
        return [(r.name, r.level.value) for r in self.ruleset.rules]

    def rules_info(self) -> dict[str, RuleInfo]:
        """What an output format may say about each rule that runs."""
        return self.ruleset.info()

    def restrict(self, names: Iterable[str]) -> None:
        """Run only the named rules (``--select`` / ``--ignore``)."""
        self._only = frozenset(names)
        self.ruleset = self._restricted(self.ruleset)
        self._configured.clear()

    def _restricted(self, ruleset: Ruleset) -> Ruleset:
        if self._only is None:
            return ruleset
        return Ruleset(tuple(r for r in ruleset.rules if r.name in self._only), ruleset.kinds, ruleset.names)

    def _for_settings(self, settings: Mapping[str, object]) -> Ruleset:
        return configure(self._base, settings, own_domains=self.config.own_domains, trusted_domains=self.config.trusted_domains, source=self.config.path)

    def ruleset_for(self, path: str) -> Ruleset:
        """The rules that apply to ``path``: the configuration's, with its matching overrides."""
        settings = self.config.rules_for(path)
        if settings is self.config.rules:
            return self.ruleset
        key = hash(tuple(sorted((k, repr(v)) for k, v in settings.items())))
        cached = self._configured.get(key)
        if cached is None:
            cached = self._restricted(configure(self._base, settings, own_domains=self.config.own_domains, trusted_domains=self.config.trusted_domains, source=self.config.path))
            self._configured[key] = cached
        return cached

    def parse(self, text: str, *, path: str = "<string>", format: str | None = None) -> Document:
        """The parsed article (segments, metadata, comments) that the rules see."""
        from healthlint.parse.build import build_document

        fmt = format or self.config.format_for(path) or "text"
        return build_document(path, text, fmt)

    def lint_text(self, text: str, *, path: str = "<string>", format: str | None = None, min_level: Level | None = None) -> list[Diagnostic]:
        """Lint an article given as a string; raise on a rule failure."""
        diags, errors = self.lint_text_with_errors(text, path=path, format=format, min_level=min_level)
        if errors:
            raise errors[0]
        return diags

    def lint_text_with_errors(self, text: str, *, path: str = "<string>", format: str | None = None, min_level: Level | None = None) -> FileResult:
        """Like :meth:`lint_text`, but rule failures are returned beside the diagnostics."""
        from healthlint.engine import lint_document

        try:
            doc = self.parse(text, path=path, format=format)
        except Exception as exc:  # a parser failing on data is this file's error (exit 2), never the run's end
            return [], [_parse_error(exc, path, format or self.config.format_for(path) or "text")]
        return lint_document(doc, self.ruleset_for(path), min_level=min_level or self.min_level)

    def lint_file(self, path: str | os.PathLike[str], *, format: str | None = None) -> list[Diagnostic]:
        """Lint one file; raise the first error if it cannot be read or decoded, or a rule fails."""
        diags, errors = self.lint_file_with_errors(path, format=format)
        if errors:
            raise errors[0]
        return diags

    def lint_file_with_errors(self, path: str | os.PathLike[str], *, display: str | None = None, format: str | None = None, cache: ResultStore | None = None) -> FileResult:
        """Like :meth:`lint_file`, but errors are returned beside the diagnostics (none is raised).

        ``display`` is the path shown in output; ``cache`` answers for an unchanged file.
        """
        shown = display or printable(str(path))
        try:
            data = self.read_policy(str(path)).read(str(path), display=shown)
        except InputError as exc:
            return [], [exc]
        if cache is None:
            return self.lint_one(shown, data, format=format)
        return cache.lint(self, shown, data, format=format)

    def read_policy(self, path: str | None = None) -> ReadPolicy:
        """How articles are read: the run's policy, or one for ``path`` named alone."""
        policy: ReadPolicy | None = getattr(self, "_read_policy", None)
        if policy is None:
            policy = ReadPolicy.for_paths([path] if path else [], limit=self.config.max_file_size, follow_symlinks=self.config.follow_symlinks, root=self.config.root)
        return policy

    def lint_one(self, path: str, data: bytes, *, format: str | None = None) -> FileResult:
        """Lint one file's bytes, shown as ``path``: decode, parse, run the rules. Reads nothing, stores nothing."""
        try:
            text = decode(data, path)
        except InputError as exc:
            return [], [exc]
        return self.lint_text_with_errors(text, path=path, format=format)

    def lint_bytes(self, data: bytes, *, display: str = "-", format: str | None = None) -> Result:
        """Lint an article given as bytes (standard input)."""
        diags, errors = self.lint_one(display, data, format=format)
        return Result(tuple(diags), (display,), tuple(errors))

    def lint_paths(self, paths: Sequence[str], *, jobs: int = 1, cache: ResultStore | None = None) -> Result:
        """Lint files and folders; ``jobs`` processes, results from ``cache`` when unchanged."""
        from healthlint.discover import iter_files
        from healthlint.parallel import lint_files

        errors: list[HealthlintError] = []
        diags: list[Diagnostic] = []
        #: paths and discovery errors, in discovery order (errors are reported in that order)
        found: list[str | HealthlintError] = []

        def on_error(path: str, msg: str) -> None:
            found.append(InputError(msg, path=printable(path)))

        def wanted(path: str) -> bool:
            return self.config.format_for(path) is not None and not self.config.excluded(path)

        self._read_policy = ReadPolicy.for_paths(
            paths, limit=self.config.max_file_size, follow_symlinks=self.config.follow_symlinks, root=self.config.root
        )  # every read checks it: regular files, inside the tree, at most max_file_size bytes

        def named(path: str) -> bool:  # a file named on the command line: only exclude/include can drop it
            return not (self.config.force_exclude and self.config.excluded(path))

        for path in iter_files(list(paths), wanted=wanted, on_error=on_error, named=named):  # on_error appends to found too
            found.append(path)
        files = [p for p in found if isinstance(p, str)]
        results = iter(lint_files(self, [(p, self.config.format_for(p) or "text") for p in files], jobs=jobs, cache=cache))
        for item in found:
            if isinstance(item, str):
                d, e = next(results)
                diags.extend(d)
                errors.extend(e)
            else:
                errors.append(item)
        diags.sort()
        return Result(tuple(diags), tuple(printable(f) for f in files), tuple(errors))


def _parse_error(exc: Exception, path: str, fmt: str) -> InputError:
    """A parser's exception as an error for the file, at the line the parser reached when it says."""
    if isinstance(exc, MemoryError):
        what = "ran out of memory"
    elif isinstance(exc, RecursionError):
        what = "nesting too deep"
    else:
        what = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
    line = getattr(exc, "lineno", None) or 1
    column = getattr(exc, "colno", None) or 1
    return InputError(f"cannot parse this {fmt} file ({what}); nothing in it was checked", path=path, line=int(line), column=int(column))


_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(path: str) -> str:
    """A path as shown in output: bytes of a file name that are not UTF-8 become U+FFFD.

    Python keeps such bytes as lone surrogates, which no UTF-8 output (JSON,
    SARIF, XML, a terminal) can hold.
    """
    return _SURROGATE.sub("\ufffd", path)


def _linter(config: Config | None, ruleset: Ruleset | None) -> Linter:
    return Linter(config, ruleset)


def lint_text(text: str, *, path: str = "<string>", format: str | None = None, config: Config | None = None, ruleset: Ruleset | None = None) -> list[Diagnostic]:
    """Lint one article given as text and return its findings, sorted.

    ``format`` is ``markdown``, ``html`` or ``text`` (default: from ``path``'s extension);
    ``config`` defaults to the built-in defaults, not a file. Raises
    :class:`~healthlint.errors.HealthlintError` when a rule fails.
    """
    return _linter(config, ruleset).lint_text(text, path=path, format=format)


def lint_file(path: str | os.PathLike[str], *, config: Config | None = None, ruleset: Ruleset | None = None) -> list[Diagnostic]:
    """Lint one file and return its findings, sorted (the same type as :meth:`Linter.lint_file`).

    ``config`` defaults to the configuration nearest the file. Raises
    :class:`~healthlint.errors.HealthlintError` if the file cannot be read or decoded, or a rule fails.
    """
    if config is None:
        found = find_config(Path(path))
        config = load_config(found)
    return _linter(config, ruleset).lint_file(path)


def lint_paths(paths: Iterable[str], *, config: Config | None = None, ruleset: Ruleset | None = None) -> Result:
    """Lint files and folders; per-file errors are in ``Result.errors``, none is raised.

    ``config`` defaults to the configuration nearest the first path.
    """
    paths = list(paths)
    if config is None:
        found = find_config(Path(paths[0]) if paths else Path.cwd())
        config = load_config(found)
    return _linter(config, ruleset).lint_paths(paths)
