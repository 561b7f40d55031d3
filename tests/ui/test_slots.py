"""A button's ``clicked(bool)`` passed to a method whose first parameter means something else (a file path)
made the programme form's Import/Export competencies buttons crash with "expected str… not bool". Every
``clicked``/``triggered`` connection to a method of the widget itself must be to a method that takes no
positional parameter (or wrap it in a lambda)."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "vetdesk" / "ui"


def _misconnected() -> list[str]:
    found = []
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        methods: dict[str, list[ast.FunctionDef]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                methods.setdefault(node.name, []).append(node)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "connect" and node.args):
                continue
            signal, slot = node.func.value, node.args[0]
            if not (isinstance(signal, ast.Attribute) and signal.attr in ("clicked", "triggered")):
                continue
            if isinstance(slot, ast.Attribute) and isinstance(slot.value, ast.Name) and slot.value.id == "self":
                for method in methods.get(slot.attr, []):
                    if method.args.args[1:]:
                        found.append(f"{path.name}:{node.lineno} {signal.attr} -> {slot.attr}"
                                     f"({', '.join(a.arg for a in method.args.args[1:])})")
    return found


def test_no_button_hands_its_checked_flag_to_a_parameter_that_means_something_else() -> None:
    assert _misconnected() == []
