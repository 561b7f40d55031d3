"""Compare the packages installed in this interpreter with requirements/lock.txt.

    python tools/lockdiff.py [LOCK]

Prints one line per package that differs (missing, another version, not in the lock) and exits 1 when any
does; exits 0 and prints "matches" when the environment is exactly the lock (for this platform's markers).
pip itself (which comes with the virtual environment) and vetdesk (installed from the checkout) are not
compared. CI runs it after the README's install command; tools/check-latest runs it to show what moved.
"""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
NOT_COMPARED = {"pip", "vetdesk"}


def locked(path: Path) -> dict[str, str]:
    """name -> version of every package the lock installs on this platform."""
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip().rstrip("\\").strip()
        if not line or line.startswith(("#", "--")):
            continue
        req = Requirement(line)
        if req.marker is not None and not req.marker.evaluate():
            continue
        (spec,) = req.specifier
        pins[canonicalize_name(req.name)] = spec.version
    return pins


def installed() -> dict[str, str]:
    return {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}


def differences(lock: dict[str, str], have: dict[str, str]) -> list[str]:
    lines = []
    for name in sorted((lock.keys() | have.keys()) - NOT_COMPARED):
        want, got = lock.get(name), have.get(name)
        if want == got:
            continue
        if got is None:
            lines.append(f"{name}: locked {want}, not installed")
        elif want is None:
            lines.append(f"{name}: {got} installed, not in the lock")
        else:
            lines.append(f"{name}: locked {want}, installed {got}")
    return lines


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else ROOT / "requirements" / "lock.txt"
    lines = differences(locked(path), installed())
    for line in lines:
        print(line)
    if not lines:
        print(f"installed packages match {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 1 if lines else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
