"""Lexicons and named patterns: a style's shared word lists and regular pieces, named from rule YAML.

A style folder may hold, beside its rule files:

- ``lexicons/<name>.txt``: one term a line (several words allowed), ``#`` starts a
  comment (say where the list comes from). A line ``@inflect verb`` makes every term
  match in any verb form ("reverse" also matches "reverses", "reversed",
  "reversing"; the first word of "wipe out"), ``@inflect noun`` adds plurals (of the
  last word: "panic attacks"), ``@inflect all`` both. Forms come from lemminflect's
  dictionary, computed once when the style loads.
- ``patterns.yml``: a mapping of names to patterns, for the few regular things
  (dates, numbers with units, percentages, ranges); a pattern may use the others.

A rule uses them in any pattern as ``{lexicon:NAME}`` (the terms, as whole words),
``{pattern:NAME}`` and ``{lemma:WORD}`` (every form of a word), and in a ``sequence``
as the tokens ``lexicon: NAME`` and ``lemma: WORD``. Another style's are named
``Style.NAME``. None of these can be read as a regex repetition (``{2,3}``): a
repetition starts with a digit or a comma.

Neither the ``lexicons`` folder nor ``patterns.yml`` holds rules.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Mapping

import regex

from healthlint.anchors import WORD_END, WORD_START
from healthlint.errors import HealthlintError, RuleError

LEXICON_DIR = "lexicons"
PATTERNS_FILE = "patterns.yml"
INFLECT = ("verb", "noun", "all")
#: ``{lexicon:conditions}``, ``{pattern:date}``, ``{lemma:cure}``, ``{lexicon:Medical.conditions}``
MACRO = regex.compile(r"(?<!\\)(?:\\\\)*\K\{(lexicon|pattern|lemma):([^{}\s]*)\}")
_NAME = regex.compile(r"(?:[A-Za-z][\w-]*\.)?[A-Za-z][\w-]*")
_METACHAR = regex.compile(r"[\\{}()\[\]|*+?^$]")
_SEPARATOR = regex.compile(r"[\s\-‐‑]+|['’]")


class MacroError(ValueError):
    """A reference that cannot be expanded; ``pos`` is its offset in the pattern."""

    def __init__(self, msg: str, pos: int) -> None:
        super().__init__(msg)
        self.msg = msg
        self.pos = pos


@dataclass(frozen=True)
class Lexicon:
    name: str
    path: str
    #: the terms as written
    terms: tuple[str, ...]
    #: the terms and their inflected forms, longest first
    forms: tuple[str, ...]
    inflect: str = ""
    #: the file's leading comment (where the list comes from)
    source: str = ""

    @property
    def pattern(self) -> str:
        return terms_pattern(self.forms)


@dataclass(frozen=True)
class StyleData:
    """One style's lexicons and named patterns (patterns as written, expanded on use)."""

    name: str
    lexicons: Mapping[str, Lexicon] = field(default_factory=dict)
    patterns: Mapping[str, str] = field(default_factory=dict)
    #: where each named pattern is written: (path, line, column)
    pattern_pos: Mapping[str, tuple[str, int, int]] = field(default_factory=dict)
    #: each named pattern expanded and checked when the style loaded, by name
    expanded: dict[str, str] = field(default_factory=dict)


def term_pattern(term: str) -> str:
    """A plain term as a pattern: spaces and hyphens match any run of either, both apostrophes match."""
    out = []
    for piece in regex.split(r"([\s\-‐‑]+|['’])", term.strip()):
        if not piece:
            continue
        if piece in ("'", "’"):
            out.append("['’]")
        elif _SEPARATOR.fullmatch(piece):
            out.append(r"[\s\-‐‑]+")
        else:
            out.append(regex.escape(piece, special_only=True))
    return "".join(out)


def terms_pattern(terms: Iterable[str]) -> str:
    """Terms as one alternation of whole words, longest first.

    Written as a tree of shared prefixes (``cur(?:e[ds]?|ing)``) when that tries the terms in
    the same order as the flat alternation would (see :mod:`healthlint._trie`): ``regex``
    compiles and searches it several times faster, and it matches exactly the same text.
    """
    ordered = sorted(dict.fromkeys(t for t in terms if t.strip()), key=lambda t: (-len(t), t))
    from healthlint._trie import trie_pattern

    body = trie_pattern(ordered)
    if body is None:
        body = "|".join(term_pattern(t) for t in ordered)
    return WORD_START + "(?:" + body + ")" + WORD_END


def flat_terms_pattern(terms: Iterable[str]) -> str:
    """:func:`terms_pattern` as one flat alternation (what the tree form must match exactly)."""
    ordered = sorted(dict.fromkeys(t for t in terms if t.strip()), key=lambda t: (-len(t), t))
    return WORD_START + "(?:" + "|".join(term_pattern(t) for t in ordered) + ")" + WORD_END


@lru_cache(maxsize=2048)
def forms_of(word: str, pos: str = "all") -> tuple[str, ...]:
    """``word`` and its inflected forms (lemminflect); the word alone when lemminflect does not know it."""
    from healthlint._memo import digest, memo, strings

    return memo("forms", digest(word, pos), lambda: _forms_of(word, pos), dump=list, load=strings)


def _forms_of(word: str, pos: str) -> tuple[str, ...]:
    import lemminflect  # only when a style asks for forms: a cached linter never imports it

    found: dict[str, None] = {word: None}
    upos = {"verb": ("VERB",), "noun": ("NOUN",), "all": ("VERB", "NOUN", "ADJ")}[pos]
    lower = word.lower()
    for u in upos:
        table = lemminflect.getAllInflections(lower, upos=u) or (lemminflect.getAllInflectionsOOV(lower, upos=u) if u != "ADJ" and pos != "all" else {})
        for forms in table.values():
            for f in forms:
                found[_recase(f, word)] = None
    return tuple(found)


#: lemminflect's lazily loaded tables, per singleton: what :func:`release_forms_tables` lets go
_TABLES = {
    "lemminflect.core.Inflections": ("Inflections", ("infl_dict", "overrides_dict", "morph_style_model")),
    "lemminflect.core.Lemmatizer": ("Lemmatizer", ("lemma_dict", "overrides_dict", "oov_lemmatizer")),
}


def release_forms_tables() -> None:
    """Let lemminflect's tables go once the rules are built: about 20 MB that a run compiling
    its rules (no cache, or a rule just edited) would otherwise keep to its end (300 articles
    with ``--no-cache``: peak 190 -> 172 MB). lemminflect loads a table on first use, checking
    only that the attribute is there, so a later question loads it again; a lemminflect laid
    out otherwise is left alone."""
    for module_name, (class_name, attributes) in _TABLES.items():
        cls = getattr(sys.modules.get(module_name), class_name, None)
        instances = getattr(cls, "_instances", None)
        instance = instances.get(cls) if isinstance(instances, dict) else None
        for attribute in attributes if instance is not None else ():
            if attribute in vars(instance):
                delattr(instance, attribute)


def _recase(form: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return form.upper()
    if like[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def inflect(term: str, how: str) -> list[str]:
    """The forms of a term: its first word as a verb, its last word as a noun, or both."""
    words = term.split(" ")
    out = [term]
    if how in ("verb", "all") and words[0].isalpha():
        out += [" ".join([f, *words[1:]]) for f in forms_of(words[0], "verb")]
    if how in ("noun", "all") and words[-1].isalpha():
        out += [" ".join([*words[:-1], f]) for f in forms_of(words[-1], "noun")]
    return list(dict.fromkeys(out))


def read_lexicon(path: Path, name: str, *, display: str) -> Lexicon:
    """Parse one lexicon file; a problem is a :class:`RuleError` at its line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"cannot read lexicon '{name}': {exc}", path=display, line=1, column=1) from None
    terms: list[str] = []
    how = ""
    comments: list[str] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if raw.lstrip().startswith("#"):
            if not terms:
                comments.append(raw.lstrip()[1:].strip())
            continue
        if not line:
            continue
        if line.startswith("@"):
            parts = line[1:].split()
            if parts[:1] != ["inflect"] or len(parts) > 2 or (len(parts) == 2 and parts[1] not in INFLECT):
                raise RuleError(f"unknown lexicon directive '{line}' (expected '@inflect verb', '@inflect noun' or '@inflect all')", path=display, line=n, column=raw.index("@") + 1)
            how = parts[1] if len(parts) == 2 else "all"
            continue
        if _METACHAR.search(line):
            raise RuleError(f"a lexicon term is plain text, not a pattern: '{line}' (put patterns in {PATTERNS_FILE})", path=display, line=n, column=raw.index(line[0]) + 1)
        terms.append(" ".join(line.split()))
    if not terms:
        raise RuleError(f"lexicon '{name}' has no terms", path=display, line=1, column=1)
    forms: list[str] = []
    for t in terms:
        forms.extend(inflect(t, how) if how else [t])
    forms = sorted(dict.fromkeys(forms), key=lambda t: (-len(t), t))
    return Lexicon(name, display, tuple(terms), tuple(forms), how, " ".join(c for c in comments if c))


def load_style_data(folder: Path, *, display: str | None = None) -> StyleData:
    """Read a style's lexicons and patterns (cached by the files' sizes and modification times)."""
    return _load(folder.resolve(), display or str(folder), _signature(folder))


def _signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    out = []
    for p in [folder / PATTERNS_FILE, *sorted((folder / LEXICON_DIR).glob("*.txt"))]:
        try:
            st = os.stat(p)
        except OSError:
            continue
        out.append((p.name, st.st_size, st.st_mtime_ns))
    return tuple(out)


@lru_cache(maxsize=64)
def _load(folder: Path, display: str, signature: tuple[tuple[str, int, int], ...]) -> StyleData:
    from healthlint.errors import RuleErrors

    errors: list[HealthlintError] = []
    lexicons: dict[str, Lexicon] = {}
    lex_dir = folder / LEXICON_DIR
    if lex_dir.is_dir():
        for p in sorted(lex_dir.glob("*.txt")):
            if not p.is_file():
                continue
            shown = os.path.join(display, LEXICON_DIR, p.name)
            if not _NAME.fullmatch(p.stem) or "." in p.stem:
                errors.append(RuleError(f"lexicon file name '{p.name}' must be a letter followed by letters, digits, '-' or '_'", path=shown, line=1, column=1))
                continue
            try:
                lexicons[p.stem] = read_lexicon(p, p.stem, display=shown)
            except RuleError as exc:
                errors.append(exc)
    patterns: dict[str, str] = {}
    positions: dict[str, tuple[str, int, int]] = {}
    pfile = folder / PATTERNS_FILE
    if pfile.is_file():
        _read_patterns(pfile, os.path.join(display, PATTERNS_FILE), patterns, positions, errors)
    if errors:
        raise RuleErrors(errors)
    data = StyleData(folder.name, lexicons, patterns, positions)
    # every named pattern must expand and compile, even one no rule uses yet
    resolver = Resolver({folder.name: data}, folder.name)
    for name in patterns:
        try:
            resolver.pattern(name)
        except MacroError as exc:
            path, line, col = positions[name]
            errors.append(RuleError(f"pattern '{name}': {exc.msg}", path=path, line=line, column=col))
    if errors:
        raise RuleErrors(errors)
    data.expanded.update({k.split(".", 1)[1]: v for k, v in resolver._done.items() if k.startswith(folder.name + ".")})
    return data


def _read_patterns(path: Path, shown: str, out: dict[str, str], positions: dict[str, tuple[str, int, int]], errors: list[HealthlintError]) -> None:
    from healthlint import yamlpos

    try:
        data = yamlpos.load(path.read_text(encoding="utf-8-sig"), shown, error=RuleError)
    except RuleError as exc:
        errors.append(exc)
        return
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(RuleError(f"cannot read {PATTERNS_FILE}: {exc}", path=shown, line=1, column=1))
        return
    if data is None:
        return
    if not isinstance(data, dict):
        errors.append(RuleError(f"{PATTERNS_FILE} must be a mapping of names to patterns", path=shown, line=1, column=1))
        return
    for key in data:
        line, col = yamlpos.value_pos(data, key)
        value = data[key]
        if not _NAME.fullmatch(str(key)) or "." in str(key):
            errors.append(RuleError(f"pattern name '{key}' must be a letter followed by letters, digits, '-' or '_'", path=shown, line=yamlpos.key_pos(data, key)[0], column=1))
        elif not isinstance(value, str) or not value.strip():
            errors.append(RuleError(f"pattern '{key}' must be a non-empty string; quote it", path=shown, line=line, column=col))
        else:
            out[str(key)] = value
            positions[str(key)] = (shown, line, col)


@dataclass
class Resolver:
    """Expands references for the rules of one style, looking other styles up by name."""

    styles: Mapping[str, StyleData]
    own: str
    _busy: list[str] = field(default_factory=list)
    #: expanded named patterns, by "Style.name"
    _done: dict[str, str] = field(default_factory=dict)

    def _split(self, ref: str, pos: int) -> tuple[StyleData, str]:
        if not _NAME.fullmatch(ref):
            raise MacroError(f"'{ref}' is not a lexicon or pattern name", pos)
        style, _, name = ref.rpartition(".")
        from healthlint.errors import RuleErrors

        try:
            data = self.styles.get(style or self.own)
        except RuleErrors as exc:
            raise MacroError(f"cannot use style {style or self.own}'s lexicons and patterns: {exc.errors[0]}", pos) from None
        if data is None:
            raise MacroError(f"unknown style '{style}' in '{ref}'", pos)
        return data, name

    def lexicon(self, ref: str, pos: int = 0) -> Lexicon:
        data, name = self._split(ref, pos)
        if name not in data.lexicons:
            have = ", ".join(sorted(data.lexicons)) or "none"
            raise MacroError(f"unknown lexicon '{ref}' (style {data.name} has: {have})", pos)
        return data.lexicons[name]

    def pattern(self, ref: str, pos: int = 0) -> str:
        data, name = self._split(ref, pos)
        if name not in data.patterns:
            have = ", ".join(sorted(data.patterns)) or "none"
            raise MacroError(f"unknown pattern '{ref}' (style {data.name} has: {have})", pos)
        key = f"{data.name}.{name}"
        if key in self._done:
            return self._done[key]
        if name in data.expanded:
            return data.expanded[name]
        if key in self._busy:
            raise MacroError(f"pattern '{ref}' refers to itself ({' -> '.join([*self._busy, key])})", pos)
        self._busy.append(key)
        try:
            inner = Resolver(self.styles, data.name, self._busy, self._done).expand(data.patterns[name])
        except MacroError as exc:
            raise MacroError(exc.msg, pos) from None
        finally:
            self._busy.pop()
        from healthlint.kinds.base import PatternError, compile_pattern

        try:
            # the author's own syntax, each reference a plain group (what they name is checked on its own)
            compile_pattern(MACRO.sub("(?:x)", data.patterns[name]))
        except PatternError as exc:
            raise MacroError(f"invalid regex in pattern '{ref}': {exc.msg}", pos) from None
        self._done[key] = f"(?:{inner})"
        return self._done[key]

    def expand(self, text: str) -> str:
        """``text`` with every reference replaced by its pattern."""
        if "{" not in text:
            return text

        def one(m: regex.Match[str]) -> str:
            what, ref = m.group(1), m.group(2)
            if what == "lexicon":
                return self.lexicon(ref, m.start()).pattern
            if what == "pattern":
                return self.pattern(ref, m.start())
            if not regex.fullmatch(r"[\p{L}][\p{L}'’-]*", ref):
                raise MacroError(f"'{{lemma:{ref}}}' needs one word", m.start())
            return terms_pattern(forms_of(ref))

        return MACRO.sub(one, text)


class LazyStyles(Mapping[str, StyleData]):
    """Style folders by name, each style's data read on first use (errors raise RuleErrors)."""

    def __init__(self, folders: Mapping[str, Path], display: Mapping[str, str] | None = None) -> None:
        self.folders = dict(folders)
        self.display = dict(display or {})
        self._data: dict[str, StyleData] = {}

    def __getitem__(self, name: str) -> StyleData:
        if name not in self._data:
            self._data[name] = load_style_data(self.folders[name], display=self.display.get(name))
        return self._data[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.folders)

    def __len__(self) -> int:
        return len(self.folders)


def is_data_file(path: Path, folder: Path) -> bool:
    """True for ``patterns.yml`` and files under ``lexicons/`` in a style (or a folder of styles)."""
    try:
        rel = path.relative_to(folder)
    except ValueError:
        return False
    return LEXICON_DIR in rel.parts[:-1] or (rel.name == PATTERNS_FILE and len(rel.parts) <= 2)
