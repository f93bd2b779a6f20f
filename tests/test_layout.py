"""The package shows the pipeline: a folder per stage, imports one way, planning pure and light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path


def test_planning_loads_neither_numpy_nor_typer():
    code = (
        "import sys\n"
        "import coach.plan.scheduler, coach.plan.joiner, coach.routine.builtin\n"
        "print(sorted(m for m in ('numpy', 'typer', 'soxr', 'av') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# Which stages each stage may import (besides the SHARED modules, which any may). Imports run one way; the README draws the same.
MAY_IMPORT = {
    "routine": set(),
    "plan": {"routine"},
    "audio": {"plan"},
    "speech": {"plan", "audio"},  # audio.level: loudness, to level every clip
    "export": {"plan"},
    "playback": {"plan"},
    "profile": {"routine", "plan", "audio", "speech", "export", "playback"},  # their names and limits
    "app": {"routine", "plan", "audio", "speech", "export", "playback", "profile"},
    "web": {"routine", "plan", "speech", "export", "profile", "app"},  # the page: use-cases, and what they take
    "cli": {"routine", "plan", "audio", "speech", "export", "playback", "profile", "app", "web"},
}
SHARED = {"coach", "coach.errors", "coach.atomic", "coach.regular", "coach.home", "coach.units", "coach.progress",
          "coach.stopping"}  # "coach": its __version__
ENTRY_POINTS = {"coach.__main__", "coach.cli"}
PACKAGE = Path(__file__).resolve().parents[1] / "coach"


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The coach modules that ``name`` imports, anywhere in it (lazy imports too)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name in modules}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("coach"):
            out |= {f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module for a in node.names}
    return out - {name}


def _stage(name: str) -> str:
    return name.split(".")[1] if name.count(".") else name


def test_every_folder_is_a_stage_and_imports_run_one_way():
    modules = _modules()
    stages = {_stage(m) for m in modules if m.count(".") and (PACKAGE / _stage(m)).is_dir()}
    assert stages == set(MAY_IMPORT)
    loose = {m for m in modules if m.count(".") == 1 and not (PACKAGE / _stage(m)).is_dir()}
    assert loose == SHARED - {"coach"} | {"coach.__main__"}
    wrong = sorted(
        f"{name} imports {target}"
        for name, path in modules.items()
        for target in _imports(name, path, modules)
        if target not in SHARED and _stage(target) != _stage(name)
        and _stage(target) not in MAY_IMPORT.get(_stage(name), {"cli"})
    )
    assert wrong == []


def test_no_module_is_there_only_for_tests_or_benchmarks():
    modules = _modules()
    used = {target for name, path in modules.items() for target in _imports(name, path, modules)}
    parents = {m.rsplit(".", 1)[0] for m in modules if "." in m}
    unused = set(modules) - used - parents - ENTRY_POINTS
    assert unused == set()


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_import_graph_has_no_cycles():
    """Modules and packages alike (a package is its __init__), lazy imports counted."""
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []
