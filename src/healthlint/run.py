"""One run of the command as a library call: frozen :class:`RunOptions` in, a :class:`Run` ready
to lint, a :class:`~healthlint.api.Result` out.

The CLI reads its arguments into :class:`RunOptions` once and calls :func:`open_run` and
:func:`lint_run`; reporting (formats, baseline, exit code) stays with the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from healthlint.diagnostic import Level
from healthlint.errors import ConfigError

if TYPE_CHECKING:
    from healthlint.api import Linter, Result
    from healthlint.cache import Cache, ResultCache
    from healthlint.formatters.base import Formatter


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What a run asks for, from the command line or a caller."""

    paths: tuple[str, ...] = ()
    #: the configuration file named (``--config``); None: the nearest one to the first path
    config: str | None = None
    #: rules or styles to keep (empty: all) and to drop, each item comma-separated
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    #: None: the configuration's
    min_level: Level | None = None
    fail_level: Level | None = None
    #: an output format's name (``auto`` already resolved)
    format: str = "text"
    jobs: int = 1
    cache: bool = True
    cache_dir: str | None = None
    #: the name (and so the format) of the article read from standard input
    stdin_filename: str | None = None
    verbose: bool = False


class UnknownRules(ConfigError):
    """``--select`` or ``--ignore`` names a rule or style that is not loaded."""

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__("; ".join(lines))
        self.lines = tuple(lines)

    def __str__(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True, slots=True)
class Run:
    """A loaded linter for a run, with the cache it reads and writes (if any)."""

    options: RunOptions
    linter: Linter
    fail_level: Level
    cache: Cache | None = None
    results: ResultCache | None = None


def open_run(options: RunOptions, *, log: Callable[[str], object] | None = None) -> Run:
    """Find and load the configuration and rules (from the cache when unchanged), apply
    ``select``/``ignore`` and the levels; raise :class:`~healthlint.errors.HealthlintError`."""
    from healthlint.api import Linter
    from healthlint.config import find_config, load_config

    cfg_path: Path | None
    if options.config is not None:
        cfg_path = Path(options.config)
        if not cfg_path.is_file():
            raise ConfigError(f"configuration file not found: {options.config}")
    else:
        start = next((Path(p) for p in options.paths if p != "-"), Path.cwd())
        cfg_path = find_config(start)
    cache: Cache | None = None
    key: str | None = None
    if not options.cache:
        from healthlint.cache import build_linter

        linter = build_linter(lambda: Linter(load_config(cfg_path)))
    else:
        from healthlint.cache import Cache

        cache = Cache.for_config(cfg_path, options.cache_dir)
        linter, key = cache.linter(cfg_path, lambda: Linter(load_config(cfg_path)))
    if options.verbose and log is not None:
        log(f"healthlint: using configuration {cfg_path}\n" if cfg_path else "healthlint: no configuration file; using the defaults\n")
    names = [name for name, _level in linter.rule_levels()]
    keep, unknown = selected(names, options.select, options.ignore)
    if unknown:
        import difflib

        lines = []
        for u in unknown:
            close = difflib.get_close_matches(u, names, n=1)
            lines.append(f"error: unknown rule or style '{u}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
        raise UnknownRules(lines)
    if options.select or options.ignore:
        linter.restrict(keep)
    config = linter.config
    if options.min_level is not None and options.min_level != config.min_level:
        linter.min_level = options.min_level
    results = cache.results(linter, key) if cache is not None else None
    return Run(options, linter, options.fail_level or config.fail_level, cache, results)


def selected(names: Sequence[str], select: Sequence[str], ignore: Sequence[str]) -> tuple[set[str], list[str]]:
    """The rule names kept by ``select``/``ignore`` (names or styles), and the unknown ones named."""

    def split(values: Sequence[str]) -> list[str]:
        return [v.strip() for item in values for v in item.split(",") if v.strip()]

    sel, ign = split(select), split(ignore)
    styles = {n.split(".", 1)[0] for n in names}
    unknown = [x for x in sel + ign if x not in names and x not in styles]

    def hit(name: str, patterns: list[str]) -> bool:
        return any(name == p or name.split(".", 1)[0] == p for p in patterns)

    keep = {n for n in names if (not sel or hit(n, sel)) and not hit(n, ign)}
    return keep, unknown


def formatter_of(run: Run) -> Formatter:
    """The run's output format, through the cache's remembered entry points when it has them."""
    from healthlint.plugins import formatter_table, load_formatter

    table = run.cache.formatter_table() if run.cache is not None else None
    formatter = load_formatter(run.options.format, remembered=table)
    if run.cache is not None and (table is None or run.options.format not in table):
        run.cache.store_formatter_table(formatter_table())
    return formatter


def lint_run(run: Run, *, stdin: bytes | None = None) -> Result:
    """Lint the run's paths; ``stdin`` is the article named ``-`` among them."""
    from healthlint.api import printable

    linter, options = run.linter, run.options
    if stdin is None:
        return linter.lint_paths(list(options.paths), jobs=options.jobs, cache=run.results)
    name = printable(options.stdin_filename or "-")  # argv keeps bytes that are not UTF-8 as lone surrogates
    result = linter.lint_bytes(stdin, display=name, format=linter.config.format_for(name) or "text")
    others = [p for p in options.paths if p != "-"]
    if others:
        result = result.merge(linter.lint_paths(others, jobs=options.jobs, cache=run.results))
    return result
