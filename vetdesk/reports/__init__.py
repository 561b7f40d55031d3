"""Printed documents (PDF, reportlab platypus): learning agreements, progress reports, assessment forms
and completion certificates.

Builders take the plain dataclasses gathered by :mod:`vetdesk.services.documents` and a per-document
:class:`~vetdesk.i18n.Translator`; :mod:`vetdesk.reports.render` ties gathering, building and the atomic
file write together for the window and the command line.
"""

from reportlab import rl_config as _rl_config

# Set before reportlab.graphics loads (its shapes read the flag once): reportlab checks every attribute given to
# a chart's shapes and widgets against its declared type, which its documentation says to switch off in
# production; the charts are built by this package's code, not from an officer's input.
_rl_config.shapeChecking = 0


def _paragraph_patterns_when_used() -> None:
    """Load reportlab's paragraph module with its regular expressions compiled when first used.

    When it loads, that module compiles a pattern for splitting long links across lines, with case-insensitive
    ranges of all Unicode (≈40 ms of CPU, a tenth of a one-shot ``vetdesk print agreement``), which only a
    paragraph styled with ``uriWasteReduce`` uses — none of vetdesk's. Its patterns are handed to it as stand-ins
    that compile on their first use; nothing else is touched (only the module's own calls get stand-ins).
    """
    import re
    import sys

    if "reportlab.platypus.paragraph" in sys.modules:
        return
    compile_now = re.compile

    class WhenUsed:
        def __init__(self, pattern: str, flags: int) -> None:
            self._args = (pattern, flags)
            self._compiled: re.Pattern[str] | None = None

        def __getattr__(self, name: str) -> object:
            if self._compiled is None:
                self._compiled = compile_now(*self._args)
            return getattr(self._compiled, name)

    def compile_later(pattern: str, flags: int = 0) -> object:
        if sys._getframe(1).f_globals.get("__name__") == "reportlab.platypus.paragraph":
            return WhenUsed(pattern, flags)
        return compile_now(pattern, flags)

    re.compile = compile_later  # type: ignore[assignment]
    try:
        import reportlab.platypus.paragraph  # noqa: F401
    finally:
        re.compile = compile_now


_paragraph_patterns_when_used()
