"""A Vale configuration on disk -> settings and compiled rules healthlint can run.

Covers Vale's ``.vale.ini`` semantics: ``StylesPath`` (relative to the file),
``MinAlertLevel``, ``Vocab`` (``config/vocabularies/<Name>/accept.txt`` and
``reject.txt``), ``Packages`` already on disk, ``[*]`` and glob sections with
``BasedOnStyles``, rule toggles and levels, ``TokenIgnores``,
``BlockIgnores``/``IgnorePatterns``, ``IgnoredScopes``, ``SkippedScopes``,
``IgnoredClasses``, ``WordTemplate`` and ``[formats]``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import regex

from healthlint.diagnostic import Level
from healthlint.errors import ConfigError, HealthlintError, RuleError, RuleErrors
from healthlint.model import Rule
from healthlint.safe_read import read_small_text
from healthlint.vale import CONFIG_NAMES, find_vale_config  # noqa: F401 (re-exported)
from healthlint.vale.ini import IniError, glob_match, parse_ini

LEVELS = {"suggestion": 0, "warning": 1, "error": 2}
CORE_KEYS = frozenset(
    {"StylesPath", "MinAlertLevel", "IgnoredScopes", "WordTemplate", "SkippedScopes", "IgnoredClasses", "Vocab", "NLPEndpoint", "Packages"}
)
SYNTAX_KEYS = frozenset({"BasedOnStyles", "IgnorePatterns", "BlockIgnores", "CommentDelimiters", "TokenIgnores", "Transform", "Lang", "View"})
SPECIAL_SECTIONS = frozenset({"*", "", "formats", "asciidoctor"})


@dataclass
class GlobSection:
    pattern: str
    base_styles: list[str] | None = None
    checks: dict[str, bool] = field(default_factory=dict)
    token_ignores: list[str] = field(default_factory=list)
    block_ignores: list[str] = field(default_factory=list)


@dataclass
class ValeConfig:
    """A parsed and validated Vale configuration."""

    path: Path
    styles_paths: list[Path] = field(default_factory=list)
    min_level: int = 0
    vocab: list[str] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    ignored_scopes: list[str] = field(default_factory=list)
    skipped_scopes: list[str] = field(default_factory=list)
    ignored_classes: list[str] = field(default_factory=list)
    word_template: str = ""
    formats: dict[str, str] = field(default_factory=dict)
    packages: list[str] = field(default_factory=list)
    gbase_styles: list[str] = field(default_factory=list)
    gchecks: dict[str, bool] = field(default_factory=dict)
    gtoken_ignores: list[str] = field(default_factory=list)
    gblock_ignores: list[str] = field(default_factory=list)
    sections: list[GlobSection] = field(default_factory=list)
    rule_levels: dict[str, str] = field(default_factory=dict)
    checks: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    #: styles named here that healthlint ships (``Medical``) and no StylesPath holds: they run
    #: through healthlint's own engine (``healthlint.vale.native``), not the Vale layer
    native: list[str] = field(default_factory=list)

    @property
    def non_global(self) -> bool:
        return not self.gbase_styles and not self.gchecks

    def matching(self, path: str) -> list[GlobSection]:
        return [s for s in self.sections if glob_match(s.pattern, path)]

    def file_settings(self, path: str) -> tuple[list[str], dict[str, bool]]:
        """``BasedOnStyles`` (the last matching section's) and merged rule toggles for one file."""
        base = list(self.gbase_styles)
        checks: dict[str, bool] = {}
        for sec in self.matching(path):
            if sec.base_styles is not None:
                base = list(sec.base_styles)
            checks.update(sec.checks)
        return base, checks

    def linted(self, path: str) -> bool:
        """Vale lints a file only if ``[*]`` has settings or some section matches it."""
        return not self.non_global or bool(self.matching(path))

    def needs_style(self, name: str) -> bool:
        if name in self.gbase_styles or any(k.startswith(name) for k in self.gchecks):
            return True
        return any((s.base_styles and name in s.base_styles) or any(k.startswith(name) for k in s.checks) for s in self.sections)


def _levelcheck(value: str, key: str, cfg: ValeConfig) -> bool:
    if value == "NO" or value not in ("YES", "suggestion", "warning", "error"):
        return False
    if value != "YES":
        cfg.rule_levels[key] = value
    return True


def load_vale_config(path: Path, *, min_level: str | None = None) -> ValeConfig:
    """Read a Vale configuration; raise :class:`RuleErrors` (exit 2) on any problem."""
    shown = str(path)
    try:
        text = read_small_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleErrors([ConfigError(f"cannot read Vale configuration: {exc}", path=shown, line=1, column=1)]) from None
    try:
        ini = parse_ini(text, shown)
    except IniError as exc:
        raise RuleErrors([ConfigError(exc.msg, path=shown, line=exc.line, column=1)]) from None
    root = path.resolve().parent
    cfg = ValeConfig(path=path)
    errors: list[HealthlintError] = []

    def err(msg: str, line: int) -> None:
        errors.append(ConfigError(msg, path=shown, line=line, column=1))

    core = ini.section("")
    for name, key in core.keys.items():
        if name in SYNTAX_KEYS:
            err(f"'{name}' is a syntax-specific option; put it in a [*] or glob section", key.line)
        elif name == "StylesPath":
            for value in key.values:
                p = Path(value).expanduser()
                p = p if p.is_absolute() else root / p
                if not p.exists():
                    err(f"the StylesPath '{value}' does not exist", key.line)
                cfg.styles_paths.append(p)
        elif name == "MinAlertLevel":
            level = key.last()
            if level not in LEVELS:
                err("MinAlertLevel must be 'suggestion', 'warning', or 'error'", key.line)
            else:
                cfg.min_level = LEVELS[level]
        elif name == "IgnoredScopes":
            cfg.ignored_scopes = key.strings()
        elif name == "SkippedScopes":
            cfg.skipped_scopes = key.strings()
        elif name == "IgnoredClasses":
            cfg.ignored_classes = key.strings()
        elif name == "WordTemplate":
            cfg.word_template = key.value()
        elif name == "Vocab":
            cfg.vocab = key.strings()
        elif name == "Packages":
            cfg.packages = key.strings()
    if min_level is not None:
        if min_level not in LEVELS:
            err("--minAlertLevel must be 'suggestion', 'warning', or 'error'", 1)
        else:
            cfg.min_level = LEVELS[min_level]
    for name, key in ini.section("formats").keys.items():
        cfg.formats[name.lstrip(".")] = key.value().lstrip(".")
    glob_sec = ini.section("*")
    for name, key in glob_sec.keys.items():
        if name in CORE_KEYS:
            err(f"'{name}' is a core option; it should be defined above any syntax-specific options", key.line)
        elif name == "BasedOnStyles":
            cfg.gbase_styles = key.strings()
            cfg.styles.extend(cfg.gbase_styles)
        elif name in ("BlockIgnores", "IgnorePatterns"):
            cfg.gblock_ignores = key.strings() if name == "BlockIgnores" else [v.strip() for v in key.value().split(",") if v.strip()]
        elif name == "TokenIgnores":
            cfg.gtoken_ignores = key.strings()
        elif name in SYNTAX_KEYS:
            continue
        else:
            cfg.gchecks[name] = _levelcheck(key.value(), name, cfg)
            cfg.checks.append(name)
    for sec_name, sec in ini.sections.items():
        if sec_name in SPECIAL_SECTIONS or sec_name == "DEFAULT":
            continue
        gs = GlobSection(sec_name)
        for name, key in sec.keys.items():
            if name in CORE_KEYS:
                err(f"'{name}' is a core option; it should be defined above any syntax-specific options", key.line)
            elif name == "BasedOnStyles":
                gs.base_styles = key.strings()
                cfg.styles.extend(gs.base_styles)
            elif name in ("BlockIgnores", "IgnorePatterns"):
                gs.block_ignores = key.strings() if name == "BlockIgnores" else [v.strip() for v in key.value().split(",") if v.strip()]
            elif name == "TokenIgnores":
                gs.token_ignores = key.strings()
            elif name in SYNTAX_KEYS:
                continue
            else:
                gs.checks[name] = _levelcheck(key.value(), name, cfg)
                cfg.checks.append(name)
        cfg.sections.append(gs)
    _load_packages(cfg, errors, shown)
    from healthlint.vale.native import native_styles

    cfg.native = native_styles(cfg.styles, [c for c in cfg.checks if _enabled_anywhere(cfg, c)], cfg.styles_paths)
    if not cfg.styles_paths and any(s != "Vale" and s not in cfg.native for s in cfg.styles):
        err("no StylesPath is set, so only the built-in 'Vale' style is available", 1)
    for v in cfg.vocab:
        _load_vocab(cfg, v, errors, shown)
    if errors:
        raise RuleErrors(errors)
    seen: list[str] = []
    for s in cfg.styles:
        if s not in seen:
            seen.append(s)
    cfg.styles = seen
    return cfg


def _enabled_anywhere(cfg: ValeConfig, check: str) -> bool:
    return cfg.gchecks.get(check) is True or any(sec.checks.get(check) is True for sec in cfg.sections)


def _load_packages(cfg: ValeConfig, errors: list[HealthlintError], shown: str) -> None:
    """``Packages`` must already be on disk (``vale sync`` is not run); their configs are merged."""
    for pkg in cfg.packages:
        name = Path(pkg.rstrip("/")).stem if ("/" in pkg or pkg.endswith(".zip")) else pkg
        if not any((p / name).is_dir() or (p / ".vale-config" / f"{name}.ini").is_file() for p in cfg.styles_paths):
            errors.append(
                ConfigError(
                    f"package '{pkg}' is not on the StylesPath; healthlint never downloads packages: run 'vale sync' once "
                    "(or copy the style folder into the StylesPath)",
                    path=shown, line=1, column=1,
                )
            )


def _load_vocab(cfg: ValeConfig, name: str, errors: list[HealthlintError], shown: str) -> None:
    tried = []
    for base in cfg.styles_paths:
        for sub in ("config/vocabularies", "Vocab"):
            folder = base / sub / name
            tried.append(str(folder))
            if folder.is_dir():
                for fp in sorted(folder.rglob("*.txt")):
                    if fp.name not in ("accept.txt", "reject.txt"):
                        continue
                    try:
                        words = _word_list(fp)
                    except (OSError, UnicodeDecodeError) as exc:
                        errors.append(ConfigError(f"cannot read vocabulary: {exc}", path=str(fp), line=1, column=1))
                        continue
                    (cfg.accepted if fp.name == "accept.txt" else cfg.rejected).extend(words)
                return
    errors.append(ConfigError(f"'{name}' vocabulary not found; searched: {', '.join(tried)}", path=shown, line=1, column=1))


def _word_list(path: Path) -> list[str]:
    out = []
    for line in read_small_text(path).splitlines():
        entry = line.strip()
        if entry and not entry.startswith("# "):
            out.append(entry)
    return out


# -- rules -------------------------------------------------------------------

#: Vale's check types (``extends``); healthlint's kinds of the same names run them in Vale's dialect
VALE_TYPES = frozenset(
    "existence substitution occurrence repetition consistency conditional capitalization metric spelling sequence script readability".split()
)


BUILTIN: dict[str, dict[str, Any]] = {
    "Repetition": {
        "extends": "repetition", "level": "error", "message": "'%s' is repeated!", "scope": "text",
        "ignorecase": True, "alpha": True, "tokens": [r"[^\s.!?]+"],
        "action": {"name": "edit", "params": ["truncate", " "]},
    },
    "Spelling": {
        "extends": "spelling", "level": "error", "message": "Did you really mean '%s'?", "scope": "text",
        "action": {"name": "suggest", "params": ["spellings"]},
    },
}


def load_rules(cfg: ValeConfig, kinds: Mapping[str, Any], ctx: Any) -> list[Rule]:
    """Every rule the configuration can run, compiled; raise :class:`RuleErrors` on problems."""
    rules: dict[str, Rule] = {}
    errors: list[HealthlintError] = []
    if cfg.needs_style("Vale"):
        for short, definition in BUILTIN.items():
            _add(rules, errors, kinds, ctx, cfg, f"Vale.{short}", dict(definition), "internal")
        if cfg.accepted:
            swap = {t.lower(): t for t in cfg.accepted}
            _add(rules, errors, kinds, ctx, cfg, "Vale.Terms", {
                "extends": "substitution", "level": "error", "message": "Use '%s' instead of '%s'.", "scope": "text",
                "ignorecase": True, "swap": swap, "vocab": False}, "internal")
        if cfg.rejected:
            _add(rules, errors, kinds, ctx, cfg, "Vale.Avoid", {
                "extends": "existence", "level": "error", "message": "Avoid using '%s'.", "scope": "text",
                "ignorecase": False, "tokens": list(cfg.rejected)}, "internal")
    loaded: set[str] = {"Vale", *cfg.native}
    for style in cfg.styles:
        if style == "Vale" or style in loaded:
            continue
        folders = [p / style for p in cfg.styles_paths if (p / style).is_dir()]
        if not folders:
            errors.append(ConfigError(f"style '{style}' does not exist on StylesPath", path=str(cfg.path), line=1, column=1))
            continue
        loaded.add(style)
        files = [(folder, fp) for folder in folders for fp in _rule_files(folder)]
        if any(_healthlint_kind(fp, kinds) for _, fp in files):
            cfg.native.append(style)  # written for healthlint's engine (a copy of Medical): it runs there
            continue
        for folder, fp in files:
            rel = fp.relative_to(folder).with_suffix("")
            name = style + "." + ".".join(rel.parts)
            if name not in rules:
                _add_file(rules, errors, kinds, ctx, cfg, name, fp)
    for chk in cfg.checks:
        if "." not in chk:
            continue
        style, _, rest = chk.partition(".")
        if style in loaded or chk in rules:
            continue
        for p in cfg.styles_paths:
            fp = p / style / (os.path.join(*rest.split(".")) + ".yml")
            if fp.is_file():
                _add_file(rules, errors, kinds, ctx, cfg, chk, fp)
                break
    if errors:
        raise RuleErrors(errors)
    return list(rules.values())


_EXTENDS = regex.compile(r"^extends:[ \t]*[\"']?([\w-]+)", regex.MULTILINE)


def _healthlint_kind(fp: Path, kinds: Mapping[str, Any]) -> bool:
    """True when the rule file extends a check type healthlint has and Vale does not (citation ...)."""
    try:
        m = _EXTENDS.search(fp.read_text(encoding="utf-8-sig", errors="replace"))
    except OSError:
        return False  # loading it reports the problem
    return m is not None and m.group(1) in kinds and m.group(1) not in VALE_TYPES


def _rule_files(folder: Path) -> list[Path]:
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for f in sorted(files):
            if f.endswith(".yml"):
                out.append(Path(root) / f)
    return out


def _add_file(rules: dict[str, Rule], errors: list[HealthlintError], kinds: Mapping[str, Any], ctx: Any, cfg: ValeConfig, name: str, fp: Path) -> None:
    from healthlint import yamlpos

    shown = str(fp)
    try:
        text = read_small_text(fp)
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(RuleError(f"cannot read rule file: {exc}", path=shown, line=1, column=1))
        return
    try:
        data = yamlpos.load(text, shown, error=RuleError, allow_duplicate_keys=True)
    except RuleError:
        # Go's YAML accepts \' inside double quotes (the Joblint package uses it)
        try:
            data = yamlpos.load(text.replace("\\'", "'"), shown, error=RuleError, allow_duplicate_keys=True)
        except RuleError as exc:
            errors.append(exc)
            return
    if not isinstance(data, dict):
        errors.append(RuleError("a rule file must be a mapping of keys to values", path=shown, line=1, column=1))
        return
    _add(rules, errors, kinds, ctx, cfg, name, data, shown)


def _add(rules: dict[str, Rule], errors: list[HealthlintError], kinds: Mapping[str, Any], ctx: Any, cfg: ValeConfig, name: str, data: Any, shown: str) -> None:
    from healthlint import rulespec, yamlpos
    from healthlint.kinds.base import PatternError

    local: list[HealthlintError] = []

    def err(msg: str, pos: tuple[int, int]) -> None:
        local.append(RuleError(msg, path=shown, line=pos[0], column=pos[1]))

    keys = {str(k).lower(): str(k) for k in data}
    extends = data.get(keys.get("extends", "extends"))
    if extends is None:
        errors.append(RuleError("Missing the required 'extends' key.", path=shown, line=1, column=1))
        return
    kind = kinds.get(str(extends))
    if kind is None or str(extends) not in VALE_TYPES:
        pos = yamlpos.value_pos(data, keys["extends"]) if shown != "internal" else (1, 1)
        err(f"'extends' key must be one of the Vale check types (got '{extends}')", pos)
        errors.extend(local)
        return
    if "message" not in keys:
        errors.append(RuleError("Missing the required 'message' key.", path=shown, line=1, column=1))
        return
    if data.get(keys.get("code", "code")) is True:
        errors.append(RuleError("`code` is deprecated; please use `scope: raw` instead.", path=shown, line=1, column=1))
        return
    level = str(data.get(keys.get("level", "level"), "warning"))
    if level not in LEVELS:
        err(f"'level' must be one of [suggestion warning error], not '{level}'", yamlpos.value_pos(data, keys["level"]) if shown != "internal" else (1, 1))
    level = cfg.rule_levels.get(name) or cfg.rule_levels.get(name.split(".", 1)[0]) or level
    scope_value = data.get(keys.get("scope", "scope"))
    scope = tuple(str(s) for s in scope_value) if isinstance(scope_value, list) else ((str(scope_value),) if scope_value else ())
    if str(extends) in ("metric", "readability"):
        scope = ("summary",)
    elif str(extends) == "sequence":
        scope = scope or ("sentence",)
    scope = scope or ("text",)
    fields = {f.name for f in __import__("dataclasses").fields(kind.Options)}
    lenient = str(extends) in ("consistency", "spelling")
    options_keys = {}
    for lower, key in keys.items():
        if lower in rulespec.COMMON_KEYS or lower in ("code", "tests"):
            continue
        if lenient and lower not in fields:
            continue
        options_keys[lower] = key
    if "vocab" in keys and "vocab" in fields:
        options_keys["vocab"] = keys["vocab"]
    try:
        if shown == "internal":
            options = kind.Options(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in fields})
        else:
            options = rulespec.kind_options(kind, data, options_keys, err)
    except Exception as exc:  # an options type the generic coercion does not know
        err(f"invalid rule: {exc}", (1, 1))
        options = None
    if options is None or local:
        errors.extend(local)
        return
    action = data.get(keys["action"]) if "action" in keys else None
    try:
        compiled = kind.compile(options, rule_name=name, dialect=ctx)
    except PatternError as exc:
        errors.append(RuleError(f"invalid regex: {exc.msg}", path=shown, line=1, column=1))
        return
    except HealthlintError as exc:
        errors.append(RuleError(exc.message, path=shown, line=exc.line or 1, column=exc.column or 1))
        return
    limit = data.get(keys.get("limit", "limit"), 0)
    rules[name] = Rule(
        name,
        str(extends),
        Level.parse(level) if level in LEVELS else Level.WARNING,
        str(data[keys["message"]]),
        scope,
        options,
        compiled,
        path=shown,
        description=str(data.get(keys.get("description", "description"), "") or ""),
        link=str(data.get(keys.get("link", "link"), "") or ""),
        limit=int(limit) if isinstance(limit, int) else 0,
        action=action if shown == "internal" else yamlpos.plain(action),
    )
