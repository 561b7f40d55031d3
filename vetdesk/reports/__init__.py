"""Printed documents (PDF, reportlab platypus): learning agreements, progress reports, assessment forms
and completion certificates.

Builders take the plain dataclasses gathered by :mod:`vetdesk.services.documents` and a per-document
:class:`~vetdesk.i18n.Translator`; :mod:`vetdesk.reports.render` ties gathering, building and the atomic
file write together for the window and the command line.
"""
