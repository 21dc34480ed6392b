"""``script``: Vale's Tengo scripts. Not supported: loaded, reported as unsupported, never run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Iterator

from healthlint.document import Document
from healthlint.kinds.base import Finding
from healthlint.model import Rule

if TYPE_CHECKING:
    from healthlint.kinds.vale_dialect import ValeDialect


@dataclass(frozen=True)
class ScriptOptions:
    script: str = ""


class Script:
    name: ClassVar[str] = "script"
    Options: ClassVar[type[Any]] = ScriptOptions

    def compile(self, options: ScriptOptions, *, rule_name: str, dialect: ValeDialect | None = None) -> str:
        from healthlint.kinds._unsupported import tell

        tell(dialect, rule_name, "'script' rules run Tengo code, which healthlint does not execute")
        return options.script

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        return iter(())
