"""The package's layout is its architecture (docs/architecture.md): each folder imports
only the folders before it in the pipeline, no module imports itself round a cycle, and
only the MkDocs plugin imports MkDocs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "generator"
# The pipeline, in order: a layer may import from the layers before it, never after.
LAYERS = [
    {"sources"},
    {"model"},
    {"media", "voting", "boards"},
    {"site", "project"},
    {"office", "printing"},
    {"build"},
    {"plugin", "cli"},
]


def modules() -> dict[str, Path]:
    """Dotted name (without `generator.`) -> file, for every module of the package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts:
            found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that `name` imports, wherever in the file the import stands."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            candidates = [target] + [f"{target}.{alias.name}" for alias in node.names]
            found.update(c for c in candidates if c in known)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator."):
            found.add(node.module.removeprefix("generator."))  # type: ignore[union-attr]
        elif isinstance(node, ast.Import):
            found.update(
                a.name.removeprefix("generator.")
                for a in node.names
                if a.name.startswith("generator.")
            )
    found.discard(name)
    return found


def layer_of(module: str) -> int:
    top = module.split(".")[0]
    for number, layer in enumerate(LAYERS):
        if top in layer:
            return number
    raise AssertionError(
        f"generator/{top} is in no layer: add it to LAYERS and to the architecture doc"
    )


def test_every_folder_imports_only_what_comes_before_it() -> None:
    found = modules()
    wrong = []
    for name, path in found.items():
        for target in imports_of(name, path, set(found)):
            same_folder = target.split(".")[0] == name.split(".")[0]
            if not same_folder and layer_of(target) >= layer_of(name):
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_no_import_cycles() -> None:
    found = modules()
    graph = {name: imports_of(name, path, set(found)) for name, path in found.items()}
    # A package imports its own modules only to re-export them; a module is not its package's.
    graph = {
        name: {t for t in targets if not name.startswith(f"{t}.")}
        for name, targets in graph.items()
    }
    cycles = []
    state: dict[str, int] = {}  # 1 on the stack, 2 done

    def visit(name: str, stack: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*stack[stack.index(target) :], target]))
            elif target not in state:
                visit(target, [*stack, target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_the_core_never_imports_mkdocs() -> None:
    """Every module but the plugin, imported in a fresh interpreter: no mkdocs, no material."""
    core = sorted(f"generator.{name}" for name in modules() if name.split(".")[0] != "plugin")
    script = (
        "import importlib, sys\n"
        f"for name in {core!r}: importlib.import_module(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'mkdocs', 'material'}))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
    assert len(core) > 30  # the walk found the package


def test_the_plugin_is_the_one_that_does() -> None:
    """The check above would pass for a package that imports nothing: the plugin does import MkDocs."""
    run = subprocess.run(
        [sys.executable, "-c", "import sys, generator.plugin; print('mkdocs' in sys.modules)"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "True"
