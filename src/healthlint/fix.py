"""Certain fixes: the replacements healthlint applies for ``--fix``, ``--diff`` and editor quick fixes.

A fix is *certain* when nothing about it needs a writer's judgement:

- a finding of a ``substitution`` rule whose replacement is one plain phrase (not a choice)
  (person-first language: "addicts" -> "people with substance use disorders"),
  with the case of the first letter kept and an ``a``/``an`` just before it
  made to agree ("an addict" -> "a person with a substance use disorder");
- a misspelt rule name in a ``healthlint-disable`` directive when exactly one
  known rule is close to it.

Claims (absolute, uncited, superlative ...) are never fixed: what is true is for
the writer to say. Of overlapping edits the leftmost is taken and the others
wait for the next round (the text is linted again in between); the edits taken
are applied right to left, and rounds stop when nothing changes or after
:data:`MAX_ROUNDS`, so a file is never corrupted by two fixes of one span.
"""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence, TextIO

import regex

from healthlint.diagnostic import Diagnostic
from healthlint.errors import HealthlintError, InputError

if TYPE_CHECKING:
    from healthlint.api import Linter, Result
    from healthlint.model import Rule

#: check kinds whose replacements are certain; claim kinds are never listed here
FIXABLE_KINDS = frozenset({"substitution"})
#: bound on lint-fix rounds (a fix that makes a new finding cannot loop for ever)
MAX_ROUNDS = 10

_DIRECTIVE_RULE = "healthlint.InvalidDirective"
_MARKUP = regex.compile(r"[<>&*_`\[\]\\|]")
_MISSPELT = regex.compile(r"^unknown rule '(?P<bad>[^']+)' in directive \(did you mean '(?P<good>[^']+)'\?\)$")
_ARTICLE = regex.compile(r"(?<![\p{L}\p{N}_'’-])(?P<art>an?)(?P<ws>[ \t]+)$", regex.IGNORECASE)
_DETERMINER = regex.compile(r"(?<![\p{L}\p{N}_'’-])(?:a|an|the|this|that|these|those|my|your|his|her|its|our|their)[ \t]+$", regex.IGNORECASE)
_ARTICLE_WORDS = frozenset({"a", "an", "the", "people", "persons"})
_SINGULAR_HEADS = frozenset({"person", "a", "an"})
_VERB_HEADS = frozenset({"has", "have", "had", "is", "are", "was", "were"})
_PAST = frozenset({"had", "got", "gotten", "been", "was", "were", "did", "made"})


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``[start, end)`` of the source (0-based code points) with ``text``."""

    start: int
    end: int
    text: str
    rule: str
    #: 1-based position of the finding, for the report
    line: int
    column: int
    #: the source text the edit replaces
    old: str


@dataclass(frozen=True, slots=True)
class FixResult:
    """The fixed text, every edit applied (in rounds), and the findings that remain."""

    text: str
    applied: tuple[Edit, ...]
    diagnostics: tuple[Diagnostic, ...]
    errors: tuple[HealthlintError, ...]

    @property
    def changed(self) -> bool:
        return bool(self.applied)


def rules_for(linter: Linter, path: str) -> dict[str, Rule]:
    """The rules that run on ``path``, by name."""
    return {r.name: r for r in linter.ruleset_for(path).rules}


def _offers_choice(rule: Rule, replacement: str) -> bool:
    """The replacement is the first of several a swap offers ("use 'a' or 'b'"): the writer chooses."""
    swap = getattr(rule.options, "swap", None)
    if not isinstance(swap, Mapping):
        return False
    return any("|" in value and value.split("|", 1)[0].strip().lower() == replacement.lower() for value in swap.values() if isinstance(value, str))


def certain_edit(source: str, d: Diagnostic, *, rule: Rule | None) -> Edit | None:
    """The certain fix of one finding (``rule`` is the rule that made it), or None."""
    if d.rule == _DIRECTIVE_RULE:
        return _directive_edit(source, d)
    if rule is None or rule.kind not in FIXABLE_KINDS or d.replacement is None or d.end <= d.start:
        return None
    if _offers_choice(rule, d.replacement):
        return None
    old = source[d.start : d.end]
    new = d.replacement
    if old != d.match or not new.strip() or "\n" in new or "\r" in new or "\n" in old or "\r" in old:
        return None
    if _MARKUP.search(old) or _MARKUP.search(new):
        return None  # markup or an entity inside the span (or the replacement): rewording it is the writer's call
    if source[d.end : d.end + 1] in ("'", "’"):
        return None  # a possessive ("the addict's family") needs rewording, not a swap
    new = _recase(new, old, sentence_start=_starts_sentence(source, d.start))
    if not _agrees(old, new):
        return None  # "junkies" -> "person ...", "commits suicide" -> "died ...": the writer rewords
    start = d.start
    art = _ARTICLE.search(source, max(0, start - 8), start)
    if art is None and new.split(" ", 1)[0].lower() in _ARTICLE_WORDS and _DETERMINER.search(source, max(0, start - 8), start):
        return None  # "the clean test" -> "the a negative test"
    if art is not None:
        first = new.split(" ", 1)[0].lower()
        if first in _ARTICLE_WORDS:
            return None  # "a" + "people with ..." or "a" + "a negative test": not certain
        wanted = "an" if first[:1] in "aeiou" else "a"
        article = art.group("art")
        if article.lower() != wanted:
            fixed = wanted.capitalize() if article[:1].isupper() else wanted
            start = art.start()
            new = fixed + art.group("ws") + new
            old = source[start : d.end]
    if new == old:
        return None
    return Edit(start, d.end, new, d.rule, d.line, d.column, old)


def _recase(new: str, old: str, *, sentence_start: bool) -> str:
    """The replacement in the case of what it replaces: ADDICTS, Addicts; "HIV victims" mid-sentence stays lower."""
    if len(old) > 1 and old.isupper():
        return new.upper()
    first = old.split(" ", 1)[0]
    acronym = len(first) > 1 and first[:2].isupper()
    if old[:1].isupper() and new[:1].islower() and (sentence_start or not acronym):
        return new[:1].upper() + new[1:]
    return new


def _starts_sentence(source: str, start: int) -> bool:
    before = source[max(0, start - 4) : start].rstrip(" \t\"“‘'(")
    return not before or before[-1] in ".!?:\n\r#>-"


def _agrees(old: str, new: str) -> bool:
    """The replacement agrees with the words it replaces in number, tense and definiteness.

    One replacement often serves several forms a pattern matches ("junkie" and
    "junkies", "committed" and "commits"); only the forms it fits are fixed.
    """
    words, repl = old.lower().split(), new.lower().split()
    if not words or not repl:
        return False
    last = words[-1]
    if last.endswith("s") and not last.endswith(("ss", "us", "is")) and repl[0] in _SINGULAR_HEADS:
        return False  # plural replaced by a singular
    if repl[0] != words[0] and (repl[0] in _VERB_HEADS or repl[0].endswith(("ed", "ing"))) and _form(words[0]) != _form(repl[0]):
        return False  # tense or person differs
    if (words[0] == "the") != (repl[0] == "the") and {words[0], repl[0]} & {"a", "an"}:
        return False  # "the alcoholic" -> "a person ...": definiteness changes
    return True


def _form(word: str) -> str:
    if word in _PAST or word.endswith("ed"):
        return "past"
    if word.endswith("ing"):
        return "ing"
    if word in ("has", "is", "does") or (word.endswith("s") and not word.endswith("ss")):
        return "s"
    return "base"


def _directive_edit(source: str, d: Diagnostic) -> Edit | None:
    m = _MISSPELT.match(d.message)
    if m is None or d.end <= d.start:
        return None
    bad, good = m.group("bad"), m.group("good")
    comment = source[d.start : d.end]
    hits = list(regex.finditer(r"(?<![\w.-])" + regex.escape(bad) + r"(?![\w.-])", comment))
    if len(hits) != 1:
        return None
    s = d.start + hits[0].start()
    return Edit(s, s + len(bad), good, d.rule, d.line, d.column, bad)


def certain_edits(source: str, diags: Iterable[Diagnostic], *, rules: Mapping[str, Rule]) -> list[Edit]:
    """Every certain fix among ``diags``, in source order."""
    out = [e for d in diags if (e := certain_edit(source, d, rule=rules.get(d.rule))) is not None]
    return sorted(out, key=lambda e: (e.start, e.end))


def apply_edits(source: str, edits: Sequence[Edit]) -> tuple[str, list[Edit]]:
    """Apply non-overlapping edits; return the text and the edits taken, in source order.

    The leftmost edit wins an overlap (the others wait for the next round, when
    they are found again in the new text or not at all); the chosen edits are
    applied right to left so each one's offsets still hold.
    """
    taken: list[Edit] = []
    end = 0
    for e in sorted(edits, key=lambda e: (e.start, -e.end)):
        if e.start < end or source[e.start : e.end] != e.old:
            continue  # overlaps an edit already taken, or stale
        taken.append(e)
        end = e.end
    for e in reversed(taken):
        source = source[: e.start] + e.text + source[e.end :]
    return source, taken


def fix_text(linter: Linter, text: str, *, path: str, format: str | None = None, max_rounds: int = MAX_ROUNDS) -> FixResult:
    """Lint, apply the certain fixes, lint again, until nothing changes (at most ``max_rounds``)."""
    rules = rules_for(linter, path)
    applied: list[Edit] = []
    diags, errors = linter.lint_text_with_errors(text, path=path, format=format)
    for _ in range(max_rounds):
        if errors:
            break  # a rule failed: its findings are incomplete, so nothing is changed on their account
        edits = certain_edits(text, diags, rules=rules)
        directives = [e for e in edits if e.rule == _DIRECTIVE_RULE]
        if directives:  # a corrected directive may suppress other findings: apply it first, then lint again
            edits = directives
        if not edits:
            break
        new, taken = apply_edits(text, edits)
        if not taken or new == text:
            break
        text = new
        applied.extend(taken)
        diags, errors = linter.lint_text_with_errors(text, path=path, format=format)
    return FixResult(text, tuple(applied), tuple(diags), tuple(errors))


@dataclass(frozen=True, slots=True)
class _Encoded:
    bom: bytes
    codec: str


def _encoding_of(data: bytes) -> _Encoded:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _Encoded(bom, codec)
    return _Encoded(b"", "utf-8")


def read_regular(path: str) -> tuple[bytes, int]:
    """The bytes and mode of a regular file that is not a symbolic link (a fix never writes through one)."""
    try:
        st = os.lstat(path)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from None
    if stat.S_ISLNK(st.st_mode):
        raise InputError("is a symbolic link; not fixed (fix the file it points to)", path=path)
    if not stat.S_ISREG(st.st_mode):
        raise InputError("is not a regular file; not fixed", path=path)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise InputError("is not a regular file; not fixed", path=path)
        return fh.read(), st.st_mode


def fix_file(linter: Linter, path: str, *, format: str | None = None, write: bool = True) -> tuple[str, FixResult]:
    """Fix one file in place (``write``) and return its original text and the result.

    The byte order mark, the encoding and every line ending are kept: edits
    never span a line break. The file is replaced atomically, and only when
    something changed.
    """
    from healthlint.atomic import write_bytes_atomic
    from healthlint.decode import decode

    from healthlint.api import printable

    shown = printable(path)
    data, mode = read_regular(path)
    original = decode(data, shown)
    result = fix_text(linter, original, path=shown, format=format)
    if write and result.changed:
        enc = _encoding_of(data)
        try:
            write_bytes_atomic(Path(path), enc.bom + result.text.encode(enc.codec, "surrogateescape"))
            os.chmod(path, stat.S_IMODE(mode))  # the fixed file keeps its permissions
        except OSError as exc:
            raise InputError(f"cannot write the fixed file: {exc.strerror or exc}", path=shown) from None
    return original, result


def unified_diff(path: str, before: str, *, after: str) -> str:
    """A unified diff of one file, line endings shown as they are."""
    import difflib

    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=f"a/{path}", tofile=f"b/{path}")
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def fix_paths(linter: Linter, paths: Sequence[str], *, write: bool) -> tuple[list[tuple[str, str, FixResult]], list[str], list[HealthlintError]]:
    """Fix the files that ``healthlint PATHS`` would lint (same discovery, exclusions and size limit).

    Returns ``(path, original text, result)`` per file, the files linted, and the
    errors met (a file that cannot be read or fixed is named, never half-written).
    """
    from healthlint.api import printable
    from healthlint.discover import iter_files

    cfg = linter.config
    errors: list[HealthlintError] = []
    done: list[tuple[str, str, FixResult]] = []
    files: list[str] = []

    def on_error(path: str, msg: str) -> None:
        errors.append(InputError(msg, path=printable(path)))

    def wanted(path: str) -> bool:
        return cfg.format_for(path) is not None and not cfg.excluded(path)

    for path in iter_files(list(paths), wanted=wanted, on_error=on_error):
        try:
            if cfg.max_file_size > 0 and os.lstat(path).st_size > cfg.max_file_size:
                continue
            original, result = fix_file(linter, path, format=cfg.format_for(path) or "text", write=write)
        except HealthlintError as exc:
            errors.append(exc)
            continue
        except OSError as exc:
            errors.append(InputError(f"cannot read file: {exc.strerror or exc}", path=printable(path)))
            continue
        files.append(printable(path))
        done.append((path, original, result))
        errors.extend(result.errors)
    return done, files, errors


def run_fixes(linter: Linter, paths: Sequence[str], *, diff: bool, out: TextIO, err: TextIO) -> tuple[Result, int | None]:
    """``--fix`` (write, then report what remains) or ``--diff`` (print, write nothing).

    Returns the remaining findings and, for ``--diff``, the exit code: 1 when
    there would be changes (as ruff), 2 on errors, else 0.
    """
    from healthlint.api import Result, printable
    from healthlint.formatters.text import visible

    done, files, errors = fix_paths(linter, paths, write=not diff)
    fixed = sum(len(r.applied) for _, _, r in done)
    touched = sum(1 for _, _, r in done if r.changed)
    plural = "" if fixed == 1 else "s"
    if diff:
        for path, before, r in done:
            if r.changed:
                out.write(unified_diff(printable(path), before, after=r.text))
        out.flush()
        for e in errors:
            err.write(f"{e}\n")
        if fixed:
            err.write(f"healthlint: would fix {fixed} finding{plural} in {touched} file{'' if touched == 1 else 's'}\n")
        return Result((), tuple(files), tuple(errors)), (2 if errors else 1 if fixed else 0)
    for path, _, r in done:
        for edit in r.applied:
            err.write(f"{visible(printable(path))}:{edit.line}:{edit.column}: fixed [{edit.rule}] '{visible(edit.old)}' -> '{visible(edit.text)}'\n")
    if fixed:
        err.write(f"healthlint: fixed {fixed} finding{plural} in {touched} file{'' if touched == 1 else 's'}\n")
    diags = sorted(d for _, _, r in done for d in r.diagnostics)
    return Result(tuple(diags), tuple(files), tuple(errors)), None
