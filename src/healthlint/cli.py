"""argv -> configuration -> run -> report -> exit code; nothing else.

Exit codes: 0 nothing at or above the fail level, 1 findings at or above it,
2 usage, configuration, rule, plug-in or input errors.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
from pathlib import Path
from typing import Any, Iterator, Sequence, TextIO

from healthlint import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="healthlint",
        description="Lint medical and health articles (Markdown, HTML, text) for uncited statistics, "
        "absolute claims, missing reviewers and notices.",
        epilog="Subcommands: 'healthlint init' writes a starter configuration; 'healthlint validate [PATHS]' checks "
        "rule files, their examples and the configuration; 'healthlint explain RULE' documents a rule; "
        "'healthlint server' is the language server for editors (needs 'pip install healthlint[lsp]'); "
        "'healthlint daemon start|stop|status' keeps the rules compiled for faster runs (used when running).",
    )
    p.add_argument("paths", nargs="*", help="files or directories to lint ('-' for standard input)")
    p.add_argument("--format", default="auto", help="output format: text (default), full, json, github, sarif, junit, gitlab, rdjson, html; auto picks github under GitHub Actions")
    p.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of standard output")
    p.add_argument("--config", metavar="PATH", help="configuration file (.healthlint.yaml or pyproject.toml)")
    p.add_argument("--select", metavar="RULES", action="append", default=[], help="only these rules or styles (comma-separated)")
    p.add_argument("--ignore", metavar="RULES", action="append", default=[], help="skip these rules or styles (comma-separated)")
    p.add_argument("--min-level", choices=("suggestion", "warning", "error"), help="report findings at or above this level")
    p.add_argument("--fail-level", choices=("suggestion", "warning", "error"), help="exit 1 when a finding is at or above this level (default: warning)")
    p.add_argument("--stdin-filename", metavar="NAME", help="name (and so format) of the article read from standard input")
    p.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in FILE")
    p.add_argument("--write-baseline", metavar="FILE", help="record the current findings in FILE and exit 0")
    p.add_argument("--statistics", action="store_true", help="print the number of findings per rule")
    p.add_argument("--quiet", "-q", action="store_true", help="print findings only, no summary line")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour output (auto: only on a terminal and without NO_COLOR)")
    p.add_argument("--fix", action="store_true", help="apply the certain fixes (person-first wording, misspelt rule names in directives); report what remains")
    p.add_argument("--diff", action="store_true", help="print the certain fixes as a unified diff without writing; exit 1 if there are any")
    p.add_argument("--list-rules", action="store_true", help="list the rules that would run, and exit")
    p.add_argument("--verbose", "-v", action="store_true", help="say which configuration is used")
    vale = p.add_argument_group("Vale compatibility (used with a .vale.ini configuration)")
    vale.add_argument("--ext", help="Vale: treat standard input (or every file) as this extension, e.g. .md")
    vale.add_argument("--glob", default="*", help="Vale: only lint files matching this glob ('!' negates)")
    vale.add_argument("--minAlertLevel", dest="vale_min_level", choices=("suggestion", "warning", "error"), help="Vale: report alerts at or above this level")
    vale.add_argument("--ignore-syntax", action="store_true", help="Vale: lint files as plain lines, ignoring their markup")
    vale.add_argument("--no-exit", action="store_true", help="exit 0 even when there are findings (a file or rule that fails still exits 2)")
    vale.add_argument("--filter", dest="vale_filter", help=argparse.SUPPRESS)  # Vale's expr-lang filter: refused with a message
    for flag in ("--sort", "--normalize", "--relative", "--no-global", "--no-wrap"):
        vale.add_argument(flag, action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--jobs", "-j", type=_jobs, metavar="N", help="lint files in N processes (default: one per core)")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the cache of results and compiled rules")
    p.add_argument("--cache-dir", metavar="DIR", help="cache folder (default: .healthlint_cache beside the configuration, or in the current folder)")
    p.add_argument("--version", action="version", version=f"healthlint {__version__}")
    return p


#: the collector's first threshold in the command's own process: with the default (700 new
#: containers) one edited article runs ~750 collections (5 full passes over the heap) while the
#: rules unpickle and compile; 50,000 still collects any cycle a long run makes
GC_THRESHOLD = 50_000


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """The ``healthlint`` command."""
    if argv is None:  # the process is the command's (a caller's own process keeps its settings)
        import gc

        from healthlint import _apart

        gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
        _apart.own_process()  # the rules may be built in a child (healthlint._apart)
        try:
            return _main(argv, stdout=stdout, stderr=stderr)
        finally:
            gc.freeze()  # what the run built is freed with the process, not traversed again on the way out
    return _main(argv, stdout=stdout, stderr=stderr)


def _tolerant_streams() -> None:
    """A terminal or pipe whose encoding cannot hold a character (``PYTHONIOENCODING=ascii``, a
    legacy code page) gets it as a ``\\u2019`` escape instead of the run ending in a traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (getattr(stream, "encoding", "") or "").lower().replace("-", "") not in ("utf8", "utf8sig"):
            reconfigure(errors="backslashreplace")


class _OutputError(Exception):
    """Standard output refused the report (a full disk, /dev/full, a lost terminal)."""


class _Output:
    """The process's standard output, whose failure to write (other than a closed pipe) ends the
    run with a message and exit code 2 instead of a traceback."""

    def __init__(self, stream: TextIO | None) -> None:
        #: None when the process was started with standard output closed (``healthlint seeds/ >&-``)
        self._stream = stream

    def write(self, text: str) -> int:
        if self._stream is None:
            raise _OutputError("it is closed")
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _OutputError(exc.strerror or str(exc)) from exc

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def flush(self) -> None:
        if self._stream is None or getattr(self._stream, "closed", False):
            return  # closed by its owner (the language server ends its session so): nothing left to write
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _OutputError(exc.strerror or str(exc)) from exc

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _drop_stdout() -> None:
    """Point the process's standard output at the null device, so that the interpreter's own
    flush on the way out does not fail again on what is still buffered."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
        os.close(fd)
    except (OSError, ValueError, AttributeError):
        pass


def _main(argv: Sequence[str] | None, *, stdout: TextIO | None, stderr: TextIO | None) -> int:
    from healthlint.escape import TerminalWriter

    if stdout is None and stderr is None:
        _tolerant_streams()
    out: TextIO = stdout or _Output(sys.stdout)  # type: ignore[assignment]
    # every stderr line escaped; a process started with standard error closed (2>&-) writes nowhere
    err: TextIO = TerminalWriter(stderr or sys.stderr or open(os.devnull, "w", encoding="utf-8"))  # type: ignore[assignment]
    args_list = list(sys.argv[1:] if argv is None else argv)
    own = stdout is None  # the process's own standard output, which a failure may point elsewhere
    try:
        code = _command(args_list, out, err, forward=stdout is None and stderr is None)
        out.flush()
        return code
    except KeyboardInterrupt:
        err.write("healthlint: interrupted\n")
        return 130
    except BrokenPipeError:
        if own:
            _drop_stdout()
        return EXIT_OK
    except _OutputError as exc:
        err.write(f"healthlint: error: cannot write to standard output: {exc}\n")
        if own:
            _drop_stdout()
        return EXIT_ERROR


def _command(args_list: list[str], out: TextIO, err: TextIO, *, forward: bool) -> int:
    """Run the subcommand ``args_list`` names (linting when it names none)."""
    if args_list[:1] == ["validate"]:
        return _validate(args_list[1:], out, err)
    if args_list[:1] == ["explain"]:
        return _explain(args_list[1:], out, err)
    if args_list[:1] == ["init"]:
        from healthlint.init import main as init

        return init(args_list[1:], out, err)
    if args_list[:1] == ["server"]:
        return _server(args_list[1:], out, err)
    if args_list[:1] == ["daemon"]:
        from healthlint.daemon import command

        return command(args_list[1:], out, err)
    if forward:  # a running daemon lints with its rules compiled
        from healthlint.daemon import forward as forwarded

        code = forwarded(args_list, sys.stdout, sys.stderr)
        if code is not None:
            return code
    return _lint(args_list, out, err)


def _errors(err: TextIO, exc: Exception) -> int:
    err.write(f"{exc}\n")
    return EXIT_ERROR


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a number of processes (1 or more), not {value!r}")
    return n


def _lint(argv: list[str], out: TextIO, err: TextIO) -> int:
    parser = _parser()
    args = parser.parse_args(argv)  # --version and --help exit here, before anything else is imported
    from healthlint.diagnostic import Level
    from healthlint.errors import ConfigError, HealthlintError

    if not args.list_rules:
        from healthlint.vale.cli import config_for

        vale_config = config_for(args)
        if vale_config is not None and (args.fix or args.diff):
            err.write(f"healthlint: error: --fix and --diff use healthlint's configuration; {vale_config} is a Vale one (add a .healthlint.yaml)\n")
            return EXIT_ERROR
        if vale_config is not None:  # a Vale configuration and no healthlint one: Vale's semantics
            from healthlint.vale.cli import run_vale

            return run_vale(args, vale_config, out, err)
    from healthlint.run import RunOptions, formatter_of, lint_run, open_run

    fmt = args.format
    if fmt == "auto":
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if args.jobs is None:
        from healthlint.parallel import default_jobs

        args.jobs = default_jobs()
    options = RunOptions(
        paths=tuple(args.paths),
        config=args.config,
        select=tuple(args.select),
        ignore=tuple(args.ignore),
        min_level=Level.parse(args.min_level) if args.min_level else None,
        fail_level=Level.parse(args.fail_level) if args.fail_level else None,
        format=fmt,
        jobs=args.jobs,
        cache=not args.no_cache,
        cache_dir=args.cache_dir,
        stdin_filename=args.stdin_filename,
        verbose=args.verbose,
    )
    try:
        run = open_run(options, log=err.write)
    except HealthlintError as exc:
        return _errors(err, exc)
    linter, config, fail_level = run.linter, run.linter.config, run.fail_level
    if args.list_rules:
        from healthlint.escape import terminal

        for rule in linter.ruleset.rules:
            out.write(terminal(f"{rule.name:<34} {rule.level.value:<10} {_summary(rule.description)}") + "\n")
        return EXIT_OK
    if not args.paths:
        parser.print_usage(err)
        err.write("healthlint: error: no paths given (use '.' for the current folder, '-' for standard input)\n")
        return EXIT_ERROR
    try:
        formatter = formatter_of(run)
    except HealthlintError as exc:
        return _errors(err, ConfigError(exc.message))

    if args.fix or args.diff:
        if "-" in args.paths:
            err.write("healthlint: error: --fix and --diff work on files, not standard input\n")
            return EXIT_ERROR
        from healthlint.fix import run_fixes

        result, code = run_fixes(linter, args.paths, diff=args.diff, out=out, err=err)
        if code is not None:
            return code
    elif "-" in args.paths:
        from healthlint.api import printable

        limit = config.max_file_size
        data = sys.stdin.buffer.read(limit + 1) if limit > 0 else sys.stdin.buffer.read()
        if limit > 0 and len(data) > limit:
            from healthlint.errors import InputError

            return _errors(err, InputError(f"larger than max_file_size ({limit} bytes); not read", path=printable(args.stdin_filename or "-")))
        result = lint_run(run, stdin=data)
    else:
        result = lint_run(run)

    if args.write_baseline:
        from healthlint.baseline import write_baseline

        try:
            n = write_baseline(Path(args.write_baseline), result.diagnostics)
        except OSError as exc:
            err.write(f"{args.write_baseline}: error: cannot write the baseline: {exc.strerror or exc}\n")
            return EXIT_ERROR
        for e in result.errors:
            err.write(f"{e}\n")
        err.write(f"healthlint: recorded {n} finding{'s' if n != 1 else ''} in {args.write_baseline}\n")
        return EXIT_ERROR if result.errors else EXIT_OK
    if args.baseline:
        from dataclasses import replace

        from healthlint.baseline import load_baseline, new_findings

        try:
            known = load_baseline(Path(args.baseline))
        except HealthlintError as exc:
            return _errors(err, exc)
        result = replace(result, diagnostics=tuple(new_findings(result.diagnostics, known)))

    from healthlint.formatters.base import Report

    def source_of(path: str) -> str | None:
        try:
            from healthlint.decode import decode

            return decode(linter.read_policy(path).read(path, display=path), path)  # as it was linted: bounded, in the tree
        except HealthlintError:
            return None

    report = Report(
        diagnostics=result.diagnostics,
        rules=linter.rules_info(),
        files=result.files,
        errors=result.errors,
        version=__version__,
        fail_level=fail_level,
        source_of=source_of,
    )
    color = args.color == "always" or (
        args.color == "auto" and not args.output and out.isatty() and "NO_COLOR" not in os.environ
    )
    # pre-commit may call the hook several times per commit, one batch of files each: the summary
    # of a batch would repeat and mislead, so under pre-commit only the findings are printed
    # (pre-commit itself says Passed or Failed once per hook)
    summary = not ((args.quiet or os.environ.get("PRE_COMMIT") == "1") and fmt == "text")
    pieces = _rendered(formatter, report, color=color, summary=summary)
    if args.statistics:
        pieces = itertools.chain(pieces, [_statistics(result.diagnostics)])
    for e in result.errors:
        err.write(f"{e}\n")
    if fmt == "github":
        from healthlint.formatters.github import write_step_summary

        write_step_summary(report, os.environ)
    if args.output:
        from healthlint.atomic import write_atomic

        try:
            write_atomic(Path(args.output), "".join(pieces))
        except OSError as exc:
            err.write(f"{args.output}: error: cannot write the report: {exc.strerror or exc}\n")
            return EXIT_ERROR
    else:
        batch: list[str] = []
        size = 0
        for piece in pieces:  # in batches of about 1 MB: a large report is never held or encoded whole
            batch.append(piece)
            size += len(piece)
            if size >= 1 << 20:
                out.write("".join(batch))
                batch, size = [], 0
        out.write("".join(batch))
        out.flush()
    if result.errors:
        return EXIT_ERROR
    if args.no_exit:
        return EXIT_OK
    return EXIT_FINDINGS if any(d.level >= fail_level for d in result.diagnostics) else EXIT_OK


def _server(argv: list[str], out: TextIO, err: TextIO) -> int:
    """``healthlint server``: the language server on standard input and output."""
    import importlib.util

    if argv and argv[0] in ("-h", "--help"):
        out.write("usage: healthlint server\n\nRun the healthlint language server on standard input and output (LSP);\n"
                  "editors start it (see docs/editors.md). Needs the lsp extra: pip install 'healthlint[lsp]'.\n")
        return EXIT_OK
    if argv and argv != ["--stdio"]:
        err.write(f"healthlint server: error: unknown argument {argv[0]!r} (the server speaks LSP on standard input and output)\n")
        return EXIT_ERROR
    if importlib.util.find_spec("pygls") is None:
        err.write("healthlint server needs the language server library pygls; install it with:\n"
                  f"    {sys.executable} -m pip install 'healthlint[lsp]'\n")
        return EXIT_ERROR
    from healthlint.lsp.server import serve

    serve()
    return EXIT_OK


def _summary(description: str, width: int = 72) -> str:
    """The first clause of a rule's description, cut to ``width`` characters ('healthlint explain' has it all)."""
    text = " ".join(description.split())
    first = text.split(": ", 1)[0] if text.startswith("Flags ") else text.split(". ", 1)[0]
    return first if len(first) <= width else first[: width - 1].rstrip() + "…"


def _rendered(formatter: Any, report: Any, *, color: bool, summary: bool) -> Iterator[str]:
    """The report in pieces of text: line by line from a format that has ``lines``
    (:class:`~healthlint.formatters.base.Formatter`), else whole; without its last line (the
    summary) when ``summary`` is false."""
    lines = getattr(formatter, "lines", None)
    if not callable(lines):
        text = formatter.render(report, color=color)
        yield text if summary else "".join(line + "\n" for line in text.splitlines()[:-1])
        return
    held = None
    for line in lines(report, color=color):
        if held is not None:
            yield held + "\n"
        held = line
    if held is not None and summary:
        yield held + "\n"


def _statistics(diags: Sequence[object]) -> str:
    from collections import Counter

    counts = Counter((d.rule, d.severity) for d in diags)  # type: ignore[attr-defined]
    from healthlint.escape import terminal

    lines = [terminal(f"{n:>5}  {rule:<34} {sev}") for (rule, sev), n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))]
    return "\n".join(lines) + ("\n" if lines else "")


def _validate(argv: list[str], out: TextIO, err: TextIO) -> int:
    """``healthlint validate [PATHS]``: rule files, their examples and the configured styles."""
    from healthlint.validate import main as validate

    return validate(argv, out, err)


def _explain(argv: list[str], out: TextIO, err: TextIO) -> int:
    """``healthlint explain RULE``: description, rationale, examples and link."""
    import difflib

    from healthlint.errors import HealthlintError

    p = argparse.ArgumentParser(prog="healthlint explain", description="Print a rule's documentation.")
    p.add_argument("rule", help="a rule name such as Medical.UncitedStatistic")
    p.add_argument("--config", metavar="PATH")
    args = p.parse_args(argv)
    try:
        from healthlint.config import find_config, load_config
        from healthlint.ruleset import load_ruleset, style_dirs

        config = load_config(Path(args.config) if args.config else find_config(Path.cwd()))
        styles = sorted(set(config.styles) | set(style_dirs(config.styles_path)))
        rules = load_ruleset(styles, styles_path=config.styles_path).by_name()
    except HealthlintError as exc:
        return _errors(err, exc)
    rule = rules.get(args.rule)
    if rule is None:
        close = difflib.get_close_matches(args.rule, list(rules), n=1)
        err.write(f"error: unknown rule '{args.rule}'" + (f" (did you mean '{close[0]}'?)" if close else "") + "\n")
        return EXIT_ERROR
    lines = [f"{rule.name}  ({rule.level.value}, {rule.kind})", ""]
    if rule.description:
        lines += ["What it finds", *("  " + line for line in _wrap(rule.description)), ""]
    lines += _matching_lines(rule, config.styles_path)
    if rule.rationale:
        lines += ["Why it matters", *("  " + line for line in _wrap(rule.rationale)), ""]
    if rule.examples_fail:
        lines += ["Flagged", *(f"  - {e}" for e in rule.examples_fail), ""]
    if rule.examples_pass:
        lines += ["Not flagged", *(f"  - {e}" for e in rule.examples_pass), ""]
    if rule.link:
        lines += ["Reference", "  " + rule.link, ""]
    lines += [f"Defined in {rule.path}"]
    from healthlint.escape import terminal_lines

    out.write(terminal_lines("\n".join(lines)) + "\n")
    return EXIT_OK


def _matching_lines(rule: Any, styles_path: Any) -> list[str]:
    """"How it matches" and the lexicons and named patterns a rule uses (empty when it cannot tell)."""
    from healthlint.errors import HealthlintError
    from healthlint.lexicon import LazyStyles
    from healthlint.plugins import load_kinds
    from healthlint.ruledoc import describe, matching
    from healthlint.ruleset import style_dirs

    try:
        data = LazyStyles(style_dirs(styles_path))
        found = matching(Path(rule.path), load_kinds(), data, rule.style)
        lines = list(describe(found, data, rule.style))
    except (HealthlintError, OSError, KeyError, ValueError):
        return []
    return [*lines, ""] if found.patterns else []


def _wrap(text: str) -> list[str]:
    import textwrap

    return textwrap.wrap(" ".join(text.split()), 88)


if __name__ == "__main__":
    raise SystemExit(main())
