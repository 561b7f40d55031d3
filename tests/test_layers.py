"""The layers do not leak. Every import in the tree is read from its syntax tree — at module level, inside
functions and under ``TYPE_CHECKING`` alike, and imports made by name (``importlib.import_module("…")``, relative
with its package too, ``__import__("…")``, ``pkgutil.resolve_name("…:…")``; the name a string, strings joined
with ``+``, or an f-string's constant prefix such as ``f"vetdesk.commands.{name}"``) — and checked against
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
import re
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
    # The command line too: it opens, migrates and restores the database through the services.
    "commands": {"domain", "services", "reports", "ui", "i18n", "paths", "logs", "vetdesk"},
    "__main__": {"commands"},
    # The benchmark starts the window as the command does (vetdesk.ui.launch), not through the command line.
    "bench": {"domain", "storage", "services", "reports", "ui", "i18n", "paths", "logs", "quick_formats", "vetdesk"},
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
                target = _named_module(node, name, path)
                if target:
                    yield Import(name, _resolve(target, known, package), node.lineno)


#: The functions that import a module named by a string: ``importlib.import_module``, ``__import__`` (also as
#: ``builtins.__import__``) and ``pkgutil.resolve_name`` (``"module:object"`` or ``"module.object"``).
IMPORTS_BY_NAME = ("import_module", "__import__", "resolve_name")


def _imports_by_name(func: ast.expr) -> bool:
    """A call of one of :data:`IMPORTS_BY_NAME`, by its own name or as an attribute (``importlib.…``)."""
    if isinstance(func, ast.Attribute):
        return func.attr in IMPORTS_BY_NAME
    return isinstance(func, ast.Name) and func.id in IMPORTS_BY_NAME


def _named_module(call: ast.Call, module: str, path: Path) -> str | None:
    """The module an import by name loads, as far as its arguments are constant: the name (a string, strings
    joined with ``+``, an f-string's constant start), made absolute when it is relative (``import_module(".x",
    "vetdesk")``, ``import_module(".x", __package__)``, ``__import__("x", globals(), None, [], 1)``); a
    ``resolve_name`` name up to its colon. None when nothing of it is constant."""
    func = call.func
    called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    text, whole = _constant_text(call.args[0])
    if called == "resolve_name":
        if ":" in text:
            text, whole = text.split(":", 1)[0], True
    if not whole:  # a constant start: up to its last dot ("vetdesk.commands.{x}" -> vetdesk.commands)
        text = text.rsplit(".", 1)[0] if "." in text.rstrip(".") else text
    here = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    if called == "import_module" and text.startswith("."):
        anchor = call.args[1] if len(call.args) > 1 else next(
            (k.value for k in call.keywords if k.arg == "package"), None)
        base = _constant_text(anchor)[0] if isinstance(anchor, (ast.Constant, ast.JoinedStr, ast.BinOp)) \
            else ".".join(here) if isinstance(anchor, ast.Name) and anchor.id in ("__package__", "__name__") \
            else ""
        level = len(text) - len(text.lstrip("."))
        parts = base.split(".") if base else []
        return ".".join(parts[:len(parts) - (level - 1)] + [text.lstrip(".")]).rstrip(".") if parts else None
    if called == "__import__":
        level_node = call.args[4] if len(call.args) > 4 else next(
            (k.value for k in call.keywords if k.arg == "level"), None)
        level = level_node.value if isinstance(level_node, ast.Constant) and isinstance(level_node.value, int) else 0
        if level > 0:
            return ".".join(here[:len(here) - (level - 1)] + ([text] if text else []))
    return text or None


def _constant_text(arg: ast.expr | None) -> tuple[str, bool]:
    """The constant start of a string expression and whether that is all of it: a string; strings joined with
    ``+`` (``"vetdesk." + "ui.forms"``), as far as they are constant; an f-string up to its first placeholder."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value, True
    if isinstance(arg, ast.JoinedStr):
        text = ""
        for value in arg.values:
            if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
                return text, False
            text += value.value
        return text, True
    if isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Add):
        left, whole = _constant_text(arg.left)
        if not whole:
            return left, False
        right, whole = _constant_text(arg.right)
        return left + right, whole
    return "", False


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
    (tree / "services" / "joined.py").write_text(  # each form of a constant name given to an import by name
        "import builtins, importlib, pkgutil\n"
        "def run(x):\n"
        "    importlib.import_module('.commands', 'vetdesk')\n"
        "    importlib.import_module('vetdesk.' + 'ui.forms')\n"
        "    importlib.import_module('PySide6' + '.QtWidgets')\n"
        "    __import__('ui', globals(), None, [], 2)\n"
        "    builtins.__import__('shiboken6')\n"
        "    pkgutil.resolve_name('vetdesk.commands:main')\n"
        "    pkgutil.resolve_name('PySide6.QtCore.Qt')\n"
        "    importlib.import_module('..ui', package=__package__)\n"
        "    importlib.import_module('vetdesk.' + 'ui.' + x)\n"
        "    importlib.import_module(x + 'vetdesk.ui')\n"
        "    importlib.import_module('vetdesk.' + 'domain')\n",
        encoding="utf-8")
    (tree / "storage").mkdir()
    (tree / "storage" / "__init__.py").write_text("", encoding="utf-8")
    (tree / "storage" / "engine.py").write_text("def connect(location):\n    pass\n", encoding="utf-8")
    (tree / "commands" / "db.py").write_text(  # the command line opens the database through the services
        "def run(args):\n    from vetdesk.storage.engine import connect\n", encoding="utf-8")
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
    assert "vetdesk.commands.db:2 imports vetdesk.storage.engine: commands may not import storage" in wrong
    joined = [w for w in wrong if w.startswith("vetdesk.services.joined:")]
    assert joined == [
        "vetdesk.services.joined:3 imports vetdesk.commands: services may not import commands",  # relative, package
        "vetdesk.services.joined:4 imports vetdesk.ui: services may not import ui",  # "vetdesk." + "ui.forms"
        "vetdesk.services.joined:5 imports PySide6: services may not import PySide6",  # "PySide6" + ".QtWidgets"
        "vetdesk.services.joined:6 imports vetdesk.ui: services may not import ui",  # __import__, level 2
        "vetdesk.services.joined:7 imports shiboken6: services may not import shiboken6",  # builtins.__import__
        "vetdesk.services.joined:8 imports vetdesk.commands: services may not import commands",  # resolve_name
        "vetdesk.services.joined:9 imports PySide6: services may not import PySide6",
        "vetdesk.services.joined:10 imports vetdesk.ui: services may not import ui",  # package=__package__
        "vetdesk.services.joined:11 imports vetdesk.ui: services may not import ui",  # a constant start
    ], wrong  # line 12 starts with a variable (nothing constant to judge); line 13 goes down: allowed
    assert len(wrong) == 9 + len(joined)  # ui importing services is the right direction
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


# -- one write path: the window and the command line write through the Office ---------------------------------

#: The service function every write of the core opens (one labelled, audited transaction).
UNIT_OF_WORK = ("vetdesk.services.uow", "unit_of_work")
#: Writing functions the window and the command line may call themselves, each with its reason: they come before
#: there is an office to work on (opening the database, signing in records the sign-in), or they write beside the
#: database rather than in it (a backup file, the server's login roles).
WRITES_BEFORE_AN_OFFICE = {
    ("vetdesk.services.session", "open_database"): "opens (and migrates) the database the office is made of",
    ("vetdesk.services.session", "resolve_actor"): "signs in the command line's --user",
    ("vetdesk.services.users", "authenticate"): "the window's sign-in, before there is a signed-in user",
    ("vetdesk.services.session", "upgrade_database"): "`vetdesk db` migrates the schema, before any office",
    ("vetdesk.services.session", "open_as_is"): "signs in whoever restores a database that may not open as an "
                                                "office (not migrated: perhaps the damaged one being replaced)",
    ("vetdesk.services.backup", "backup_database"): "writes a copy of the database to a backup file; the "
                                                    "database itself is only read",
    ("vetdesk.services.backup", "auto_backup"): "the window's backup on closing: a copy file, as above",
}


@dataclass
class _Module:
    """What one module's names stand for: top-level functions, and names bound by imports anywhere in it."""

    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef]
    modules: dict[str, str]  # local name -> vetdesk module
    names: dict[str, tuple[str, str]]  # local name -> (vetdesk module, name in it)


def _module_names(name: str, path: Path, tree: ast.Module, known: dict[str, Path], package: str) -> _Module:
    functions = {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    modules_: dict[str, str] = {}
    names: dict[str, tuple[str, str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:  # "import a.b.c" binds a; "import a.b.c as d" binds d to a.b.c
                bound = alias.name if alias.asname else alias.name.split(".")[0]
                if bound in known:
                    modules_[alias.asname or bound] = bound
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                here = here[:len(here) - (node.level - 1)]
                base = ".".join(here + ([base] if base else []))
            if not base.startswith(package):
                continue
            for alias in node.names:
                local = alias.asname or alias.name
                if f"{base}.{alias.name}" in known:
                    modules_[local] = f"{base}.{alias.name}"
                elif base in known:
                    names[local] = (base, alias.name)
    return _Module(functions, modules_, names)


def _references(node: ast.AST, here: str, names: _Module,
                shadowed: frozenset[str] = frozenset()) -> Iterator[tuple[str, str, int]]:
    """(module, name, line) of every vetdesk function ``node`` names: ``f``, ``module.f``, ``package.module.f``
    (a parameter or local variable of the same name is not the function)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        args = node.args
        own = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg) if a}
        own |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        shadowed = shadowed | own
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in shadowed:
        if node.id in names.names:
            yield (*names.names[node.id], node.lineno)
        elif node.id in names.functions:
            yield here, node.id, node.lineno
    elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
        dotted = _dotted(node.value)
        head, _dot, rest = (dotted or "").partition(".")
        if head in names.modules and head not in shadowed:
            yield ".".join([names.modules[head]] + ([rest] if rest else [])), node.attr, node.lineno
            return
    for child in ast.iter_child_nodes(node):
        yield from _references(child, here, names, shadowed)


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else None
    return None


def _parsed(root: Path) -> dict[str, tuple[Path, ast.Module, _Module]]:
    known = modules(root)
    out = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        out[name] = (path, tree, _module_names(name, path, tree, known, root.name))
    return out


def writing_functions(root: Path) -> set[tuple[str, str]]:
    """The services' functions that write: those that open a unit of work or write by hand (:func:`raw_writes`),
    or name one that writes (followed through other services and through a package's re-exports)."""
    parsed = _parsed(root)
    package = root.name
    services = {m: v for m, v in parsed.items() if part(m) == "services" or m.startswith(f"{package}.services")}

    def real(module: str, name: str, seen: int = 0) -> tuple[str, str]:
        """Where a name really is defined (a package's ``from .write import run_import`` followed)."""
        entry = parsed.get(module)
        if entry is None or seen > 10 or name in entry[2].functions or name not in entry[2].names:
            return module, name
        return real(*entry[2].names[name], seen + 1)

    uses = {(m, f): {real(t, n) for t, n, _line in _references(node, m, names)}
            for m, (_p, _t, names) in services.items() for f, node in names.functions.items()}
    writers = {(UNIT_OF_WORK[0].replace("vetdesk", package, 1), UNIT_OF_WORK[1])}
    # A function writing by hand (its own transaction, raw SQL: :func:`raw_writes`) writes too, listed or not.
    writers |= {(module.replace("vetdesk", package, 1), name) for module, name in raw_writes(root) if "." not in name}
    grew = True
    while grew:
        found = {key for key, used in uses.items() if used & writers} - writers
        writers |= found
        grew = bool(found)
    return writers


def writes_around_the_office(root: Path) -> list[str]:
    """Every place in the window (``ui``), the command line (``commands``) or the documents (``reports``: what
    printing writes, its history entries and the certificates' signing key) that names a writing service
    function itself instead of calling the :class:`~vetdesk.services.office.Office`'s operation.

    What it does not see: a method called on an object (``PlainOffice(...).print_for_signature``: writes outside a
    unit of work are listed by :data:`RAW_WRITES` instead) and a name built at run time."""
    writers = writing_functions(root)
    parsed = _parsed(root)
    package = root.name
    allowed = {(m.replace("vetdesk", package, 1), f) for m, f in WRITES_BEFORE_AN_OFFICE}
    out = []
    for module, (_path, tree, names) in parsed.items():
        if part(module) not in ("ui", "commands", "reports"):
            continue
        for target, name, line in _references(tree, module, names):
            entry = parsed.get(target)
            while entry is not None and name in entry[2].names and name not in entry[2].functions:
                target, name = entry[2].names[name]  # a package's re-export
                entry = parsed.get(target)
            if (target, name) in writers and (target, name) not in allowed:
                out.append(f"{module}:{line} calls {target}.{name} (write through the Office)")
    return sorted(set(out))


def test_the_window_and_the_command_line_write_through_the_office() -> None:
    writers = writing_functions(ROOT)
    # The reader really followed the services: direct writers, writers through another service, re-exports.
    assert {("vetdesk.services.records", "create"), ("vetdesk.services.logbook", "review"),
            ("vetdesk.services.exams", "register"), ("vetdesk.services.importing.write", "run_import"),
            ("vetdesk.services.documents", "record_printings"), ("vetdesk.services.signing", "sign")} <= writers
    assert ("vetdesk.services.records", "get") not in writers
    assert set(WRITES_BEFORE_AN_OFFICE) <= writers  # each exception still stands for a write
    assert writes_around_the_office(ROOT) == []


def test_the_write_path_checker_sees_a_write_around_the_office(tmp_path: Path) -> None:
    """A deliberately wrong tree: the window writes through a service directly — imported in a function, through
    a helper service, through a package's re-export — and the command line passes a writer along uncalled."""
    tree = tmp_path / "vetdesk"
    for folder in ("", "services", "services/importing", "ui", "commands", "reports"):
        (tree / folder).mkdir(exist_ok=True)
        (tree / folder / "__init__.py").write_text("", encoding="utf-8")
    (tree / "services" / "uow.py").write_text("def unit_of_work(db, label):\n    pass\n", encoding="utf-8")
    (tree / "services" / "records.py").write_text(
        "from vetdesk.services.uow import unit_of_work\n"
        "def create(db, kind, values):\n    with unit_of_work(db, 'Create'):\n        pass\n"
        "def get(db, kind, id):\n    return {}\n", encoding="utf-8")
    (tree / "services" / "helper.py").write_text(
        "from . import records\ndef save(db):\n    return records.create(db, 'x', {})\n", encoding="utf-8")
    (tree / "services" / "importing" / "write.py").write_text(
        "from vetdesk.services import helper\ndef run_import(db):\n    helper.save(db)\n", encoding="utf-8")
    (tree / "services" / "importing" / "__init__.py").write_text(
        "from vetdesk.services.importing.write import run_import\n", encoding="utf-8")
    (tree / "services" / "office.py").write_text(
        "class Office:\n    def create(self, kind, values):\n        from vetdesk.services import records\n"
        "        return records.create(self, kind, values)\n", encoding="utf-8")
    (tree / "ui" / "form.py").write_text(
        "def save(db):\n    from vetdesk.services import records\n    records.get(db, 'x', 1)\n"
        "    return records.create(db, 'x', {})\n"
        "def ok(office):\n    return office.create('x', {})\n", encoding="utf-8")
    (tree / "ui" / "wizard.py").write_text(
        "from vetdesk.services.helper import save as keep\nimport vetdesk.services.importing\n"
        "def finish(db):\n    keep(db)\n    vetdesk.services.importing.run_import(db)\n", encoding="utf-8")
    (tree / "commands" / "run.py").write_text(
        "from vetdesk.services import importing\ndef run(db, later):\n    later(importing.run_import)\n",
        encoding="utf-8")
    (tree / "reports" / "render.py").write_text(
        "from vetdesk.services import helper\ndef pdf(db):\n    helper.save(db)\n    return db.create('x', {})\n",
        encoding="utf-8")

    assert writes_around_the_office(tree) == [
        "vetdesk.commands.run:3 calls vetdesk.services.importing.write.run_import (write through the Office)",
        "vetdesk.reports.render:3 calls vetdesk.services.helper.save (write through the Office)",
        "vetdesk.ui.form:4 calls vetdesk.services.records.create (write through the Office)",
        "vetdesk.ui.wizard:4 calls vetdesk.services.helper.save (write through the Office)",
        "vetdesk.ui.wizard:5 calls vetdesk.services.importing.write.run_import (write through the Office)",
    ]


# -- kinds are objects, not strings ---------------------------------------------------------------------------

def _kind_expression(node: ast.expr) -> bool:
    """``kind``, ``kind_name``, ``self.kind`` or ``k.name``: a record kind being handled (not an audit row's)."""
    if isinstance(node, ast.Name):
        return node.id in ("kind", "kind_name")
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return (node.attr == "kind" and node.value.id != "AuditEntry") or (node.attr == "name" and node.value.id == "k")
    return False


def _kind_names(node: ast.expr, kinds: set[str]) -> bool:
    if isinstance(node, ast.Constant):
        return node.value in kinds
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_kind_names(e, kinds) for e in node.elts)
    return False


def kind_name_branches(root: Path, kinds: set[str]) -> list[str]:
    """Where the services ask which record kind they handle by its name (``k.name == "positions"``,
    ``kind in ("agreements", …)``) instead of reading what the kind says of itself (``services.kinds.RecordKind``)."""
    out = []
    for name, path in modules(root).items():
        if part(name) != "services":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Compare):
                sides = [node.left, *node.comparators]
                if any(_kind_expression(s) for s in sides) and any(_kind_names(s, kinds) for s in sides):
                    out.append(f"{name}:{node.lineno} {ast.unparse(node)}")
    return out


def test_the_services_do_not_branch_on_a_kind_s_name(tmp_path: Path) -> None:
    from vetdesk.services.kinds import KINDS

    assert kind_name_branches(ROOT, set(KINDS)) == []
    # What the checker sees: a deliberately wrong service.
    (tmp_path / "vetdesk" / "services").mkdir(parents=True)
    for folder in ("vetdesk", "vetdesk/services"):
        (tmp_path / folder / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "vetdesk" / "services" / "wrong.py").write_text(
        "def f(k, kind, AuditEntry, field):\n"
        "    if k.name == 'positions' or kind in ('agreements', 'apprentices'):\n        pass\n"
        "    return AuditEntry.kind == 'agreements', field == 'positions', kind == 'text'\n", encoding="utf-8")
    assert kind_name_branches(tmp_path / "vetdesk", {"positions", "agreements", "apprentices"}) == [
        "vetdesk.services.wrong:2 k.name == 'positions'",
        "vetdesk.services.wrong:2 kind in ('agreements', 'apprentices')",
    ]


# -- writes that do not go through a unit of work ------------------------------------------------------------

#: The functions that write to the database without :func:`vetdesk.services.uow.unit_of_work` (a transaction of
#: their own, raw SQL, a file copied page by page), each with its reason; a method is named ``Class.method``.
#: Every other write is a unit of work: audited, one transaction, announced. A new raw write anywhere — in a
#: module listed here too — fails :func:`test_writes_outside_a_unit_of_work_are_the_known_ones`, and a call to it
#: from the window or the command line fails the write-path test (it counts as a write, see
#: :func:`writing_functions`).
RAW_WRITES = {
    ("vetdesk.services.uow", "unit_of_work"): "the unit of work itself commits its session",
    ("vetdesk.services.users", "_password_matches"): "the PostgreSQL sign-in asks the server's password function "
                                                     "(reads in a transaction of its own)",
    ("vetdesk.services.pgroles", "setup_roles"): "sets up the PostgreSQL server's login roles (server "
                                                  "administration, not records)",
    ("vetdesk.services.backup", "_sqlite_copy"): "a backup copies the SQLite file page by page (sqlite3 backup)",
    ("vetdesk.services.backup", "_copy_rows"): "a restore copies a whole database table by table",
    ("vetdesk.services.backup", "restore_database"): "a restore copies the rebuilt SQLite file over the "
                                                     "database's (sqlite3 backup)",
    ("vetdesk.services.plain_office", "PlainOffice.print_for_signature"): (
        "a reprint's history entry, written as the unit of work writes it (the one-shot print command's fast "
        "path, tests/reports/test_print_plain.py)"),
    ("vetdesk.storage.migrate", "upgrade"): "migrations",
    ("vetdesk.storage.migrate", "backup_before_upgrade"): "the copy kept before a migration (sqlite3 backup)",
    ("vetdesk.storage.migrations.env", "run_migrations_online"): "migrations",
}
_TRANSACTION_HOLDERS = ("engine", "session", "conn", "connection", "writes")
_RAW_SQL = re.compile(r"\b(INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\S+\s+SET)\b", re.IGNORECASE)
#: SQLAlchemy's statements that write (``insert(t)``, ``sa.delete(t)``, ``update as sql_update``).
_CORE_WRITES = ("insert", "update", "delete")
#: DB-API calls that write whatever they are given (a whole file, many rows, a script).
_BULK_WRITES = ("backup", "executemany", "executescript")


def _scopes(tree: ast.Module) -> Iterator[tuple[str, ast.AST]]:
    """(name, node) of every top-level function and every method (``Class.method``), and ``<module>`` for the
    module's own statements; a function nested in another counts as the outer one."""
    yield "<module>", ast.Module(body=[n for n in tree.body if not isinstance(
        n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))], type_ignores=[])
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    yield f"{node.name}.{item.name}", item


def _core_write_names(tree: ast.Module) -> set[str]:
    """The local names SQLAlchemy's insert/update/delete are bound to in a module."""
    return {alias.asname or alias.name for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlalchemy"
            for alias in node.names if alias.name in _CORE_WRITES}


def _raw_write_lines(scope: ast.AST, core_writes: set[str]) -> list[int]:
    """Where ``scope`` writes by hand: a transaction begun or committed on an engine, session or connection; a
    string holding an INSERT/UPDATE/DELETE statement; a bulk DB-API write; or a connection it opens itself
    (``engine.connect()``, ``sqlite3.connect``, ``raw_connection()``) beside a SQLAlchemy insert/update/delete."""
    hits: list[int] = []
    opened: list[int] = []
    core = False
    for node in ast.walk(scope):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            holder = (_dotted(node.func.value) or "").rsplit(".", 1)[-1].lower()
            if node.func.attr in ("begin", "commit") and any(word in holder for word in _TRANSACTION_HOLDERS):
                hits.append(node.lineno)
            elif node.func.attr in _BULK_WRITES:
                hits.append(node.lineno)
            elif node.func.attr == "raw_connection" or (
                    node.func.attr == "connect" and ("engine" in holder or holder in ("sqlite3", "psycopg"))):
                opened.append(node.lineno)
            elif node.func.attr in _CORE_WRITES and holder in ("sa", "sqlalchemy"):
                core = True
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in core_writes:
            core = True
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _RAW_SQL.search(node.value):
            hits.append(node.lineno)
    return sorted(set(hits + (opened if core else [])))


def raw_writes(root: Path) -> dict[tuple[str, str], list[int]]:
    """(module, function) -> lines where it writes outside a unit of work (:func:`_raw_write_lines`; migrations'
    revision files left out)."""
    out: dict[tuple[str, str], list[int]] = {}
    for module, path in modules(root).items():
        if ".migrations.versions." in module:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        core_writes = _core_write_names(tree)
        for name, scope in _scopes(tree):
            lines = _raw_write_lines(scope, core_writes)
            if lines:
                out[(module.replace(root.name, "vetdesk", 1), name)] = lines
    return out


def test_writes_outside_a_unit_of_work_are_the_known_ones() -> None:
    found = raw_writes(ROOT)
    assert sorted(found) == sorted(RAW_WRITES), {m: found.get(m) for m in set(found) ^ set(RAW_WRITES)}
    assert all(reason.strip() for reason in RAW_WRITES.values())


def test_the_raw_write_finder_sees_a_hand_made_transaction(tmp_path: Path) -> None:
    tree = tmp_path / "vetdesk"
    (tree / "ui").mkdir(parents=True)
    for folder in ("", "ui"):
        (tree / folder / "__init__.py").write_text("", encoding="utf-8")
    (tree / "ui" / "form.py").write_text(
        "def save(db, out):\n    out.commit()\n    with db.engine.begin() as conn:\n"
        "        conn.exec_driver_sql('update companies set name = 1')\n", encoding="utf-8")
    assert raw_writes(tree) == {("vetdesk.ui.form", "save"): [3, 4]}


def test_a_raw_write_in_a_listed_module_called_from_the_window_is_caught(tmp_path: Path) -> None:
    """Issue 20's trial: a function added to ``services/users.py`` (a module with a known raw write) that deletes
    the audit trail on a transaction of its own, called from ``ui/forms.py``, passed every layer test. Now it is
    a raw write nobody listed, and a write the window makes around the Office; so are the other hand-made
    writes: a connection opened beside a SQLAlchemy delete, a session committed outside a unit of work."""
    tree = tmp_path / "vetdesk"
    for folder in ("", "services", "ui"):
        (tree / folder).mkdir(exist_ok=True)
        (tree / folder / "__init__.py").write_text("", encoding="utf-8")
    (tree / "services" / "uow.py").write_text("def unit_of_work(db, label):\n    pass\n", encoding="utf-8")
    (tree / "services" / "users.py").write_text(
        "from sqlalchemy import delete, text\n"
        "def _password_matches(db):\n    with db.engine.begin() as conn:\n"
        "        return conn.execute(text('SELECT 1'))\n"
        "def purge_audit(db):\n    with db.engine.begin() as conn:\n"
        "        conn.execute(text('DELETE FROM audit_entries'))\n"
        "def forget(db, AuditEntry):\n    with db.engine.connect() as conn:\n"
        "        conn.execute(delete(AuditEntry))\n"
        "def tidy(db):\n    session = db.session()\n    session.query(1).delete()\n    session.commit()\n"
        "def count(db):\n    with db.engine.connect() as conn:\n        return conn.execute(text('SELECT 1'))\n",
        encoding="utf-8")
    (tree / "ui" / "forms.py").write_text(
        "from vetdesk.services import users\ndef clean(db):\n    users.purge_audit(db)\n    users.count(db)\n",
        encoding="utf-8")

    assert raw_writes(tree) == {("vetdesk.services.users", "_password_matches"): [3],
                                ("vetdesk.services.users", "purge_audit"): [6, 7],
                                ("vetdesk.services.users", "forget"): [9],
                                ("vetdesk.services.users", "tidy"): [14]}
    assert set(raw_writes(tree)) - set(RAW_WRITES) == {("vetdesk.services.users", "purge_audit"),
                                                       ("vetdesk.services.users", "forget"),
                                                       ("vetdesk.services.users", "tidy")}
    assert writes_around_the_office(tree) == [
        "vetdesk.ui.forms:3 calls vetdesk.services.users.purge_audit (write through the Office)"]
