"""The layers do not leak: nothing below vetdesk/ui imports Qt, and the domain rules import no SQL."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import vetdesk

ROOT = Path(vetdesk.__file__).parent


def _modules(package: str) -> list[str]:
    path = ROOT / package.replace("vetdesk.", "").replace(".", "/")
    return [f"{package}.{m.name}" for m in pkgutil.iter_modules([str(path)])]


def _imported_by(modules: list[str]) -> set[str]:
    """Every module loaded by importing ``modules`` in a fresh interpreter (no test plugin loaded)."""
    code = ("import importlib, json, sys\n"
            f"for m in {modules!r}: importlib.import_module(m)\n"
            "print(json.dumps(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT.parent)
    return set(json.loads(out.stdout))


def test_nothing_below_ui_imports_qt():
    below = (_modules("vetdesk.domain") + _modules("vetdesk.storage") + _modules("vetdesk.services")
             + _modules("vetdesk.reports") + ["vetdesk.cli", "vetdesk.i18n", "vetdesk.logs", "vetdesk.paths"])
    assert len(below) > 30
    loaded = _imported_by(below)
    assert "vetdesk.services.records" in loaded  # the check really imported the services
    assert not {m for m in loaded if m.startswith(("PySide6", "shiboken6"))}


def test_domain_rules_import_no_database_code():
    loaded = _imported_by(_modules("vetdesk.domain"))
    assert "vetdesk.domain.rules" in loaded
    assert not {m for m in loaded if m.startswith(("sqlalchemy", "alembic", "vetdesk.storage", "vetdesk.services"))}
