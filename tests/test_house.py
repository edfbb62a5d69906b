"""The house (README, "Project layout"): each module sits on a floor, and imports only from its own
floor or below; no module imports itself back through others; the pure floor has no Django; no
module is longer than a reader can hold.

A module's floor follows from its name: `models` at the bottom of a room, `selectors` (reads)
above them, `services` (writes) above the reads, the lifecycle's engine above the writes, and the
surfaces (forms, views, API, admin, the demo) on top.
"""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
LONGEST = 400

# The floors, lowest first; a module is on the first floor one of whose patterns it matches.
# A pattern is a dotted module name; "*" stands for any one room.
FLOORS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "the Rules, pure",
        (
            "govit",
            "govit.limits",
            "govit.documents.sniff",
            "govit.documents.outline",
            "govit.papers.layout",
            "govit.similar.text",
            "govit.policy",
            "govit.policy.*",
            "govit.workflow",
            "govit.workflow.lifecycle",
            "govit.workflow.entries",
            "govit.workflow.lines",
            "govit.workflow.change",
            "govit.workflow.diagram",
            "govit.workflow.diagram.*",
        ),
    ),
    (
        "records",
        (
            "govit.clock",
            "govit.*.models",
            "govit.*.models.*",
            "govit.accounts.roles",
            "govit.accounts.validators",
            "govit.accounts.passwords",
            "govit.accounts.hashers",
            "govit.projects.errors",
            "govit.backup.errors",
            "govit.audit.chain",
            "govit.audit.context",
            "govit.*.migrations.*",
        ),
    ),
    (
        "reads",
        (
            "govit.*.selectors",
            "govit.access",
            "govit.accounts.backends",
            "govit.projects.policies",
            "govit.projects.chronology",
            "govit.projects.totals",
            "govit.projects.paging",
            "govit.projects.cursor",
            "govit.projects.intake",
            "govit.projects.snapshot",
            "govit.holidays.calendar",
            "govit.papers.compose",
            "govit.projects.workbook",
            "govit.projects.entering",
        ),
    ),
    (
        "writes",
        (
            "govit.*.services",
            "govit.projects.audit",
            "govit.projects.writes",
            "govit.similar.index",
            "govit.projects.secrecy",
            "govit.audit.receivers",
            "govit.audit.verify",
            "govit.construction.changes",
            "govit.accounts.demo",
            "govit.accounts.twofactor",
            "govit.backup.archive",
            "govit.backup.database",
        ),
    ),
    (
        "the lifecycle",
        (
            "govit.workflow.engine",
            "govit.workflow.guards",
            "govit.workflow.effects",
            "govit.workflow.inputs",
            "govit.projects.importing",
        ),
    ),
    (
        "surfaces",
        (
            "govit.*.apps",
            "govit.*.forms",
            "govit.*.panels",
            "govit.*.views",
            "govit.*.views.*",
            "govit.*.api",
            "govit.*.schemas",
            "govit.api.*",
            "govit.api.schemas.*",
            "govit.*.urls",
            "govit.urls",
            "govit.*.admin",
            "govit.*.templatetags.*",
            "govit.*.demo",
            "govit.projects.populate",
            "govit.projects.populate_rows",
            "govit.*.management.commands.*",
            "govit.front.*",
            "govit.audit.middleware",
            "govit.accounts.middleware",
            "govit.accounts.lockout",
            "govit.policy.cli",
            "govit.cli",
            "govit.__main__",
            "govit.settings",
            "govit.wsgi",
            "govit.asgi",
            "govit.*.management",
            "govit.*.management.commands",
            "govit.*.templatetags",
            "govit.documents.xlsx_stream",
            "govit.*.xlsx",
            "govit.documents.responses",
            "govit.papers.dossier",
            "govit.*.docx",
            "govit.documents.outline_docx",
            "govit.*.tasks",
            "govit.*",
            "govit.*",
        ),
    ),
)
PURE = FLOORS[0][1]


def _matches(module: str, pattern: str) -> bool:
    parts, want = module.split("."), pattern.split(".")
    return len(parts) == len(want) and all(w == "*" or w == p for p, w in zip(parts, want, strict=True))


def floor_of(module: str) -> int:
    """A module named outright sits where it is named; else on the lowest floor whose pattern fits."""
    for exact in (True, False):
        for number, (_, patterns) in enumerate(FLOORS):
            if any(("*" not in p) == exact and _matches(module, p) for p in patterns):
                return number
    raise AssertionError(f"{module} sits on no floor: add it to FLOORS")


def _modules() -> dict[str, Path]:
    found = {}
    for path in (SRC / "govit").rglob("*.py"):
        name = ".".join(path.relative_to(SRC).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _resolve(name: str) -> str | None:
    while name not in MODULES and "." in name:
        name = name.rpartition(".")[0]
    return name if name in MODULES else None


def _imports(path: Path) -> set[str]:
    """The govit modules `path` imports, at its top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                found.add(_resolve(f"{node.module}.{alias.name}"))
        elif isinstance(node, ast.Import):
            found.update(_resolve(alias.name) for alias in node.names)
    return {m for m in found if m and m.startswith("govit")}


GRAPH = {name: _imports(path) - {name} for name, path in MODULES.items() if ".migrations" not in name}


def test_every_module_sits_on_a_floor():
    for name in GRAPH:
        floor_of(name)


def test_no_module_imports_from_a_floor_above_its_own():
    upward = [
        f"{name} ({FLOORS[floor_of(name)][0]}) imports {target} ({FLOORS[floor_of(target)][0]})"
        for name, targets in sorted(GRAPH.items())
        for target in sorted(targets)
        if floor_of(target) > floor_of(name)
    ]
    assert not upward, "\n".join(upward)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components of more than one module."""
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
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circle():
    assert _cycles(GRAPH) == []


def test_the_cycle_finder_finds_a_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("name", sorted(n for n in GRAPH if floor_of(n) == 0))
def test_the_rules_floor_has_no_django(name):
    source = MODULES[name].read_text("utf-8")
    assert "import django" not in source and "from django" not in source


def test_no_module_is_longer_than_a_reader_can_hold():
    long = {
        name: count
        for name, path in MODULES.items()
        if ".migrations" not in name and (count := len(path.read_text("utf-8").splitlines())) > LONGEST
    }
    assert long == {}
