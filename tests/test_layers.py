"""The layers do not leak. Every import in the tree is read from its syntax tree — at module level, inside
functions and under ``TYPE_CHECKING`` alike, and imports made by name (``importlib.import_module("…")``,
``__import__("…")``, an f-string's constant prefix such as ``f"vetdesk.commands.{name}"``) — and checked against
the house's order:

    paths, quick_formats < i18n < domain < storage < services < reports < ui < commands

Nothing below ``ui`` imports Qt or ``ui``; nothing but ``vetdesk.__main__`` imports ``commands``; the domain
imports no database code; ``ui`` imports no database driver or SQLAlchemy (it reaches the database through the
services only); and no module imports itself back through others (no cycle). A second test loads the modules
below ``ui`` in a fresh interpreter and checks what that loads. A name built wholly at run time (a variable)
cannot be read from the tree: below ``ui`` the only one is the domain's python-stdnum module of a country, from a
table of ``stdnum.*`` names.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import vetdesk

ROOT = Path(vetdesk.__file__).parent

#: What each part of vetdesk may import of vetdesk (its own part always). Third-party rules are below.
ALLOWED: dict[str, set[str]] = {
    "paths": set(),
    "quick_formats": set(),
    "i18n": {"paths", "quick_formats"},
    "logs": {"paths"},
    "i18n_tools": {"i18n", "paths"},
    "domain": {"i18n", "paths"},
    "storage": {"domain", "i18n", "paths"},
    "services": {"domain", "storage", "i18n", "paths", "logs", "quick_formats"},
    "reports": {"domain", "services", "i18n", "paths"},
    # The window reaches the database through the services' Office only.
    "ui": {"domain", "services", "reports", "i18n", "paths", "logs", "quick_formats", "vetdesk"},
    "commands": {"domain", "storage", "services", "reports", "ui", "i18n", "paths", "logs", "vetdesk"},
    "__main__": {"commands"},
    "bench": {"domain", "storage", "services", "reports", "ui", "commands", "i18n", "paths", "logs",
              "quick_formats", "vetdesk"},
}
#: Third-party packages a part may not import.
FORBIDDEN_PACKAGES: dict[str, set[str]] = {
    part: {"PySide6", "shiboken6"} for part in ALLOWED if part not in ("ui", "bench", "commands", "__main__")
}
FORBIDDEN_PACKAGES["domain"] |= {"sqlalchemy", "alembic", "psycopg", "reportlab", "openpyxl"}
# The command line's parsed arguments stay in commands/ (and the window's start): the core takes plain values.
for _part in ("domain", "storage", "services", "reports"):
    FORBIDDEN_PACKAGES[_part] |= {"argparse"}
# The window reads and writes through the services: no SQL, no driver, no migration of its own.
FORBIDDEN_PACKAGES["ui"] = {"sqlalchemy", "sqlite3", "alembic", "psycopg"}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. vetdesk.services.records
    target: str  # what it imports: a vetdesk module, or a third-party top-level package
    line: int

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.target}"


def modules(root: Path) -> dict[str, Path]:
    """Every module of the package at ``root``, by dotted name."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(root: Path) -> Iterator[Import]:
    """Every import statement under ``root``, wherever it stands, resolved to the module it loads."""
    known = modules(root)
    package = root.name
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield Import(name, _resolve(alias.name, known, package), node.lineno)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                    here = here[:len(here) - (node.level - 1)]
                    base = ".".join(here + ([base] if base else []))
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    yield Import(name, _resolve(full if full in known else base, known, package), node.lineno)
            elif isinstance(node, ast.Call) and _imports_by_name(node.func) and node.args:
                target = _constant_prefix(node.args[0])
                if target:
                    yield Import(name, _resolve(target, known, package), node.lineno)


def _imports_by_name(func: ast.expr) -> bool:
    """``importlib.import_module(…)``, ``import_module(…)`` or ``__import__(…)``."""
    if isinstance(func, ast.Attribute):
        return func.attr == "import_module"
    return isinstance(func, ast.Name) and func.id in ("import_module", "__import__")


def _constant_prefix(arg: ast.expr) -> str | None:
    """The module a name given to an import by name starts with: the string, or an f-string's constant start
    up to its last dot (``f"vetdesk.commands.{x}"`` -> ``vetdesk.commands``); None when nothing is constant."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value
    if isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
        head = str(arg.values[0].value)
        return head.rsplit(".", 1)[0] if "." in head else (head or None)
    return None


def _resolve(target: str, known: dict[str, Path], package: str) -> str:
    if not target.startswith(package):
        return target.split(".")[0]
    while target not in known and "." in target:
        target = target.rsplit(".", 1)[0]
    return target


def part(module: str) -> str:
    """The layer a module belongs to: vetdesk.services.records -> services; vetdesk -> vetdesk."""
    bits = module.split(".")
    return bits[1] if len(bits) > 1 else bits[0]


def wrong_direction(found: list[Import], package: str = "vetdesk") -> list[str]:
    out = []
    for imp in found:
        here = part(imp.module)
        if imp.target.startswith(package):
            there = part(imp.target)
            if there != here and there not in ALLOWED.get(here, set()):
                out.append(f"{imp}: {here} may not import {there}")
        elif imp.target in FORBIDDEN_PACKAGES.get(here, set()):
            out.append(f"{imp}: {here} may not import {imp.target}")
    return out


def cycles(found: list[Import], package: str = "vetdesk") -> list[list[str]]:
    """Groups of modules that import each other, directly or through others (Tarjan's algorithm)."""
    graph: dict[str, set[str]] = {}
    for imp in found:
        if imp.target.startswith(package) and imp.target != imp.module:
            graph.setdefault(imp.module, set()).add(imp.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
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
        if node not in index:
            visit(node)
    return groups


def test_every_import_goes_down_the_layers() -> None:
    found = list(imports(ROOT))
    assert len(found) > 500  # the reader really saw the tree, functions included
    assert any(i.module == "vetdesk.services.kinds" and i.target == "vetdesk.domain.rules" for i in found)
    assert wrong_direction(found) == []


def test_nothing_imports_itself_back() -> None:
    assert cycles(list(imports(ROOT))) == []


def test_the_checker_sees_a_wrong_import_wherever_it_stands(tmp_path: Path) -> None:
    """A deliberately wrong tree: the imports hide in a function, under TYPE_CHECKING, and go relative."""
    tree = tmp_path / "vetdesk"
    for folder in ("", "services", "ui", "commands", "domain"):
        (tree / folder).mkdir(exist_ok=True)
        (tree / folder / "__init__.py").write_text("", encoding="utf-8")
    (tree / "services" / "late.py").write_text(
        "def show():\n    from PySide6.QtWidgets import QMessageBox\n    return QMessageBox\n", encoding="utf-8")
    (tree / "services" / "upward.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..ui import window\n"
        "def run():\n    import vetdesk.commands\n", encoding="utf-8")
    (tree / "ui" / "window.py").write_text("from vetdesk.services import late\n", encoding="utf-8")
    (tree / "services" / "by_name.py").write_text(
        "import importlib\ndef run(name):\n    importlib.import_module('PySide6.QtGui')\n"
        "    __import__('vetdesk.ui')\n    return importlib.import_module(f'vetdesk.commands.{name}')\n",
        encoding="utf-8")
    (tree / "ui" / "sql.py").write_text("def rows():\n    import sqlite3\n    from sqlalchemy import text\n",
                                        encoding="utf-8")
    (tree / "domain" / "a.py").write_text("def f():\n    from vetdesk.domain import b\n", encoding="utf-8")
    (tree / "domain" / "b.py").write_text("from . import a\n", encoding="utf-8")

    found = list(imports(tree))
    wrong = wrong_direction(found)
    assert "vetdesk.services.late:2 imports PySide6: services may not import PySide6" in wrong
    assert "vetdesk.services.upward:3 imports vetdesk.ui.window: services may not import ui" in wrong
    assert "vetdesk.services.upward:5 imports vetdesk.commands: services may not import commands" in wrong
    assert "vetdesk.services.by_name:3 imports PySide6: services may not import PySide6" in wrong
    assert "vetdesk.services.by_name:4 imports vetdesk.ui: services may not import ui" in wrong
    assert "vetdesk.services.by_name:5 imports vetdesk.commands: services may not import commands" in wrong
    assert "vetdesk.ui.sql:2 imports sqlite3: ui may not import sqlite3" in wrong
    assert "vetdesk.ui.sql:3 imports sqlalchemy: ui may not import sqlalchemy" in wrong
    assert len(wrong) == 8  # ui importing services is the right direction
    assert cycles(found) == [["vetdesk.domain.a", "vetdesk.domain.b"]]


def _loaded_by(names: list[str]) -> set[str]:
    """Every module loaded by importing ``names`` in a fresh interpreter (no test plugin loaded)."""
    code = ("import importlib, json, sys\n"
            f"for m in {names!r}: importlib.import_module(m)\n"
            "print(json.dumps(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT.parent)
    return set(json.loads(out.stdout))


def test_loading_everything_below_ui_loads_no_qt() -> None:
    below = [m for m in modules(ROOT) if part(m) in ("domain", "storage", "services", "reports")
             and not m.startswith("vetdesk.storage.migrations")]  # Alembic's scripts run when loaded
    below += ["vetdesk.i18n", "vetdesk.logs", "vetdesk.paths"]
    assert len(below) > 30
    loaded = _loaded_by(below)
    assert "vetdesk.services.records" in loaded  # the check really imported the services
    assert not {m for m in loaded if m.startswith(("PySide6", "shiboken6", "vetdesk.ui", "vetdesk.commands"))}


def test_domain_rules_load_no_database_code() -> None:
    loaded = _loaded_by([m for m in modules(ROOT) if part(m) == "domain"])
    assert "vetdesk.domain.rules" in loaded
    assert not {m for m in loaded if m.startswith(("sqlalchemy", "alembic", "vetdesk.storage", "vetdesk.services"))}
