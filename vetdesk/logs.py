"""Logging to the user's log folder, with personal data kept out.

CURPs, RFCs, NSS numbers and e-mail addresses are masked by a filter on every handler, whatever a
message or a traceback contains; the code itself never logs names or addresses.
"""

from __future__ import annotations

import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

from vetdesk.paths import user_log_dir

_PATTERNS = [
    (re.compile(r"\b[A-Z][AEIOUX][A-Z]{2}\d{6}[HMX][A-Z]{5}[0-9A-Z]\d\b", re.IGNORECASE), "[CURP]"),
    (re.compile(r"\b[A-Z&Ñ]{3,4}\d{6}[A-Z0-9]{3}\b", re.IGNORECASE), "[RFC]"),
    (re.compile(r"\b\d{11}\b"), "[NSS]"),
    (re.compile(r"\b[^@\s'\"]+@[^@\s'\"]+\.[A-Za-z]{2,}\b"), "[EMAIL]"),
]


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


_LINE_BREAKS = re.compile(r"\s*\n\s*")


def one_line(text: str) -> str:
    """A message on one line (a migration's docstring, a message quoting a multi-line text): its line breaks, and
    the indentation around them, become single spaces; nothing trails."""
    return _LINE_BREAKS.sub(" ", text).strip()


class RedactingFormatter(logging.Formatter):
    """Formats as usual, each event's message on one line (a traceback follows on its own lines), then masks
    personal identifiers in the whole text (tracebacks included)."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        return one_line(super().formatMessage(record))

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def log_path(log_dir: Path | None = None) -> Path:
    return (log_dir or user_log_dir()) / "vetdesk.log"


def configure(log_dir: Path | None = None, level: int = logging.INFO) -> Path:
    """Send vetdesk's log to ``vetdesk.log`` in the user's log folder (rotated); return its path. A folder
    that cannot be written leaves logging as it was (the work itself must not fail for a log)."""
    path = log_path(log_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return path
    root = logging.getLogger()
    if not any(isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == path for h in root.handlers):
        try:
            handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
        except OSError:
            return path
        handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    return path
