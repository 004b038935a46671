"""The package's layout shows the pipeline: no import circles, and no stage imports a later one.

Every import in gzcheck/ is read from the source (module level and inside functions), so an import
moved into a function to hide a circle is still seen; only imports for the type checker (under
``if TYPE_CHECKING:``), which never run, are left out.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "gzcheck"

# Stages in pipeline order; a module may import from its own stage or an earlier one.
STAGES = [
    ("base", ("gzcheck.version", "gzcheck.errors", "gzcheck.finding", "gzcheck.result", "gzcheck.normalize", "gzcheck.messages",
              "gzcheck.linear_regex", "gzcheck.examples", "gzcheck.logs", "gzcheck.visible", "gzcheck.media")),
    ("model", ("gzcheck.model",)),
    ("read", ("gzcheck.read",)),
    ("extract", ("gzcheck.extraction",)),
    ("inputs", ("gzcheck.inputs", "gzcheck.tables_file")),
    ("web", ("gzcheck.web",)),
    ("engine", ("gzcheck.engine", "gzcheck.testing")),
    ("report", ("gzcheck.report",)),
    ("check", ("gzcheck.settings", "gzcheck.core_plugin", "gzcheck.checker", "gzcheck.pairing", "gzcheck.pool",
               "gzcheck.dask_executor")),
    ("edges", ("gzcheck.batch", "gzcheck.cli", "gzcheck.commands", "gzcheck.server", "gzcheck.api")),
    ("package", ("gzcheck", "gzcheck.__main__")),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def stage_of(module: str) -> int:
    best = None
    for rank, (_, prefixes) in enumerate(STAGES):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                if best is None or len(prefix) > best[1]:
                    best = (rank, len(prefix))
    assert best is not None, f"{module} belongs to no stage: add it to STAGES in {__file__}"
    return best[0]


def imports_of(module: str) -> set[str]:
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):  # imports for the type checker only: emptied, never run
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        for name in names:
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def test_every_module_has_a_stage():
    for module in MODULES:
        stage_of(module)


def test_no_import_circle():
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                circle = stack[stack.index(target):] + [target]
                pytest.fail("import circle: " + " → ".join(circle))
            if target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)


def test_no_stage_imports_a_later_one():
    wrong = [f"{module} ({STAGES[stage_of(module)][0]}) imports {target} ({STAGES[stage_of(target)][0]})"
             for module, targets in GRAPH.items() for target in targets if stage_of(target) > stage_of(module)]
    assert not wrong, "\n".join(wrong)


def test_every_folder_says_what_lives_there():
    for init in PACKAGE.rglob("__init__.py"):
        tree = ast.parse(init.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{init} has no docstring saying what lives in its folder"
