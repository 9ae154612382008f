"""The import graph of ``bot/`` and ``rules/``: no circle, and ``rules/`` never imports ``bot/``.

Every ``import`` of a module counts, at the top or inside a function (a lazy
import hides a circle from Python, not from a reader); imports under
``if TYPE_CHECKING:`` do not.
"""

from __future__ import annotations

import ast
from pathlib import Path

from support import ROOT

PACKAGES = {"wikilint.bot": ROOT / "bot", "wikilint.rules": ROOT / "rules"}


def module_files() -> dict[str, Path]:
    modules = {}
    for package, folder in PACKAGES.items():
        for path in folder.rglob("*.py"):
            parts = path.relative_to(folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join((package, *parts))] = path
    return modules


def _type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(test)


def imported_names(tree: ast.AST, module: str, is_package: bool,
                   modules: set[str]) -> set[str]:
    """The modules ``tree`` imports: ``from a import b`` counts ``a.b`` when it is a
    module (importing ``a`` first is what any submodule's import does), else ``a``."""
    names: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if _type_checking(node):
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                names.add(submodule if submodule in modules else base)
        stack.extend(ast.iter_child_nodes(node))
    return names


def import_graph() -> dict[str, set[str]]:
    files = module_files()
    graph = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text("utf-8"), str(path))
        names = imported_names(tree, module, path.name == "__init__.py", set(files))
        graph[module] = {name for name in names if name in files and name != module}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_is_read() -> None:
    graph = import_graph()
    assert "wikilint.bot.commandline" in graph["wikilint.bot.commands.check"]
    assert "wikilint.bot.emitters.base" in graph["wikilint.bot.emitters.text"]
    assert "wikilint.rules.finding" in graph["wikilint.rules.rule"]


def test_circles_are_found() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle() -> None:
    found = circles(import_graph())
    assert not found, "import circles: " + "; ".join(" <-> ".join(c) for c in found)


def test_rules_never_import_bot() -> None:
    graph = import_graph()
    wrong = sorted(f"{module} imports {target}" for module, targets in graph.items()
                   if module.startswith("wikilint.rules") for target in targets
                   if target.startswith("wikilint.bot"))
    assert not wrong, wrong


def test_the_command_line_floor_imports_no_command() -> None:
    graph = import_graph()
    assert not {t for t in graph["wikilint.bot.commandline"] if ".cli" in t or "commands" in t}
    importers = {m for m, targets in graph.items() if "wikilint.bot.cli" in targets}
    assert importers <= {"wikilint.bot.__main__"}, importers
