"""``healthlint validate [PATHS]``: check rule files, run their examples, check the configuration.

With paths, the rule files and style folders named are checked. Without, the
configuration in use (``--config``, or the nearest one) is: its ``styles_path``
folders exist, every style it names loads, its rule settings apply. Either way
each rule's ``examples`` are run: every ``fail`` text must be flagged by the
rule and no ``pass`` text may be. Exit 0 when all is well, 2 on any error.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Sequence, TextIO

from healthlint.errors import ConfigError, HealthlintError, RuleErrors, RuleError

if TYPE_CHECKING:
    from healthlint.config import Config
    from healthlint.model import Rule
    from healthlint.ruleset import Ruleset

EXIT_OK, EXIT_ERROR = 0, 2


def main(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    """The ``validate`` subcommand."""
    p = argparse.ArgumentParser(
        prog="healthlint validate",
        description="Validate rule files and run each rule's examples; without paths, the configured styles. Exit 2 on any error.",
    )
    p.add_argument("paths", nargs="*", help="rule files or style folders (default: the styles the configuration uses)")
    p.add_argument("--config", metavar="PATH", help="configuration file to check (default: the nearest one)")
    p.add_argument("--verbose", "-v", action="store_true", help="also say how each rule is narrowed down (anchor words, RE2 pre-filter) or that it is slow")
    args = p.parse_args(list(argv))
    errors: list[HealthlintError] = []
    try:
        if args.paths:
            ruleset, nfiles = _named(args.paths, errors)
        else:
            ruleset, nfiles = _configured(args.config, errors)
    except HealthlintError as exc:
        err.write(f"{exc}\n")
        return EXIT_ERROR
    examples = 0
    if ruleset is not None:
        if args.verbose:
            from healthlint.engine import speed_note

            for rule in ruleset.rules:
                out.write(f"{rule.path}: {rule.name}: {speed_note(rule)}\n")
        for rule in ruleset.rules:
            examples += len(rule.examples_fail) + len(rule.examples_pass)
            errors.extend(check_examples(rule, ruleset))
    for e in sorted(errors, key=lambda e: e.sort_key):
        err.write(f"{e}\n")
    if errors:
        return EXIT_ERROR
    out.write(
        f"{nfiles} rule file{'s' if nfiles != 1 else ''} valid; "
        f"{examples} example{'s' if examples != 1 else ''} behave as documented.\n"
    )
    return EXIT_OK


def _named(paths: list[str], errors: list[HealthlintError]) -> tuple[Ruleset | None, int]:
    """Load the rule files and style folders named on the command line."""
    from healthlint.packs import style_files
    from healthlint.plugins import load_kinds
    from healthlint.rulespec import load_rule_file, rule_name
    from healthlint.ruleset import Ruleset

    kinds = load_kinds()
    files: list[Path] = []
    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            files.extend(style_files(path))
        elif path.is_file():
            files.append(path)
        else:
            raise ConfigError("no such file or directory", path=arg)
    from healthlint.lexicon import load_style_data

    for folder in sorted({f.parent for f in files}):
        try:
            load_style_data(folder, display=str(folder))  # lexicons and patterns, used or not
        except RuleErrors as exc:
            errors.extend(exc.errors)
    rules: list[Rule] = []
    for f in files:
        try:
            rules.append(load_rule_file(f, kinds, display=str(f), name=rule_name(f)))
        except RuleErrors as exc:  # a bad lexicon is reported once, not again by each rule that names it
            errors.extend(e for e in exc.errors if e.sort_key not in {x.sort_key for x in errors})
    return Ruleset(tuple(rules), kinds, frozenset(r.name for r in rules)), len(files)


def _configured(config_arg: str | None, errors: list[HealthlintError]) -> tuple[Ruleset | None, int]:
    """Load the configuration and the styles it names, as a lint run would, collecting every error."""
    from healthlint.api import Linter
    from healthlint.config import find_config, load_config
    from healthlint.packs import style_files
    from healthlint.ruleset import load_ruleset, style_dirs

    if config_arg is not None and not Path(config_arg).is_file():
        raise ConfigError(f"configuration file not found: {config_arg}")
    path = Path(config_arg) if config_arg else find_config(Path.cwd())
    try:
        config = load_config(path, shown=config_arg) if path is not None else load_config(None)
    except RuleErrors as exc:
        errors.extend(exc.errors)
        return None, 0
    errors.extend(_missing_folders(config))
    try:
        ruleset = load_ruleset(config.styles, styles_path=config.styles_path)
    except RuleErrors as exc:
        errors.extend(exc.errors)
        return None, 0
    try:
        Linter(config, ruleset)  # the configuration's rule settings and overrides apply to these rules
    except RuleErrors as exc:
        errors.extend(exc.errors)
    except HealthlintError as exc:
        errors.append(exc)
    folders = style_dirs(config.styles_path)
    nfiles = sum(len(style_files(folders[s])) for s in config.styles if s in folders)
    return ruleset, nfiles


def _missing_folders(config: Config) -> list[HealthlintError]:
    out: list[HealthlintError] = []
    for folder in config.styles_path:
        if not folder.is_dir():
            shown = config.path or "configuration"
            out.append(ConfigError(f"styles_path folder '{folder}' does not exist", path=shown, line=_line_of(config.path, "styles_path"), column=1))
    return out


def _line_of(path: str, key: str) -> int:
    """The line of ``key:`` (or ``key =``) in a configuration file, 1 if not found."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError, ValueError):
        return 1
    for n, line in enumerate(lines, 1):
        stripped = line.lstrip()
        if stripped.startswith(key) and stripped[len(key) :].lstrip()[:1] in (":", "="):
            return n
    return 1


def check_examples(rule: Rule, ruleset: Ruleset) -> list[HealthlintError]:
    """Errors for each ``fail`` example the rule does not flag and each ``pass`` example it flags."""
    from healthlint.api import lint_text

    if not rule.examples_fail and not rule.examples_pass:
        return []
    one = dataclasses.replace(ruleset, rules=(rule,))
    line = rule.lines.get("examples", 1)
    out: list[HealthlintError] = []
    for verdict, texts in (("fail", rule.examples_fail), ("pass", rule.examples_pass)):
        for i, text in enumerate(texts):
            try:
                fired = [d.match for d in lint_text(text, path="example.md", ruleset=one) if d.rule == rule.name]
            except HealthlintError as exc:
                out.append(RuleError(f"examples.{verdict}[{i}] could not be linted: {exc.message}", path=rule.path, line=line, column=1))
                continue
            if verdict == "fail" and not fired:
                out.append(RuleError(f"examples.{verdict}[{i}] is not flagged by {rule.name}: {text!r}", path=rule.path, line=line, column=1))
            elif verdict == "pass" and fired:
                out.append(RuleError(f"examples.{verdict}[{i}] is flagged by {rule.name} (at {fired[0]!r}): {text!r}", path=rule.path, line=line, column=1))
    return out
