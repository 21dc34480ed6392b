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
    from healthlint.kinds.vale_dialect import ValeDialect


@dataclass(frozen=True)
class ConsistencyOptions:
    either: dict[str, str] = regex_field({})
    nonword: bool = False
    ignorecase: bool = False


@dataclass(frozen=True, slots=True)
class Step:
    pattern: regex.Pattern[str]
    names: tuple[str, str]


@dataclass(frozen=True, slots=True)
class Compiled:
    steps: tuple[Step, ...]
    #: Vale's: the variants seen are shared by all the rules of a file
    vale: bool = False


class Consistency:
    name: ClassVar[str] = "consistency"
    Options: ClassVar[type[Any]] = ConsistencyOptions

    def compile(self, options: ConsistencyOptions, *, rule_name: str, dialect: ValeDialect | None = None) -> Compiled:
        from healthlint.kinds import vale_dialect

        key = rule_name.split(".")[-1]
        word_template = dialect.word_template if dialect is not None else ""
        template = vale_dialect.make_regexp(word_template, options.ignorecase, not options.nonword, "", True)
        steps = []
        count = 0
        for v1, v2 in options.either.items():
            count += 2
            names = (f"{key}{count}", f"{key}{count + 1}")
            body = f"(?P<{names[0]}>{v1})|(?P<{names[1]}>{v2})"
            steps.append(Step(vale_dialect.vcompile(vale_dialect.sprintf_template(template, body)), names))
        return Compiled(tuple(steps), vale=dialect is not None)

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        from healthlint.kinds.base import all_matches

        c: Compiled = rule.compiled
        seen: set[str] = doc.shared.setdefault("sequences", set()) if c.vale else set()
        for block in blocks(doc, rule.scope):
            text = block.text
            for step in c.steps:
                last = None
                for m in all_matches(step.pattern, text):
                    for name in step.names:
                        if m.start(name) >= 0:
                            seen.add(name)
                            last = (m.start(name), m.end(name))
                if last is not None and all(n in seen for n in step.names):
                    # Vale locates this alert by searching the block for the matched
                    # text, so it lands on the text's first occurrence in the block
                    match = text[last[0] : last[1]]
                    first = block.base + text.find(match)
                    yield Finding(first, first + len(match), (match,))
