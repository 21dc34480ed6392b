"""``spelling``: Hunspell dictionaries (Vale's semantics, through ``chunspell``).

Dictionaries come from ``aff``/``dic``, or ``dictionaries`` looked up in
``dicpath``, ``$DICPATH`` and ``<StylesPath>/config/dictionaries``. Vale's
built-in ``en_US-web`` dictionary is compiled into the Vale binary and is not
available: the default dictionary (``Vale.Spelling``, or a rule naming none)
is ``en_US`` from those folders, then from the system's
``/usr/share/hunspell`` (Debian's ``hunspell-en-us``). With no dictionary the
rule says so once and reports nothing. Word filters (Vale's defaults, or
``filters``; ``custom: true`` drops the defaults), ``ignore`` word lists and
the accepted vocabulary (case-insensitive) are applied as in Vale.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Iterator

import regex

from healthlint.document import Document
from healthlint.kinds.base import Finding, timed
from healthlint.model import Rule

if TYPE_CHECKING:
    from healthlint.kinds.vale_dialect import ValeDialect

DEFAULT_FILTERS = (r"[A-Z]{1}[a-z]+[A-Z]+\w+", r"[A-Z]+$", r"[^a-zA-Z_']")
SYSTEM_DIRS = ("/usr/share/hunspell", "/usr/share/myspell", "/usr/share/myspell/dicts")
_WORD = regex.compile(r"[\p{L}\p{N}_'’.-]*[\p{L}\p{N}_]")


@dataclass(frozen=True)
class SpellingOptions:
    custom: bool = False
    filters: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    dicpath: str = ""
    dictionaries: tuple[str, ...] = ()
    aff: str = ""
    dic: str = ""
    append: bool = False
    threshold: int = 0
    exceptions: tuple[str, ...] = field(default=())


@dataclass
class Compiled:
    checkers: list[Any]
    filters: list[regex.Pattern[str]]
    ignored: frozenset[str]
    vocab: regex.Pattern[str] | None


def _find(name: str, dirs: list[Path]) -> tuple[Path, Path] | None:
    for d in dirs:
        aff, dic = d / f"{name}.aff", d / f"{name}.dic"
        if aff.is_file() and dic.is_file():
            return aff, dic
    return None


def _checker(aff: Path, dic: Path) -> Any:
    from hunspell import Hunspell  # chunspell

    return Hunspell(dic.stem, hunspell_data_dir=str(dic.parent))


class Spelling:
    name: ClassVar[str] = "spelling"
    Options: ClassVar[type[Any]] = SpellingOptions

    def compile(self, options: SpellingOptions, *, rule_name: str, dialect: ValeDialect | None = None) -> Compiled:
        from healthlint.kinds._unsupported import tell
        from healthlint.kinds.vale_dialect import ValeDialect

        ctx = dialect or ValeDialect()
        name = rule_name
        styles = [Path(p) for p in ctx.styles_path]
        dirs = [Path(options.dicpath)] if options.dicpath else []
        dirs += [Path(p) for p in os.environ.get("DICPATH", "").split(os.pathsep) if p]
        dirs += [p / "config" / "dictionaries" for p in styles]
        pairs: list[tuple[Path, Path]] = []
        if options.aff and options.dic:
            pairs.append((Path(options.aff), Path(options.dic)))
        for d in options.dictionaries:
            found = _find(d, dirs)
            if found:
                pairs.append(found)
            else:
                tell(ctx, name, f"dictionary '{d}' not found in {', '.join(map(str, dirs)) or 'any dictionary folder'}")
        if not pairs or options.append:
            default = _find("en_US", dirs + ([Path(p) for p in SYSTEM_DIRS] if ctx.system_dictionaries else []))
            if default:
                pairs.append(default)
            elif not pairs:
                tell(ctx, name, "Vale's built-in en_US-web dictionary is not available and no en_US Hunspell dictionary was found "
                     "(add en_US.aff/en_US.dic to <StylesPath>/config/dictionaries or install hunspell-en-us)")
        checkers = []
        for aff, dic in pairs:
            try:
                checkers.append(_checker(aff, dic))
            except ImportError:
                tell(ctx, name, "spelling needs the 'chunspell' package (pip install 'healthlint[spelling]')")
                checkers = []
                break
            except Exception as exc:  # a broken dictionary file
                tell(ctx, name, f"cannot load dictionary {dic}: {exc}")
        from healthlint.kinds.vale_dialect import vcompile  # PatternError for a bad pattern, with the time and size checks

        filters = [vcompile(f) for f in (() if options.custom else DEFAULT_FILTERS) + options.filters]
        ignored: set[str] = set()
        for item in options.ignore:
            for base in [Path(item), *(p / item for p in styles), *(p / "config" / "ignore" / item for p in styles)]:
                if base.is_file():
                    try:
                        ignored.update(w.strip() for w in base.read_text(encoding="utf-8").splitlines() if w.strip())
                    except (OSError, UnicodeDecodeError) as exc:  # not a word list
                        tell(ctx, name, f"cannot read the ignore file {base}: {exc}")
                    break
        vocab = vcompile(r"(?i)^(?:" + "|".join(ctx.accepted) + r")$") if ctx.accepted else None
        return Compiled(checkers, filters, frozenset(ignored), vocab)

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        from healthlint.scopes import blocks

        compiled: Compiled = rule.compiled
        if not compiled.checkers:
            return
        for block in blocks(doc, rule.scope):
            for m in _WORD.finditer(block.text.replace("’", "'")):
                word = m.group().strip("'.-")
                if not word or word in compiled.ignored or any(timed(f.search, word) for f in compiled.filters):
                    continue
                if compiled.vocab is not None and timed(compiled.vocab.match, word):
                    continue
                if any(c.spell(word) for c in compiled.checkers):
                    continue
                start = block.base + m.start() + m.group().index(word)
                yield Finding(start, start + len(word), (word,))
