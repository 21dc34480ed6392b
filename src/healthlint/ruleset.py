"""Styles on disk -> a :class:`Ruleset`: every rule file validated, all errors together."""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from healthlint.diagnostic import Level
from healthlint.errors import ConfigError, HealthlintError, RuleErrors
from healthlint.packs import shipped_packs_dir, style_files

if TYPE_CHECKING:  # imported where used: `import healthlint` stays cheap
    from healthlint.model import Rule, RuleInfo

DEFAULT_STYLES = ("Medical",)


@dataclass(frozen=True)
class Ruleset:
    """The compiled rules of a run and the kinds that check them."""

    rules: tuple[Rule, ...]
    kinds: Mapping[str, Any]
    #: every rule name loaded, including those switched off or not selected
    known: frozenset[str] = frozenset()

    @property
    def names(self) -> frozenset[str]:
        return self.known or frozenset(r.name for r in self.rules)

    def by_name(self) -> dict[str, Rule]:
        return {r.name: r for r in self.rules}

    def info(self) -> dict[str, RuleInfo]:
        return {r.name: r.info() for r in self.rules}


def style_dirs(styles_path: Iterable[Path]) -> dict[str, Path]:
    """Every style folder visible: extra folders first, then the shipped packs."""
    found: dict[str, Path] = {}
    for root in [*styles_path, shipped_packs_dir()]:
        if not root.is_dir():
            continue
        for child in sorted(root.iterdir()):
            if child.is_dir() and not child.name.startswith((".", "_")) and child.name not in found:
                if child.name in ("config", "Vocab"):
                    continue
                found[child.name] = child
    return found


def load_ruleset(
    styles: Iterable[str] = DEFAULT_STYLES,
    *,
    styles_path: Iterable[Path] = (),
    rule_paths: Iterable[Path] = (),
    kinds: Mapping[str, Any] | None = None,
    display_root: Path | None = None,
) -> Ruleset:
    """Load the named styles (and single rule files); raise RuleErrors with every problem."""
    from healthlint._regex_code import plain_flags
    from healthlint.lexicon import release_forms_tables

    try:
        with plain_flags():  # the rules' patterns parse a sixth faster
            return _load_ruleset(styles, styles_path=styles_path, rule_paths=rule_paths, kinds=kinds, display_root=display_root)
    finally:
        release_forms_tables()


def _load_ruleset(
    styles: Iterable[str],
    *,
    styles_path: Iterable[Path],
    rule_paths: Iterable[Path],
    kinds: Mapping[str, Any] | None,
    display_root: Path | None,
) -> Ruleset:
    from healthlint.lexicon import LazyStyles, Resolver
    from healthlint.rulespec import load_rule_file

    if kinds is None:
        from healthlint.plugins import load_kinds

        kinds = load_kinds()
    available = style_dirs([Path(p) for p in styles_path])
    files: list[tuple[Path, str]] = []
    errors: list[HealthlintError] = []
    for style in styles:
        folder = available.get(style)
        if folder is None:
            close = difflib.get_close_matches(style, list(available), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (available: {', '.join(sorted(available)) or 'none'})"
            errors.append(ConfigError(f"unknown style '{style}'{hint}"))
            continue
        files.extend((p, f"{style}.{p.stem}") for p in style_files(folder))
    for p in rule_paths:
        files.append((Path(p), f"{Path(p).parent.name}.{Path(p).stem}"))
    data = LazyStyles(available, {k: _display(v, display_root) for k, v in available.items()})
    for style in styles:
        if style in available:
            try:
                data[style]  # a style's lexicons and patterns are checked even where no rule uses them yet
            except RuleErrors as exc:
                errors.extend(exc.errors)
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    resolvers: dict[str, Resolver] = {}
    for path, name in files:
        shown = _display(path, display_root)
        if name in seen:
            errors.append(HealthlintError(f"duplicate rule name '{name}' (also defined in {seen[name]})", path=shown, line=1, column=1))
            continue
        seen[name] = shown
        style = name.split(".", 1)[0]
        resolver = resolvers.setdefault(style, Resolver(data, style)) if style in available else None
        try:
            rules.append(load_rule_file(path, kinds, display=shown, name=name, resolver=resolver))
        except RuleErrors as exc:
            errors.extend(exc.errors)
    if errors:
        raise RuleErrors(errors)
    return Ruleset(tuple(rules), kinds, frozenset(r.name for r in rules))


def _display(path: Path, root: Path | None) -> str:
    try:
        return str(path.resolve().relative_to((root or Path.cwd()).resolve()))
    except ValueError:
        return str(path)


def configure(
    ruleset: Ruleset,
    settings: Mapping[str, Any],
    *,
    own_domains: Iterable[str] = (),
    trusted_domains: Iterable[str] = (),
    source: str = "",
) -> Ruleset:
    """Apply per-rule settings (``off``, a level, or option overrides) and citation domains."""
    by_name = ruleset.by_name()
    errors: list[HealthlintError] = []
    out: dict[str, Rule | None] = dict(by_name)
    for name, value in settings.items():
        if name not in by_name:
            close = difflib.get_close_matches(name, list(by_name), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            errors.append(ConfigError(f"unknown rule '{name}'{hint}", path=source, line=_line(settings, name), column=1))
            continue
        rule = by_name[name]
        try:
            out[name] = apply_setting(ruleset, rule, value)
        except ValueError as exc:
            errors.append(ConfigError(f"{name}: {exc}", path=source, line=_line(settings, name), column=1))
    if errors:
        raise RuleErrors(errors)
    domains = tuple(own_domains)
    trusted = tuple(trusted_domains)
    rules = []
    for maybe in out.values():
        if maybe is None:
            continue
        rule = maybe
        if domains and hasattr(rule.options, "own_domains"):
            rule = _recompile(ruleset, rule, {"own_domains": tuple(rule.options.own_domains) + domains})
        if trusted and hasattr(rule.options, "trusted_domains"):
            rule = _recompile(ruleset, rule, {"trusted_domains": tuple(rule.options.trusted_domains) + trusted})
        rules.append(rule)
    return Ruleset(tuple(rules), ruleset.kinds, ruleset.names)


def _line(settings: Mapping[str, Any], name: str) -> int:
    try:
        return int(settings.lc.key(name)[0]) + 1  # type: ignore[attr-defined]
    except (AttributeError, KeyError, TypeError):
        return 0


def apply_setting(ruleset: Ruleset, rule: Rule, value: Any) -> Rule | None:
    """``off`` -> None; ``"error"`` -> that level; a mapping -> level and option overrides."""
    if value is False or (isinstance(value, str) and value.lower() in ("off", "no", "false")):
        return None
    if isinstance(value, str):
        return rule.with_level(Level.parse(value))
    if isinstance(value, Mapping):
        changes = dict(value)
        level = changes.pop("level", None)
        if level is not None:
            if str(level).lower() in ("off", "no", "false"):
                return None
            rule = rule.with_level(Level.parse(str(level)))
        if changes:
            rule = _recompile(ruleset, rule, changes)
        return rule
    raise ValueError(f"expected off, a level or a mapping of options, not {value!r}")


def _recompile(ruleset: Ruleset, rule: Rule, changes: Mapping[str, Any]) -> Rule:
    fields = {f.name: f for f in dataclasses.fields(rule.options)}
    clean: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in fields:
            close = difflib.get_close_matches(key, list(fields), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ValueError(f"unknown option '{key}'{hint}")
        current = getattr(rule.options, key)
        if isinstance(current, tuple):
            value = tuple(value) if isinstance(value, (list, tuple)) else (value,)
        elif isinstance(current, bool) and not isinstance(value, bool):
            raise ValueError(f"option '{key}' must be true or false")
        elif isinstance(current, int) and not isinstance(current, bool) and (not isinstance(value, int) or isinstance(value, bool)):
            raise ValueError(f"option '{key}' must be an integer")
        clean[key] = value
    options = dataclasses.replace(rule.options, **clean)
    kind = ruleset.kinds[rule.kind]
    return dataclasses.replace(rule, options=options, compiled=kind.compile(options, rule_name=rule.name))
