"""healthlint's own styles (the shipped ``Medical`` pack) named from a Vale configuration.

``BasedOnStyles = Medical, Microsoft`` in a ``.vale.ini``: ``Microsoft`` is a Vale
style on the ``StylesPath`` and runs through the Vale layer; ``Medical`` is
shipped with healthlint, written for its own engine (``citation``,
``requirement``, whole-article checks), and is found even though it is not on
the ``StylesPath``. It runs through healthlint's engine on the same files, and
its findings join the Vale alerts in one report.

The configuration decides as it does for a Vale style: a file runs a native
rule when its ``BasedOnStyles`` (the last matching section's) names the style or
a ``Style.Rule = YES`` turns the rule on, and not when ``Style.Rule = NO`` turns
it off; ``Style.Rule = error`` sets its level; ``MinAlertLevel`` hides what is
below it. In the document, ``<!-- vale off -->``, ``<!-- vale Medical = NO -->``
and ``<!-- vale Medical.Rule = NO -->`` apply, as do healthlint's own directives.
A style on the ``StylesPath`` whose rules extend a check type Vale does not have
(a copy of ``Medical``) is native too (``project.load_rules`` decides), and runs
from there; a same-named folder of Vale rules is a Vale style and wins.
"""

from __future__ import annotations

import dataclasses
import difflib
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from healthlint.diagnostic import Diagnostic, Level

if TYPE_CHECKING:
    from healthlint.api import Linter
    from healthlint.errors import HealthlintError
    from healthlint.vale.project import ValeConfig

#: Vale's formats -> healthlint's parsers (``lines``, Vale's ``--ignore-syntax``, is plain text)
_FORMAT = {"markdown": "markdown", "html": "html", "text": "text", "lines": "text"}
_RANK = {"suggestion": 0, "warning": 1, "error": 2}


def native_styles(styles: list[str], checks: list[str], styles_paths: list[Path]) -> list[str]:
    """The styles a Vale configuration names that healthlint ships and no ``StylesPath`` holds."""
    from healthlint.packs import shipped_packs_dir

    shipped = shipped_packs_dir()
    named = [*styles, *(c.split(".", 1)[0] for c in checks if "." in c)]
    out: list[str] = []
    for style in named:
        if style in out or style == "Vale" or not style or style.startswith((".", "_")):
            continue
        if any((p / style).is_dir() for p in styles_paths):
            continue
        if (shipped / style).is_dir():
            out.append(style)
    return out


class NativeStyles:
    """The native styles of a Vale configuration, loaded once and run on each file."""

    def __init__(self, cfg: ValeConfig, linter: Linter, *, notice: Callable[[str], None] | None = None) -> None:
        self.cfg = cfg
        self.styles = frozenset(cfg.native)
        self.linter = linter
        names = sorted(r.name for r in self.linter.ruleset.rules)
        for key in dict.fromkeys([*cfg.checks, *cfg.rule_levels]):
            style = key.split(".", 1)[0]
            if "." in key and style in self.styles and key not in names and notice is not None:
                close = difflib.get_close_matches(key, names, n=1)
                notice(f"{cfg.path}: warning: unknown rule '{key}'" + (f" (did you mean '{close[0]}'?)" if close else ""))

    @staticmethod
    def build(cfg: ValeConfig) -> Linter:
        """The linter of the native styles (every rule on; the Vale settings apply per file)."""
        from healthlint.api import Linter
        from healthlint.config import Config

        root = cfg.path.resolve().parent
        return Linter(Config(path=str(cfg.path), root=root, styles=tuple(cfg.native), styles_path=tuple(cfg.styles_paths)))

    def _enabled(self, rule: str, base: list[str], checks: dict[str, bool]) -> bool:
        if rule in checks:
            return checks[rule]
        if rule in self.cfg.gchecks:
            return self.cfg.gchecks[rule]
        return rule.split(".", 1)[0] in base

    def lint(self, text: str, *, path: str, fmt: str) -> tuple[list[Diagnostic], list[HealthlintError]]:
        """The native findings for one file, filtered and levelled by the Vale configuration."""
        base, checks = self.cfg.file_settings(path)
        if not self.cfg.linted(path):
            return [], []
        wanted = {r.name for r in self.linter.ruleset.rules if self._enabled(r.name, base, checks)}
        if not wanted:
            return [], []
        diags, errors = self.linter.lint_text_with_errors(text, path=path, format=_FORMAT.get(fmt, "text"), min_level=Level.SUGGESTION)
        out = []
        for d in diags:
            style = d.rule.split(".", 1)[0]
            if d.rule not in wanted and style in self.styles:
                continue
            level = self.cfg.rule_levels.get(d.rule) or self.cfg.rule_levels.get(style)
            if level is not None and level != d.level.value:
                d = dataclasses.replace(d, level=Level.parse(level))
            if _RANK[d.level.value] >= self.cfg.min_level:
                out.append(d)
        return out, errors
