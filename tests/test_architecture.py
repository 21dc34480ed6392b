"""The package's layers: no import cycle between modules, no private name used across modules.

Read from the source with ``ast``, so a cycle hidden behind a lazy import cannot pass for
a clean graph: module-level imports count, including those under ``TYPE_CHECKING`` (a
type that needs a cycle to be named is a layering problem too). Imports inside a function
do not count for cycles: they are how an upper layer is reached at run time on purpose
(the library starting the process pool).
"""

from __future__ import annotations

import ast
from pathlib import Path

import healthlint

PACKAGE = Path(healthlint.__file__).parent
ROOT = "healthlint"


def _modules() -> dict[str, tuple[Path, bool]]:
    found: dict[str, tuple[Path, bool]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = [ROOT, *path.relative_to(PACKAGE).with_suffix("").parts]
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        found[".".join(parts)] = (path, is_package)
    return found


MODULES = _modules()


def _owner(name: str) -> str:
    """The longest known module that ``name`` (a module or a name in one) lives in."""
    while name not in MODULES:
        name = name.rpartition(".")[0]
    return name


class Import:
    """One imported thing: the module it comes from, the name taken from it (or None), where."""

    def __init__(self, module: str, name: str | None, *, line: int, top: bool) -> None:
        self.module = module
        self.name = name
        self.line = line
        self.top = top


def _imports(module: str) -> list[Import]:
    path, is_package = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if is_package else module.rpartition(".")[0]
    top_level = {id(n) for n in _top_statements(tree.body)}
    out: list[Import] = []
    for node in ast.walk(tree):
        top = id(node) in top_level
        if isinstance(node, ast.Import):
            out.extend(Import(a.name, None, line=node.lineno, top=top) for a in node.names if a.name.split(".")[0] == ROOT)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join(base) + (f".{node.module}" if node.module else "")
            else:
                source = node.module or ""
            if source.split(".")[0] != ROOT:
                continue
            for alias in node.names:
                full = f"{source}.{alias.name}"
                if full in MODULES:
                    out.append(Import(full, None, line=node.lineno, top=top))
                else:
                    out.append(Import(source, alias.name, line=node.lineno, top=top))
    return out


def _top_statements(body: list[ast.stmt]) -> list[ast.stmt]:
    """Import statements run when the module is imported (or read by a type checker)."""
    out: list[ast.stmt] = []
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            out.append(node)
        elif isinstance(node, ast.If):
            out.extend(_top_statements(node.body) + _top_statements(node.orelse))
        elif isinstance(node, ast.Try):
            out.extend(_top_statements(node.body) + _top_statements(node.orelse))
            for handler in node.handlers:
                out.extend(_top_statements(handler.body))
    return out


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module in MODULES:
        for imp in _imports(module):
            if imp.top:
                graph[module].add(_owner(imp.module))
        graph[module].discard(module)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_sees_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_holds_the_known_layers() -> None:
    graph = _graph()
    assert "healthlint.model" in graph["healthlint.rulespec"]
    assert "healthlint.model" in graph["healthlint.kinds.base"]
    assert "healthlint.diagnostic" in graph["healthlint.api"]


def test_no_import_cycle() -> None:
    graph = _graph()
    cycles = _cycles(graph)
    described = [" <-> ".join(c) + ": " + "; ".join(f"{m} -> {sorted(graph[m] & set(c))}" for m in c) for c in cycles]
    assert not cycles, "module-level import cycles:\n" + "\n".join(described)


def _private(part: str) -> bool:
    return part.startswith("_") and not part.startswith("__")


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_no_private_name_crosses_a_module() -> None:
    """``_name`` is its module's own; a ``_module`` is its package's own."""
    wrong: list[str] = []
    for module, (path, _) in MODULES.items():
        for imp in _imports(module):
            where = f"{path.relative_to(PACKAGE.parent)}:{imp.line}"
            if imp.name is not None and _private(imp.name):
                wrong.append(f"{where}: {imp.name} from {imp.module}")
            parts = imp.module.split(".")
            for i, part in enumerate(parts):
                if _private(part) and not _inside(module, ".".join(parts[:i])):
                    wrong.append(f"{where}: {imp.module} is private to {'.'.join(parts[:i])}")
                    break
        wrong.extend(_private_attributes(module, path))
    assert not wrong, "private names used outside their module:\n" + "\n".join(wrong)


def _private_attributes(module: str, path: Path) -> list[str]:
    """``mod._name`` where ``mod`` is a healthlint module imported under that name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bound: dict[str, str] = {}
    for imp in _imports(module):
        if imp.name is None and imp.module != module:
            bound[imp.module.rpartition(".")[2]] = imp.module
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound and _private(node.attr):
            out.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {node.value.id}.{node.attr}")
    return out


def test_kinds_rules_and_formatters_share_the_model() -> None:
    """The engine reaches rule information without going through an output format."""
    graph = _graph()
    for module in ("healthlint.ruleset", "healthlint.rulespec", "healthlint.engine"):
        assert not any(m.startswith("healthlint.formatters") for m in graph[module]), module
    for module in MODULES:
        if _inside(module, "healthlint.kinds"):
            assert not any(_inside(m, "healthlint.formatters") for m in graph[module]), module


def test_no_kind_imports_the_vale_layer() -> None:
    """A kind reads its dialect's primitives from below (``gofmt``, ``punkt``, ``kinds.vale_dialect``),
    never from ``healthlint.vale`` (configuration, walkers, runner), even inside a function."""
    wrong = [
        f"{module}:{imp.line}: {imp.module}"
        for module in MODULES
        if _inside(module, "healthlint.kinds")
        for imp in _imports(module)
        if _inside(_owner(imp.module), "healthlint.vale")
    ]
    assert not wrong, "kinds importing healthlint.vale:\n" + "\n".join(wrong)


def test_each_kind_has_one_check_for_both_dialects() -> None:
    """A kind that runs one of Vale's check types has no second engine: its ``compile`` takes the
    dialect, and the Vale runner calls the same ``check`` healthlint's engine calls."""
    import inspect

    from healthlint.plugins import load_kinds
    from healthlint.vale.project import VALE_TYPES

    kinds = load_kinds()
    assert VALE_TYPES <= set(kinds)
    for name in sorted(VALE_TYPES):
        kind = kinds[name]
        assert not [a for a in dir(kind) if a.startswith("vale_")], name
        assert "dialect" in inspect.signature(kind.compile).parameters, name
