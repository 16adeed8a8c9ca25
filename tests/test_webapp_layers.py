"""The web app's layers import without cycles: each module alone in a fresh interpreter, and the
import graph of ``webapp/`` (and between ``indexer.ask`` and ``indexer.search``) is acyclic."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
WEBAPP_MODULES = sorted(f"webapp.{p.stem}" for p in (REPO / "webapp").glob("*.py")
                        if p.stem != "__init__")


def runtime_imports(path: Path, package: str) -> set[str]:
    """The ``package`` modules a file imports when it runs (anywhere in it, functions included;
    ``if TYPE_CHECKING:`` blocks left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for child in node.body for n in ast.walk(child))
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found.update(n for n in names if n.startswith(package + ".")
                     and (REPO / (n.replace(".", "/") + ".py")).exists())
    return found


def cycle_in(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph`` as a path of module names, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_webapp_import_graph_is_acyclic():
    graph = {m: runtime_imports(REPO / (m.replace(".", "/") + ".py"), "webapp")
             for m in WEBAPP_MODULES}
    assert cycle_in(graph) is None, cycle_in(graph)
    assert "webapp.app" not in set().union(*graph.values()), "only the factory imports blueprints"


def test_ask_and_search_do_not_import_each_other_both_ways():
    ask = runtime_imports(REPO / "indexer/ask.py", "indexer")
    search = runtime_imports(REPO / "indexer/search.py", "indexer")
    assert not ("indexer.search" in ask and "indexer.ask" in search), (ask, search)


def test_cycle_finder_finds_a_cycle():
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle_in({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("module", WEBAPP_MODULES)
def test_each_webapp_module_imports_alone(module):
    """Imported first in a fresh interpreter, each module loads (no partial-module cycle)."""
    result = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
