"""``metric``: a formula over document counts compared with a condition (Vale's semantics).

The formula is Vale's Tengo expression (``math`` functions allowed) over the
structural counts ``heading_h1`` .. ``heading_h6``, ``list``, ``blockquote``,
``pre`` and the text statistics ``words``, ``sentences``, ``paragraphs``,
``characters``, ``syllables``, ``complex_words``, ``long_words``,
``polysyllabic_words``. It is evaluated with a small, safe arithmetic
evaluator (no Tengo interpreter: statements, loops and other modules are not
supported). One alert at line 1, column 1 when ``<result> <condition>`` holds.
"""

from __future__ import annotations

import ast
import math
import operator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Iterator

import regex

from healthlint.document import Document
from healthlint.errors import HealthlintError
from healthlint.kinds.base import Finding
from healthlint.model import Rule

if TYPE_CHECKING:
    from healthlint.kinds.vale_dialect import ValeDialect

_BIN: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
    ast.Mod: operator.mod, ast.Pow: operator.pow,
}
_CMP: dict[type, Callable[[Any, Any], bool]] = {
    ast.Gt: operator.gt, ast.GtE: operator.ge, ast.Lt: operator.lt, ast.LtE: operator.le, ast.Eq: operator.eq, ast.NotEq: operator.ne,
}
_MATH = {name: getattr(math, name) for name in ("sqrt", "pow", "abs", "floor", "ceil", "log", "log10", "log2", "exp", "min", "max") if hasattr(math, name)}
_MATH.update({"abs": abs, "min": min, "max": max})


@dataclass(frozen=True)
class MetricOptions:
    formula: str = ""
    condition: str = ""


def evaluate(expr: str, variables: dict[str, float]) -> Any:
    """A safe evaluation of an arithmetic / comparison expression."""
    tree = ast.parse(expr.strip(), mode="eval")

    def ev(node: ast.AST) -> Any:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.Name):
            if node.id not in variables:
                raise HealthlintError(f"unknown variable '{node.id}' in metric formula")
            return float(variables[node.id])
        if isinstance(node, ast.BinOp) and type(node.op) in _BIN:
            return _BIN[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            v = ev(node.operand)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _CMP:
            return _CMP[type(node.ops[0])](ev(node.left), ev(node.comparators[0]))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) and node.func.value.id == "math" and node.func.attr in _MATH:
            return float(_MATH[node.func.attr](*(ev(a) for a in node.args)))
        raise HealthlintError(f"unsupported expression in metric formula: {ast.dump(node)[:60]}")

    return ev(tree)


STRUCTURAL = ("heading_h1", "heading_h2", "heading_h3", "heading_h4", "heading_h5", "heading_h6", "list", "blockquote", "pre")


def variables_of(text: str, metrics: dict[str, int]) -> dict[str, float] | None:
    """Formula variables for a summary text and its structural counts (None: no words)."""
    from healthlint.kinds.readability import stats, syllables

    s = stats(text)
    if not s.words:
        return None
    words = regex.findall(r"\p{L}[\p{L}'’-]*", text)
    out: dict[str, float] = {name: 0.0 for name in STRUCTURAL}
    for k, v in metrics.items():
        if not k.startswith("table"):
            out[k.replace(".", "_")] = float(v)
    out.update(
        words=float(s.words), sentences=float(s.sentences), syllables=float(s.syllables), characters=float(s.characters),
        polysyllabic_words=float(s.polysyllabic_words), complex_words=float(sum(1 for w in words if syllables(w) >= 3 and not w[:1].isupper())),
        long_words=float(sum(1 for w in words if len(w) > 6)), paragraphs=float(max(0, text.count("\n\n") - 1)),
    )
    return out


class Metric:
    name: ClassVar[str] = "metric"
    Options: ClassVar[type[Any]] = MetricOptions

    def compile(self, options: MetricOptions, *, rule_name: str, dialect: ValeDialect | None = None) -> tuple[str, str]:
        formula = options.formula.replace("heading.h", "heading_h")
        try:
            ast.parse(formula.strip(), mode="eval")
        except SyntaxError as exc:
            raise HealthlintError(f"invalid metric formula: {exc.msg}") from None
        except (ValueError, RecursionError, MemoryError) as exc:  # a NUL or a lone surrogate (a YAML escape), deep nesting
            raise HealthlintError(f"invalid metric formula: {type(exc).__name__}: {exc}") from None
        return formula, options.condition

    def check(self, doc: Document, rule: Rule) -> Iterator[Finding]:
        """One finding for the document when the formula's result meets the condition.

        The counts are the document's structural ones when its reader gives them (Vale's summary).
        """
        formula, condition = rule.compiled
        variables = variables_of("\n\n".join(seg.text for seg in doc.segments), doc.shared.get("counts", {}))
        if variables is None:
            return
        try:
            result = evaluate(formula, variables)
            ok = bool(evaluate(f"{result:f} {condition}", {}))
        except (HealthlintError, ZeroDivisionError, ValueError, OverflowError, SyntaxError, RecursionError):
            return
        if ok:
            yield Finding(0, 0, (f"{result:.2f}",), document=True)
