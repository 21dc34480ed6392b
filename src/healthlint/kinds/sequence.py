"""``sequence``: a run of words, token by token (Vale's token syntax, extended).

Vale's tokens: ``pattern`` (a regex one word must match), ``negate`` (any word but
that), ``skip: n`` (up to n other words first). healthlint adds:

- ``lexicon: NAME``: any term of a style lexicon (in any form the lexicon asks for);
- ``lemma: WORD`` (or a list): any inflected form of the word ("cure": cures, cured, curing);
- ``optional: true``: the token may be absent.

So "an efficacy verb in any form, then maybe a possessive, then a condition" is::

    tokens:
      - lexicon: efficacy-verbs
      - lexicon: possessives
        optional: true
      - lexicon: conditions

The same list, under a ``sequence:`` key, may stand for one item of the ``tokens`` or
``raw`` of any other kind (``existence``, ``citation`` ...): it becomes a pattern when the
rule loads. Words are separated by white space; each token matches whole words.

Vale tags words with prose's averaged-perceptron Penn Treebank tagger; no tagger
that agrees with it is available to healthlint, so a Vale rule whose tokens use
``tag`` is loaded, reported once as unsupported, and reports nothing. In Vale
styles, tokens keep Vale's semantics exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Iterator

import regex

from healthlint.anchors import WORD_END, WORD_START, pattern_anchors
from healthlint.document import Document
from healthlint.kinds import _claims
from healthlint.kinds.base import Finding, compile_pattern
from healthlint.lexicon import terms_pattern
from healthlint.model import Rule

if TYPE_CHECKING:
    from healthlint.kinds.vale_dialect import ValeDialect


@dataclass(frozen=True)
class SequenceOptions(_claims.ClaimOptions):
    tokens: tuple[Any, ...] = field(default=(), metadata={"sequence": True})
    ignorecase: bool = False


@dataclass(frozen=True, slots=True)
class Compiled:
    pattern: regex.Pattern[str] | None
    #: the number of tokens (one message argument each); 0 for Vale's sequences
    size: int = 0
    #: words one of which a text must hold for the rule to match there (None: always run); read
    #: from the pattern once, when the rule is compiled, and kept in a cached linter as plain data
    anchors: frozenset[str] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.pattern is None:
            found: frozenset[str] | None = frozenset()
        else:
            found = pattern_anchors(self.pattern.pattern) if self.size else None
        object.__setattr__(self, "anchors", found)


def token_pattern(token: dict[str, Any]) -> str:
    """One token as a pattern matching whole words (several for a multi-word lexicon term)."""
    if token.get("forms"):
        return terms_pattern(token["forms"])
    return WORD_START + "(?:" + str(token.get("pattern", r"\S+")) + ")" + WORD_END


def sequence_pattern(tokens: list[dict[str, Any]], *, groups: bool = False) -> str:
    """healthlint's tokens (``forms`` resolved by the loader) as one pattern over white-space separated words.

    An optional token takes the white space after it along (before it, when it comes after the
    last required token), so the match never starts or ends with a space.
    """
    bodies = []
    for i, t in enumerate(tokens):
        body = rf"(?!{token_pattern(t)})\S+" if t.get("negate") else token_pattern(t)
        if groups:
            body = f"(?P<t{i}>{body})"
        skip = int(t.get("skip", 0) or 0)
        bodies.append((rf"(?:\S+\s+){{0,{skip}}}" if skip else "") + body)
    required = [i for i, t in enumerate(tokens) if not t.get("optional")]
    last = required[-1] if required else len(tokens) - 1
    out = []
    for i, (t, body) in enumerate(zip(tokens, bodies)):
        if i < last:
            out.append(f"(?:{body}\\s+)?" if t.get("optional") else body + r"\s+")
        elif i == last:
            out.append(body)
        else:
            out.append(f"(?:\\s+{body})?")
    return "".join(out)


class Sequence:
    name: ClassVar[str] = "sequence"
    Options: ClassVar[type[Any]] = SequenceOptions

    def compile(self, options: SequenceOptions, *, rule_name: str, dialect: ValeDialect | None = None) -> Compiled:
        tokens = [t for t in options.tokens if isinstance(t, dict)]
        if dialect is not None or not tokens or any("tag" in t for t in tokens):
            return self._vale(options, dialect, rule_name)
        source = sequence_pattern(tokens, groups=True)
        return Compiled(compile_pattern(source, ignorecase=options.ignorecase), len(tokens))

    def _vale(self, options: SequenceOptions, ctx: Any, name: str) -> Compiled:
        """Vale's semantics: each token is a pattern searched in one white-space separated word."""
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
        from healthlint.kinds.vale_dialect import vcompile  # PatternError for a bad token, with the size check

        return Compiled(vcompile(pattern))

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        from healthlint.kinds._context import iter_matches
        from healthlint.scopes import blocks

        c: Compiled = rule.compiled
        o: SequenceOptions = rule.options
        if c.pattern is None:
            return
        scope = ("sentence",) if rule.scope == ("text",) and c.size else rule.scope  # Vale's sequences read the scope given
        for block in blocks(doc, scope):
            for m in iter_matches(c.pattern, block):
                if (m.end() == m.start() and c.size) or not _claims.keep(o, block, m.start(), m.end()):
                    continue
                if c.size:
                    args = tuple(m.group(f"t{i}") or "" for i in range(c.size))
                else:
                    args = tuple(m.group().split())
                level = _claims.level_for(o, block, m.start(), rule.level.value)
                yield Finding(block.base + m.start(), block.base + m.end(), args, level=level)
