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
