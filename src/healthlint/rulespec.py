"""Rule files (Vale's YAML format, extended) to validated, compiled :class:`Rule` values.

Every problem in a file is collected with its ``line:col`` (ruamel.yaml keeps
positions for every key, value and list item) so a user sees all of them in
one run.
"""

from __future__ import annotations

import dataclasses
import difflib
import typing
from pathlib import Path
from typing import Any, Mapping


from healthlint import refs, yamlpos
from healthlint.diagnostic import Level
from healthlint.errors import HealthlintError, RuleError
from healthlint.kinds.base import PatternError, compile_pattern
from healthlint.lexicon import MACRO, Resolver
from healthlint.model import CheckKind, Rule
from healthlint.scopes import SCOPES

#: keys every rule may have, whatever its kind
COMMON_KEYS = frozenset(
    {
        "extends", "message", "level", "scope", "link", "limit", "description", "rationale",
        "examples", "action", "name", "path", "skip", "vocab",
    }
)
ZONES = ("boilerplate", "references")


def rule_name(path: Path) -> str:
    """``rules/Medical/UncitedStatistic.yml`` -> ``Medical.UncitedStatistic``."""
    return f"{path.parent.name}.{path.stem}"


def load_rule_file(
    path: Path, kinds: Mapping[str, CheckKind], *, display: str | None = None, name: str | None = None, resolver: Resolver | None = None
) -> Rule:
    """Read, validate and compile one rule file; raise :class:`RuleErrors` listing all problems.

    ``resolver`` expands lexicon and pattern references; by default those of the
    file's own folder (its style) and of the styles beside it and shipped.
    """
    from healthlint.errors import RuleErrors

    shown = display or str(path)
    try:
        from healthlint.safe_read import read_small_text

        text = read_small_text(path)  # a regular file, bounded: never a pipe or /dev/zero
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleErrors([RuleError(f"cannot read rule file: {exc}", path=shown, line=1, column=1)]) from None
    return load_rule_text(text, kinds, path=shown, name=name or rule_name(path), resolver=resolver or default_resolver(path))


def default_resolver(path: Path) -> Resolver:
    """References in a rule file outside a ruleset: its folder is its style."""
    from healthlint.lexicon import LazyStyles
    from healthlint.ruleset import style_dirs

    folder = path.parent
    dirs = {**style_dirs([folder.parent]), folder.name: folder}
    return Resolver(LazyStyles(dirs), folder.name)


def load_rule_text(text: str, kinds: Mapping[str, CheckKind], *, path: str, name: str, resolver: Resolver | None = None) -> Rule:
    from healthlint.errors import RuleErrors

    try:
        data = yamlpos.load(text, path, error=RuleError)
    except RuleError as exc:
        raise RuleErrors([exc]) from None
    errors: list[HealthlintError] = []

    def err(msg: str, pos: tuple[int, int]) -> None:
        errors.append(RuleError(msg, path=path, line=pos[0], column=pos[1]))

    if not isinstance(data, dict):
        err("a rule file must be a mapping of keys to values", yamlpos.node_pos(data))
        raise RuleErrors(errors)
    keys = {str(k).lower(): str(k) for k in data}
    extends = data.get(keys.get("extends", "extends"))
    kind: CheckKind | None = None
    if extends is None:
        err("missing the required 'extends' key", (1, 1))
    elif not isinstance(extends, str) or extends not in kinds:
        close = difflib.get_close_matches(str(extends), list(kinds), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else f" (installed kinds: {', '.join(sorted(kinds))})"
        err(f"unknown check kind '{extends}'{hint}", yamlpos.value_pos(data, keys["extends"]))
    else:
        kind = kinds[extends]

    level = Level.WARNING
    if "level" in keys:
        raw = data[keys["level"]]
        try:
            level = Level.parse(str(raw))
        except ValueError:
            err(f"unknown level '{raw}' (expected suggestion, warning or error)", yamlpos.value_pos(data, keys["level"]))
    message = data.get(keys.get("message", "message"))
    if message is None and kind is not None:
        err("missing the required 'message' key", (1, 1))
    elif message is not None and not isinstance(message, str):
        err("'message' must be a string", yamlpos.value_pos(data, keys["message"]))

    scope = _str_list(data, keys.get("scope"), err) or ["text"]
    for i, s in enumerate(scope):
        if s not in SCOPES and not s.startswith("~"):
            close = difflib.get_close_matches(s, sorted(SCOPES), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            pos = yamlpos.item_pos(data[keys["scope"]], i) if isinstance(data[keys["scope"]], list) else yamlpos.value_pos(data, keys["scope"])
            err(f"unknown scope '{s}'{hint}", pos)
    skip = _str_list(data, keys.get("skip"), err)
    for s in skip:
        if s not in ZONES:
            err(f"unknown zone '{s}' in 'skip' (expected {' or '.join(ZONES)})", yamlpos.value_pos(data, keys["skip"]))
    limit = data.get(keys.get("limit", "limit"), 0)
    if not isinstance(limit, int) or isinstance(limit, bool):
        err("'limit' must be an integer", yamlpos.value_pos(data, keys["limit"]))
        limit = 0
    examples = data.get(keys.get("examples", "examples"))
    fails: list[str] = []
    passes: list[str] = []
    if examples is not None:
        if not isinstance(examples, dict):
            err("'examples' must be a mapping with 'fail' and 'pass' lists", yamlpos.value_pos(data, keys["examples"]))
        else:
            for k in examples:
                if k not in ("fail", "pass"):
                    err(f"unknown key '{k}' in 'examples' (expected 'fail' or 'pass')", yamlpos.key_pos(examples, k))
            fails = _str_list(examples, "fail" if "fail" in examples else None, err)
            passes = _str_list(examples, "pass" if "pass" in examples else None, err)
    for k in ("description", "rationale", "link"):
        if k in keys and not isinstance(data[keys[k]], str):
            err(f"'{k}' must be a string", yamlpos.value_pos(data, keys[k]))

    options: Any = None
    compiled: Any = None
    if kind is not None:
        options = kind_options(kind, data, keys, err, resolver, path)
        if options is not None and not errors:
            try:
                compiled = kind.compile(options, rule_name=name)
            except PatternError as exc:
                err(f"invalid regex: {exc.msg}", (1, 1))
            except HealthlintError as exc:
                errors.append(RuleError(exc.message, path=path, line=exc.line or 1, column=exc.column or 1))
    if errors:
        raise RuleErrors(errors)
    lines = {str(k): yamlpos.key_pos(data, k)[0] for k in data}
    return Rule(
        name=name,
        kind=str(extends),
        level=level,
        message=" ".join(str(message or "").split()) if message else "",
        scope=tuple(scope),
        options=options,
        compiled=compiled,
        path=path,
        description=str(data.get(keys.get("description", ""), "") or "").strip(),
        rationale=str(data.get(keys.get("rationale", ""), "") or "").strip(),
        link=str(data.get(keys.get("link", ""), "") or ""),
        limit=limit,
        skip=tuple(skip),
        examples_fail=tuple(fails),
        examples_pass=tuple(passes),
        lines=lines,
    )


def _str_list(node: Any, key: str | None, err: Any) -> list[str]:
    """A string or a list of strings (Vale accepts a scalar for a one-item list)."""
    if key is None or key not in node:
        return []
    value = node[key]
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        err(f"'{key}' must be a string or a list of strings", yamlpos.value_pos(node, key))
        return []
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, str):
            err(f"'{key}[{i}]' must be a string; quote it", yamlpos.item_pos(value, i))
            continue
        out.append(str(item))
    return out


def kind_options(kind: CheckKind, data: Any, keys: dict[str, str], err: Any, resolver: Resolver | None = None, path: str = "") -> Any:
    """Validate the kind's own keys against its options dataclass and build it.

    Lexicon, pattern and lemma references in patterns and sequence tokens are expanded here,
    so the options (and a recompile with other settings) hold plain patterns and words.
    """
    fields = {f.name: f for f in dataclasses.fields(kind.Options)}
    hints = typing.get_type_hints(kind.Options)
    values: dict[str, Any] = {}
    ok = True
    for lower, key in keys.items():
        if lower in COMMON_KEYS:
            continue
        if lower not in fields:
            close = difflib.get_close_matches(lower, list(fields) + sorted(COMMON_KEYS), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            err(f"unknown key '{key}' for {kind.name}{hint}", yamlpos.key_pos(data, key))
            ok = False
            continue
        f = fields[lower]
        value, good = _coerce(data, key, hints[lower], err, sequences=resolver is not None and bool(f.metadata.get("regex")))
        if not good:
            ok = False
            continue
        if not (f.metadata.get("regex") or f.metadata.get("sequence") or lower == "exceptions"):
            values[lower] = value
            continue
        written = value
        try:
            value = refs.expand_value(data, key, value, resolver, err, sequence=bool(f.metadata.get("sequence")))
        except refs.Failed:
            ok = False
            continue
        if f.metadata.get("regex"):
            # what the author wrote is checked, each reference standing in as a group: the lexicons and
            # named patterns behind them are valid already (checked when the style loaded)
            checked = refs.with_placeholders(written, value)
            ok = _check_patterns(data, key, checked, err, ignorecase=bool(data.get(keys.get("ignorecase", ""), False))) and ok
        values[lower] = value
    if "vocab" in keys and "vocab" in fields:
        values["vocab"] = bool(data[keys["vocab"]])
    if not ok:
        return None
    return kind.Options(**values)


def _coerce(node: Any, key: str, hint: Any, err: Any, *, sequences: bool = False) -> tuple[Any, bool]:
    value = node[key]
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Union or str(origin) == "types.UnionType":
        non_none = [a for a in args if a is not type(None)]
        if value is None:
            return None, True
        hint, origin, args = non_none[0], typing.get_origin(non_none[0]), typing.get_args(non_none[0])
    pos = yamlpos.value_pos(node, key)
    if hint is bool:
        if isinstance(value, bool):
            return value, True
        err(f"'{key}' must be true or false", pos)
        return None, False
    if hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return int(value), True
        err(f"'{key}' must be an integer", pos)
        return None, False
    if hint is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value), True
        err(f"'{key}' must be a number", pos)
        return None, False
    if hint is str:
        if isinstance(value, str):
            return str(value), True
        err(f"'{key}' must be a string; quote it", pos)
        return None, False
    if origin in (tuple, list):
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            err(f"'{key}' must be a list of strings", pos)
            return None, False
        out = []
        good = True
        for i, item in enumerate(items):
            if isinstance(item, (dict, list)) and args and args[0] is not str:
                out.append(yamlpos.plain(item))
                continue
            if sequences and isinstance(item, dict) and list(item) == ["sequence"]:
                out.append(item)  # a token sequence, written out as a pattern by refs.expand_value
                continue
            if not isinstance(item, str):
                err(f"'{key}[{i}]' must be a string; quote it", yamlpos.item_pos(items, i) if isinstance(value, list) else pos)
                good = False
                continue
            out.append(str(item))
        return tuple(out), good
    if origin is dict or hint is dict:
        if not isinstance(value, dict):
            err(f"'{key}' must be a mapping", pos)
            return None, False
        out_map: dict[str, str] = {}
        good = True
        for k, v in value.items():
            if not isinstance(v, (str, int, float)) or isinstance(v, bool):
                err(f"'{key}.{k}' must be a string; quote it", yamlpos.value_pos(value, k))
                good = False
                continue
            out_map[str(k)] = str(v)
        return out_map, good
    return yamlpos.plain(value), True


def _check_patterns(node: Any, key: str, value: Any, err: Any, *, ignorecase: bool) -> bool:
    """Compile each pattern on its own so an error points at the right item."""
    good = True
    if isinstance(value, str):
        items: list[tuple[str, Any, Any]] = [(value, node, key)]
    elif isinstance(value, dict):
        items = [(k, node[key], k) for k in value]
    else:
        seq = node[key]
        items = [(v, seq, i) for i, v in enumerate(value)] if isinstance(seq, list) else [(value[0], node, key)]
    for pattern, parent, where in items:
        if not pattern:
            continue
        try:
            compile_pattern(pattern, ignorecase=ignorecase)
        except PatternError as exc:
            good = False
            if isinstance(where, int):
                line, col = yamlpos.item_pos(parent, where)
                label = f"{key}[{where}]"
            elif isinstance(value, dict):
                line, col = yamlpos.key_pos(parent, where) if where in parent else yamlpos.value_pos(node, key)
                label = f"{key} key '{where}'"
            else:
                line, col = yamlpos.value_pos(parent, where)
                label = key
            quote = yamlpos.scalar_style(parent, where) if not isinstance(value, dict) else ""
            written = parent[where] if not isinstance(value, dict) else where
            if not isinstance(written, str) or MACRO.search(written):
                exc.pos = None  # the error is inside an expanded reference: point at the value
            if exc.pos is not None and not isinstance(value, dict) and "\n" not in pattern and "''" not in pattern and quote != '"':
                col = col + (1 if quote else 0) + exc.pos
                err(f"invalid regex in {label}: {exc.msg} (pattern offset {exc.pos})", (line, col))
            else:
                suffix = f" (pattern offset {exc.pos})" if exc.pos is not None else ""
                err(f"invalid regex in {label}: {exc.msg}{suffix}", (line, col))
    return good
