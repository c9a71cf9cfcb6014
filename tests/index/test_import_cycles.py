"""No import cycles among the `index` modules: each can be read (and imported) on its own.

Imports are read with `ast` from the source, wherever they are: at the top of a module, inside
a function (the usual way to hide a cycle) or under `if TYPE_CHECKING:`.
"""

from __future__ import annotations

import ast
from pathlib import Path

INDEX = Path(__file__).resolve().parents[2] / "index"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(INDEX.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(INDEX.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The `index` modules that `name` imports anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            # `from index import parse` imports the module index.parse. Like
            # `from index.search.compile import x`, it runs the package's `__init__` first only
            # as every submodule import does: that is no dependency on the package's names.
            submodules = {f"{target}.{alias.name}" for alias in node.names}
            found.update(submodules & known)
            if not submodules <= known:
                found.add(target)
    return {m for m in found if m in known and m != name}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected group of modules (Tarjan's algorithm)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        order[node] = low[node] = len(order)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in order:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], order[nxt])
        if low[node] == order[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in order:
            visit(node)
    return groups


def test_the_graph_is_read() -> None:
    graph = _graph()
    # The reading itself is checked on imports that exist: a top-level one, one inside a
    # function, and one in the `from package import module` form.
    assert "index.model" in graph["index.corpus"]
    assert "index.parse" in graph["index.corpus"]
    assert "index.search.searcher" in graph["index.search"]
    assert "index.textstore" in graph["index.model"]  # under TYPE_CHECKING


def test_a_cycle_is_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"} - {"e"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_no_index_module_imports_itself_back() -> None:
    assert _cycles(_graph()) == []
