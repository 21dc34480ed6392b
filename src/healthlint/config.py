"""Configuration: ``.healthlint.yaml`` or ``[tool.healthlint]`` in ``pyproject.toml``.

Found by walking up from the linted files (or named with ``--config``);
every key is validated, with ``file:line:col`` on each error.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from healthlint.diagnostic import Level
from healthlint.errors import ConfigError, HealthlintError, RuleErrors
from healthlint.parse import EXTENSIONS, FORMATS

CONFIG_NAMES = (".healthlint.yaml", ".healthlint.yml", "healthlint.yaml")
KEYS = frozenset(
    {"styles", "styles_path", "min_level", "fail_level", "rules", "overrides", "exclude", "include", "force_exclude",
     "citations", "formats", "max_file_size", "follow_symlinks"}
)


@dataclass(frozen=True)
class Override:
    files: tuple[str, ...]
    rules: Mapping[str, Any]


@dataclass(frozen=True)
class Config:
    """A validated configuration; CLI options are applied on top by the CLI."""

    path: str = ""
    root: Path = field(default_factory=Path.cwd)
    styles: tuple[str, ...] = ("Medical",)
    styles_path: tuple[Path, ...] = ()
    min_level: Level = Level.SUGGESTION
    fail_level: Level = Level.WARNING
    rules: Mapping[str, Any] = field(default_factory=dict)
    overrides: tuple[Override, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    #: ``exclude``/``include`` apply to files named on the command line too (what the pre-commit hook needs)
    force_exclude: bool = True
    trusted_domains: tuple[str, ...] = ()
    own_domains: tuple[str, ...] = ()
    formats: Mapping[str, str] = field(default_factory=lambda: dict(EXTENSIONS))
    max_file_size: int = 10 * 1024 * 1024
    #: read a symlinked article whose target lies outside the repository (off: reported, not read)
    follow_symlinks: bool = False

    def format_for(self, path: str) -> str | None:
        """``markdown``, ``html`` or ``text`` by the file's extension; None: not an article format."""
        suffix = os.path.splitext(path)[1].lower()  # Path(path).suffix, without pathlib's parsing (twice a file)
        return self.formats.get(suffix if suffix != "." else "")

    def rules_for(self, path: str) -> Mapping[str, Any]:
        """Per-rule settings for one file: the global ones, then matching overrides."""
        if not self.overrides:
            return self.rules
        rel = _relative(path, self.root)
        merged = dict(self.rules)
        for o in self.overrides:
            if any(_glob(rel, g) for g in o.files):
                merged.update(o.rules)
        return merged

    def excluded(self, path: str) -> bool:
        """True when ``include``/``exclude`` keep ``path`` (relative to the configuration's folder) out."""
        if not self.include and not self.exclude:
            return False  # no globs: no need to resolve the path (two syscalls per file)
        rel = _relative(path, self.root)
        if self.include and not any(_glob(rel, g) for g in self.include):
            return True
        return any(_glob(rel, g) for g in self.exclude)


def _relative(path: str, root: Path) -> str:
    p = Path(path)
    try:
        return p.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return p.as_posix()


def _glob(rel: str, pattern: str) -> bool:
    """Gitignore-like globs: ``drafts/**``, ``*.md``, ``legal/*.html``."""
    if fnmatch.fnmatchcase(rel, pattern):
        return True
    if pattern.endswith("/**") and (rel == pattern[:-3] or rel.startswith(pattern[:-2])):
        return True
    if "/" not in pattern and fnmatch.fnmatchcase(rel.rsplit("/", 1)[-1], pattern):
        return True
    return pattern.startswith("**/") and _glob(rel, pattern[3:])


def find_config(start: Path) -> Path | None:
    """The nearest ``.healthlint.yaml`` or ``pyproject.toml`` with ``[tool.healthlint]``."""
    start = Path(os.path.abspath(start))  # not resolved: a symlinked article must not lead the search out of the tree
    folder = start if start.is_dir() else start.parent
    for d in [folder, *folder.parents]:
        for name in CONFIG_NAMES:
            if (d / name).is_file():
                return d / name
        pp = d / "pyproject.toml"
        if pp.is_file():
            import tomllib

            try:
                if "healthlint" in tomllib.loads(pp.read_text(encoding="utf-8")).get("tool", {}):
                    return pp
            except (OSError, ValueError, UnicodeDecodeError):
                pass
        if (d / ".git").exists():
            break
    return None


def load_config(path: Path | None, *, shown: str | None = None) -> Config:
    """Read and validate a configuration file (None: the defaults)."""
    if path is None:
        return Config()
    import tomllib

    from healthlint import yamlpos

    shown = shown or str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleErrors([ConfigError(f"cannot read configuration: {exc}", path=shown, line=1, column=1)]) from None
    if path.name == "pyproject.toml":
        from healthlint.tomlpos import TomlPositions

        try:
            data = tomllib.loads(text).get("tool", {}).get("healthlint", {})
        except tomllib.TOMLDecodeError as exc:
            line, column = _toml_error_pos(str(exc))
            raise RuleErrors([ConfigError(f"invalid TOML: {_TOML_AT.sub('', str(exc))}", path=shown, line=line, column=column)]) from None
        where: Any = TomlPositions(text, data)
    else:
        try:
            data = yamlpos.load(text, shown, error=ConfigError)
        except ConfigError as exc:
            raise RuleErrors([exc]) from None
        where = yamlpos
        if data is None:
            data = {}
    return _validate(data, shown, path.parent, where)


_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)")


def _toml_error_pos(message: str) -> tuple[int, int]:
    """The position tomllib puts at the end of its message ("(at line 3, column 7)")."""
    m = _TOML_AT.search(message)
    return (int(m.group(1)), int(m.group(2))) if m else (1, 1)


def _validate(data: Any, shown: str, root: Path, where: Any) -> Config:
    """``where`` finds keys and values: :mod:`healthlint.yamlpos` or a :class:`~healthlint.tomlpos.TomlPositions`."""
    errors: list[HealthlintError] = []

    def pos(key: str, node: Any = None) -> tuple[int, int]:
        return where.value_pos(node if node is not None else data, key)  # type: ignore[no-any-return]

    def err(msg: str, where: tuple[int, int]) -> None:
        errors.append(ConfigError(msg, path=shown, line=where[0], column=where[1]))

    if not isinstance(data, Mapping):
        err("the configuration must be a mapping of keys to values", (1, 1))
        raise RuleErrors(errors)
    values: dict[str, Any] = {"path": shown, "root": root}
    for key in data:
        if key not in KEYS:
            import difflib

            close = difflib.get_close_matches(str(key), sorted(KEYS), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            err(f"unknown key '{key}'{hint}", where.key_pos(data, key))

    def strings(key: str, node: Any = data) -> tuple[str, ...]:
        value = node.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(str(v) for v in value)
        err(f"'{key}' must be a string or a list of strings", pos(key, node))
        return ()

    if "styles" in data:
        values["styles"] = strings("styles")
    if "styles_path" in data:
        values["styles_path"] = tuple(root / p for p in strings("styles_path"))
    for key in ("min_level", "fail_level"):
        if key in data:
            try:
                values[key] = Level.parse(str(data[key]))
            except ValueError as exc:
                err(f"'{key}': {exc}", pos(key))
    if data.get("rules") is not None:  # `rules:` with every setting commented out is no settings
        if isinstance(data["rules"], Mapping):
            values["rules"] = data["rules"]
        else:
            err("'rules' must map rule names to off, a level or options", pos("rules"))
    overrides = []
    for i, item in enumerate(data.get("overrides") or []):
        if not isinstance(item, Mapping) or "files" not in item:
            err("each override needs 'files' (globs) and 'rules'", where.item_pos(data["overrides"], i))
            continue
        for k in item:
            if k not in ("files", "rules"):
                err(f"unknown key '{k}' in override (expected 'files' or 'rules')", where.key_pos(item, k))
        overrides.append(Override(strings("files", item), item.get("rules") or {}))
    values["overrides"] = tuple(overrides)
    for key in ("include", "exclude"):
        if key in data:
            values[key] = strings(key)
    cites = data.get("citations")
    if cites is not None:
        if not isinstance(cites, Mapping):
            err("'citations' must be a mapping with trusted_domains and own_domains", pos("citations"))
        else:
            for k in cites:
                if k not in ("trusted_domains", "own_domains"):
                    err(f"unknown key '{k}' in citations (expected trusted_domains or own_domains)", where.key_pos(cites, k))
            values["trusted_domains"] = tuple(d.lower().removeprefix("www.") for d in strings("trusted_domains", cites))
            values["own_domains"] = tuple(d.lower().removeprefix("www.") for d in strings("own_domains", cites))
    if "formats" in data:
        fm = data["formats"]
        if not isinstance(fm, Mapping):
            err("'formats' must map extensions to markdown, html or text", pos("formats"))
        else:
            merged = dict(EXTENSIONS)
            for ext, fmt in fm.items():
                if fmt not in FORMATS:
                    err(f"unknown format '{fmt}' for '{ext}' (expected {', '.join(FORMATS)})", where.value_pos(fm, ext))
                    continue
                merged["." + str(ext).lstrip(".").lower()] = str(fmt)
            values["formats"] = merged
    if "force_exclude" in data:
        if isinstance(data["force_exclude"], bool):
            values["force_exclude"] = data["force_exclude"]
        else:
            err("'force_exclude' must be true or false", pos("force_exclude"))
    if "max_file_size" in data:
        if isinstance(data["max_file_size"], int) and not isinstance(data["max_file_size"], bool):
            values["max_file_size"] = int(data["max_file_size"])
        else:
            err("'max_file_size' must be a number of bytes", pos("max_file_size"))
    if "follow_symlinks" in data:
        if isinstance(data["follow_symlinks"], bool):
            values["follow_symlinks"] = data["follow_symlinks"]
        else:
            err("'follow_symlinks' must be true or false", pos("follow_symlinks"))
    if errors:
        raise RuleErrors(errors)
    return Config(**values)
