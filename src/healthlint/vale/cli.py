"""``healthlint`` on a Vale configuration: Vale's inputs, flags, output and exit codes.

Used when ``--config`` names a Vale file, or when no healthlint configuration is
found and a Vale one is (``.vale``, ``_vale``, ``vale.ini``, ``.vale.ini``,
``_vale.ini`` in the start folder or a parent, up to the repository root).
Exit codes are Vale's: 1 if an error-level alert was printed (0 with
``--no-exit``), 2 on a configuration or runtime error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO

from healthlint.vale import CONFIG_NAMES

VALE_OUTPUTS = {"line": "line", "JSON": "json", "CLI": "text"}
#: formats Vale reads and healthlint does not (see ``runner.format_of``)
NOT_LINTED = frozenset({"source code", "markup", "data"})
SKIP_DIRS = frozenset({"node_modules", ".git"})


def config_for(args: argparse.Namespace) -> Path | None:
    """The Vale configuration this run uses, or None for healthlint's own configuration."""
    if args.config:
        p = Path(args.config)
        return p if (p.name in CONFIG_NAMES or p.suffix == ".ini") else None
    from healthlint.config import find_config

    start = next((Path(p) for p in args.paths if p != "-"), Path.cwd())
    if find_config(start) is not None:
        return None
    from healthlint.vale import find_vale_config

    return find_vale_config(start if start.exists() else Path.cwd(), stop_at_repo=True)


def _files(paths: list[str], glob: str, formats: dict[str, str]) -> list[str]:
    """Every file ``--glob`` keeps (as Vale, for named files too): named ones and each folder's walk."""
    from healthlint.vale.ini import glob_match

    pattern = glob or "*"
    negated = pattern.startswith("!")
    pattern = pattern[1:] if negated else pattern

    def kept(path: str) -> bool:
        # Vale matches the path as given and with its [formats] extension; a relative path is
        # also tried in full, so '!**/*.md' skips test.md in the current folder as it does in Vale
        stem, ext = os.path.splitext(path)
        mapped = stem + "." + formats[ext[1:]] if ext[1:] in formats else path
        full = Path(path).resolve().as_posix()
        return any(glob_match(pattern, p) for p in {path, mapped, full}) != negated

    out: list[str] = []
    for arg in paths:
        if os.path.isdir(arg):
            for root, dirs, files in os.walk(arg):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
                for name in sorted(files):
                    path = os.path.join(root, name)
                    if path.startswith("./"):
                        path = path[2:]
                    if not name.startswith(".") and kept(path):
                        out.append(path)
        elif kept(arg):
            out.append(arg)
    return out


def run_vale(args: argparse.Namespace, config: Path, out: TextIO, err: TextIO) -> int:
    """Lint with a Vale configuration; print the report; return Vale's exit code."""
    from healthlint import __version__
    from healthlint.diagnostic import Diagnostic, Level
    from healthlint.errors import HealthlintError, RuleErrors
    from healthlint.formatters.base import Report
    from healthlint.plugins import load_formatter
    from healthlint.vale.api import load_runner
    from healthlint.vale.runner import format_of

    if args.verbose:
        err.write(f"healthlint: using the Vale configuration {config} (Vale compatibility mode)\n")
    if not config.is_file():
        err.write(f"healthlint: error: configuration file not found: {config}\n")
        return 2
    if getattr(args, "vale_filter", None):
        err.write("healthlint: error: Vale's --filter (an expr-lang expression over rules) is not supported; "
                  "choose rules with the configuration's BasedOnStyles and 'Style.Rule = NO' instead\n")
        return 2
    notices: list[str] = []
    try:
        runner = load_runner(config, min_level=args.vale_min_level, notice=notices.append)
    except (RuleErrors, HealthlintError) as exc:
        err.write(f"{exc}\n")
        return 2
    native = None
    if runner.cfg.native:  # healthlint's own styles (Medical) named in the Vale configuration
        from healthlint.vale.native import NativeStyles

        try:
            if args.no_cache:
                linter = NativeStyles.build(runner.cfg)
            else:  # compiled once per configuration, as for a healthlint configuration
                from healthlint.cache import Cache

                linter = Cache.for_config(config, args.cache_dir).linter(config, lambda: NativeStyles.build(runner.cfg))[0]
                if linter.config.styles != tuple(runner.cfg.native):  # the StylesPath changed what is native
                    linter = NativeStyles.build(runner.cfg)
            native = NativeStyles(runner.cfg, linter, notice=notices.append)
        except (RuleErrors, HealthlintError) as exc:
            err.write(f"{exc}\n")
            return 2
    native_errors: list[HealthlintError] = []
    fmt = args.format if args.format not in ("auto", None) else "text"
    output_file = args.output
    if output_file in VALE_OUTPUTS:
        fmt, output_file = VALE_OUTPUTS[output_file], None
    elif output_file and output_file.endswith(".tmpl"):
        err.write("healthlint: error: Vale's Go templates (--output=FILE.tmpl) are not supported; use --format line, json, sarif ...\n")
        return 2
    try:
        formatter = load_formatter(fmt)
    except HealthlintError as exc:
        err.write(f"{exc}\n")
        return 2
    diags: list[Diagnostic] = []
    files: list[str] = []
    inputs: list[tuple[str, str, str]] = []
    #: files Vale reads (source-code comments, other markup) that healthlint does not: never linted as prose
    not_read: dict[str, list[str]] = {}
    ext = args.ext or ""
    paths = list(args.paths)
    if not paths or paths == ["-"]:
        inputs.append((f"stdin{ext or '.txt'}", sys.stdin.read(), ext or ".txt"))
    elif len(paths) == 1 and not os.path.exists(paths[0]):
        inputs.append((f"stdin{ext or '.txt'}", paths[0], ext or ".txt"))
    else:
        from healthlint.config import Config
        from healthlint.safe_read import ReadPolicy

        policy = ReadPolicy.for_paths(paths, limit=Config().max_file_size, root=config.parent)
        for path in _files(paths, args.glob, runner.cfg.formats):
            fmt_name = format_of(path, runner.cfg.formats, ext or None)[0]
            if fmt_name in NOT_LINTED and not args.ignore_syntax:
                not_read.setdefault(fmt_name, []).append(path)
                continue
            try:
                data = policy.read(path, display=path)  # a regular file in the tree, bounded
            except HealthlintError as exc:
                err.write(f"{exc}\n")
                return 2
            inputs.append((path, data.decode("utf-8", errors="replace").removeprefix("\ufeff"), os.path.splitext(path)[1]))
    for path, text, real in inputs:
        fmt_name = "lines" if args.ignore_syntax else format_of(path, runner.cfg.formats, ext or None)[0]
        if fmt_name in NOT_LINTED:
            not_read.setdefault(fmt_name, []).append(path)
            continue
        files.append(path)
        diags.extend(runner.lint(text, path=path, fmt=fmt_name, real_ext=real))
        if native is not None:
            found, failed = native.lint(text, path=path, fmt=fmt_name)
            diags.extend(found)
            native_errors.extend(failed)
    for kind, skipped in not_read.items():
        err.write(f"healthlint: not linted ({kind}: Vale reads it, healthlint does not and never lints it as prose): {', '.join(skipped)}\n")
    for n in dict.fromkeys(notices):
        err.write(n + "\n")
    for e in runner.errors:
        err.write(e + "\n")
    for failure in native_errors:
        err.write(f"{failure}\n")
    diags.sort()
    report = Report(tuple(diags), files=tuple(files), version=__version__, fail_level=Level.ERROR)
    text_out = formatter.render(report, color=False)
    if output_file:
        from healthlint.atomic import write_atomic

        try:
            write_atomic(Path(output_file), text_out)  # an interrupted run leaves the old report
        except OSError as exc:
            err.write(f"{output_file}: error: cannot write the report: {exc.strerror or exc}\n")
            return 2
    else:
        out.write(text_out)
    if runner.errors or native_errors:
        return 2
    if args.no_exit:
        return 0
    return 1 if any(d.level is Level.ERROR for d in diags) else 0
