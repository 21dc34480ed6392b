"""``sequence``: Vale's part-of-speech sequences.

Vale tags words with prose's averaged-perceptron Penn Treebank tagger; no
tagger that agrees with it is available to healthlint, so a rule whose tokens
use ``tag`` is loaded, reported once as unsupported, and reports nothing.
Rules whose tokens use only ``pattern`` (and ``skip``/``negate``) run: they
match word sequences within a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Iterator

import regex

from healthlint.document import Document
from healthlint.kinds.base import Finding, all_matches
from healthlint.rulespec import Rule

if TYPE_CHECKING:
    from healthlint.kinds._vale import FileState, Hit, ValeContext


@dataclass(frozen=True)
class SequenceOptions:
    tokens: tuple[Any, ...] = ()
    ignorecase: bool = False


@dataclass(frozen=True, slots=True)
class Compiled:
    pattern: regex.Pattern[str] | None


class Sequence:
    name: ClassVar[str] = "sequence"
    Options: ClassVar[type[Any]] = SequenceOptions

    def compile(self, options: SequenceOptions, *, rule_name: str) -> Compiled:
        return self._build(options, None, rule_name)

    def vale_compile(self, options: SequenceOptions, *, ctx: ValeContext, definition: dict[str, Any]) -> Compiled:
        return self._build(options, ctx, str(definition.get("name", "")))

    def _build(self, options: SequenceOptions, ctx: Any, name: str) -> Compiled:
        from healthlint.kinds._unsupported import tell

        tokens = [t for t in options.tokens if isinstance(t, dict)]
        if any("tag" in t for t in tokens) or not tokens:
            tell(ctx, name, "'sequence' tokens with 'tag' need a part-of-speech tagger that agrees with Vale's, which healthlint does not have")
            return Compiled(None)
        parts = []
        for t in tokens:
            pat = str(t.get("pattern", r"\S+"))
            skip = int(t.get("skip", 0) or 0)
            word = rf"(?!(?:{pat})\b)\S+" if t.get("negate") else rf"(?:{pat})"
            if skip:
                parts.append(rf"(?:\S+\s+){{0,{skip}}}")
            parts.append(word)
        body = r"\s+".join(parts)
        pattern = ("(?i)" if options.ignorecase else "") + rf"\b{body}\b"
        from healthlint.kinds._vale import vcompile  # PatternError for a bad token, with the size check

        return Compiled(vcompile(pattern))

    def vale_run(self, compiled: Compiled, text: str, state: FileState) -> Iterator[Hit]:
        from healthlint.kinds._vale import Hit

        if compiled.pattern is None:
            return
        for m in all_matches(compiled.pattern, text):
            words = tuple(m.group().split())
            yield Hit(m.start(), m.end(), m.group(), words)

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        from healthlint.kinds._vale import FileState
        from healthlint.scopes import blocks

        for block in blocks(doc, ("sentence",)):
            for hit in self.vale_run(rule.compiled, block.text, FileState()):
                yield Finding(block.base + hit.start, block.base + hit.end, hit.args)
