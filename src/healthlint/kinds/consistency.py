"""``consistency``: only one spelling of each pair per file (Vale's semantics).

Each ``either`` pair ``a: b`` becomes ``(?P<Rule2>a)|(?P<Rule3>b)`` in the
word template. Once both variants have been seen in a file, every later block
that contains either raises one alert, at its last match.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Iterator

import regex

from healthlint.document import Document
from healthlint.kinds.base import Finding, regex_field
from healthlint.model import Rule
from healthlint.scopes import blocks

if TYPE_CHECKING:
    from healthlint.kinds.vale_dialect import FileState, Hit, ValeContext


@dataclass(frozen=True)
class ConsistencyOptions:
    either: dict[str, str] = regex_field({})
    nonword: bool = False
    ignorecase: bool = False


@dataclass(frozen=True, slots=True)
class Step:
    pattern: regex.Pattern[str]
    names: tuple[str, str]


class Consistency:
    name: ClassVar[str] = "consistency"
    Options: ClassVar[type[Any]] = ConsistencyOptions

    def compile(self, options: ConsistencyOptions, *, rule_name: str) -> tuple[Step, ...]:
        from healthlint.kinds.vale_dialect import ValeContext

        return self.vale_compile(options, ctx=ValeContext(), definition={"name": rule_name})

    def vale_compile(self, options: ConsistencyOptions, *, ctx: ValeContext, definition: dict[str, Any]) -> tuple[Step, ...]:
        from healthlint.kinds import vale_dialect

        key = str(definition.get("name", "Rule")).split(".")[-1]
        template = vale_dialect.make_regexp(ctx.word_template, options.ignorecase, not options.nonword, "", True)
        steps = []
        count = 0
        for v1, v2 in options.either.items():
            count += 2
            names = (f"{key}{count}", f"{key}{count + 1}")
            body = f"(?P<{names[0]}>{v1})|(?P<{names[1]}>{v2})"
            steps.append(Step(vale_dialect.vcompile(vale_dialect.sprintf_template(template, body)), names))
        return tuple(steps)

    def vale_run(self, compiled: tuple[Step, ...], text: str, state: FileState) -> Iterator[Hit]:
        from healthlint.kinds import vale_dialect

        for step in compiled:
            last = None
            for m in vale_dialect.finditer(step.pattern, text):
                for name in step.names:
                    if m.start(name) >= 0:
                        state.add(name)
                        last = (m.start(name), m.end(name))
            if last is not None and all(n in state.seen for n in step.names):
                # Vale locates this alert by searching the block for the matched
                # text, so it lands on the text's first occurrence in the block
                match = text[last[0] : last[1]]
                first = text.find(match)
                yield vale_dialect.Hit(first, first + len(match), match, (match,))

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        from healthlint.kinds.vale_dialect import FileState

        state = FileState()
        for block in blocks(doc, rule.scope):
            for hit in self.vale_run(rule.compiled, block.text, state):
                yield Finding(block.base + hit.start, block.base + hit.end, hit.args)
