"""The values every layer shares: a compiled :class:`Rule`, what a format may say about it
(:class:`RuleInfo`), what a kind yields (:class:`Finding`) and the kind plug-in protocol.

Kinds, the rule loader, the engine and the formatters import these from here, so none of
them reaches into another's module for a type.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Iterator, Mapping, NamedTuple, Protocol

from healthlint.diagnostic import Level

if TYPE_CHECKING:
    from healthlint.document import Document


@dataclass(frozen=True, slots=True)
class Rule:
    """A validated rule, ready to run."""

    name: str
    kind: str
    level: Level
    message: str
    scope: tuple[str, ...]
    options: Any
    compiled: Any
    path: str = ""
    description: str = ""
    rationale: str = ""
    link: str = ""
    limit: int = 0
    #: zones whose matches are dropped (``boilerplate``, ``references``)
    skip: tuple[str, ...] = ()
    examples_fail: tuple[str, ...] = ()
    examples_pass: tuple[str, ...] = ()
    #: 1-based line of each top-level key, to point runtime errors at the file
    lines: Mapping[str, int] = dataclasses.field(default_factory=dict)
    #: Vale's ``action`` (``{"name": "replace", "params": [...]}``): the suggestions a finding offers
    action: Any = None

    @property
    def anchors(self) -> frozenset[str] | None:
        """Words one of which a text must hold for this rule to match there; None: always run it.

        The kind's own (``compiled.anchors``), else read from its main ``pattern``.
        """
        import regex

        from healthlint.anchors import pattern_anchors

        if self.compiled is None:
            return None
        if hasattr(self.compiled, "anchors"):
            return self.compiled.anchors  # type: ignore[no-any-return]
        pattern = getattr(self.compiled, "pattern", None)
        if isinstance(pattern, regex.Pattern):
            return pattern_anchors(pattern.pattern)
        return None

    @property
    def style(self) -> str:
        return self.name.split(".", 1)[0]

    def with_level(self, level: Level) -> Rule:
        return dataclasses.replace(self, level=level)

    def info(self) -> RuleInfo:
        """What an output format may say about this rule."""
        return RuleInfo(self.name, self.level, self.description, self.rationale, self.link, self.message)


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What an output format may say about a rule (SARIF rules, HTML tooltips)."""

    name: str
    level: Level
    description: str = ""
    rationale: str = ""
    link: str = ""
    message: str = ""


class Finding(NamedTuple):
    """What a kind yields: a source span and the arguments of its message."""

    start: int
    end: int
    args: tuple[Any, ...] = ()
    replacement: str | None = None
    #: overrides the rule's message (already formatted) when set
    message: str | None = None
    #: overrides the rule's level when set (e.g. a weaker finding)
    level: str | None = None
    #: what the rule suggests instead of the match (Vale's ``action``)
    suggestions: tuple[str, ...] = ()
    #: about the whole document, not a span of it (Vale reports it at line 1, column 1)
    document: bool = False


class CheckKind(Protocol):
    """A check kind: an options dataclass, a compile step and a check."""

    name: ClassVar[str]
    Options: ClassVar[type[Any]]

    def compile(self, options: Any, *, rule_name: str) -> Any:
        """Build what ``check`` needs (compiled patterns) once, at load time.

        A kind that also runs Vale's check type of the same name takes ``dialect=`` too: None
        for healthlint's rules, a ``kinds.vale_dialect.ValeDialect`` (Vale's pattern flavour,
        word template and vocabulary) for a Vale style's.
        """
        ...

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        """Yield the rule's findings in ``doc``."""
        ...
