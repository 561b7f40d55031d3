"""requirements/lock.txt pins what pyproject.toml asks for: every dependency (extras included) once, inside
its range, with the hashes of its files; and tools/lockdiff.py says what differs from an environment."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements" / "lock.txt"


def _lockdiff():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("lockdiff", ROOT / "tools" / "lockdiff.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pins() -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes), whatever the markers say."""
    pins: dict[str, tuple[str, int]] = {}
    name = ""
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        text = line.strip().rstrip("\\").strip()
        if not text or text.startswith("#"):
            continue
        if text.startswith("--hash=sha256:"):
            version, hashes = pins[name]
            pins[name] = (version, hashes + 1)
            continue
        req = Requirement(text)
        name = canonicalize_name(req.name)
        (spec,) = req.specifier
        assert name not in pins or pins[name][0] == spec.version, f"{name} pinned twice"
        pins[name] = (spec.version, 0)
    return pins


def test_every_declared_dependency_is_locked_inside_its_range_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [Requirement(r) for r in project["dependencies"]]
    for extra in project["optional-dependencies"].values():
        declared += [Requirement(r) for r in extra]
    pins = _pins()
    for req in declared:
        name = canonicalize_name(req.name)
        assert name in pins, f"{req} is declared in pyproject.toml but not in the lock: run tools/refresh-lock"
        version, hashes = pins[name]
        assert req.specifier.contains(version, prereleases=True), f"the lock's {name} {version} is outside {req}"
    assert all(hashes >= 1 for _v, hashes in pins.values()), "every pin carries the hashes of its files"
    assert "pyinstaller" in pins and "pytest" in pins and "uv" in pins  # build, test and lock tools too


def test_lockdiff_names_what_differs() -> None:
    lockdiff = _lockdiff()
    lock = {"babel": "2.19.0", "sqlalchemy": "2.1.9", "pytest": "9.2.0"}
    have = {"babel": "2.18.0", "sqlalchemy": "2.1.9", "six": "1.16.0", "pip": "23.2.1", "vetdesk": "0.1.0"}
    assert lockdiff.differences(lock, have) == [
        "babel: locked 2.19.0, installed 2.18.0",
        "pytest: locked 9.2.0, not installed",
        "six: 1.16.0 installed, not in the lock",
    ]
    assert lockdiff.differences(lock, dict(lock)) == []
