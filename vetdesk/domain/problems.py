"""What a rule says when input is not right.

A :class:`Problem` names the field it is about and says, in the user's language, what is wrong and
what to do. Errors block saving; warnings are shown and may be accepted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from vetdesk.i18n import _, end_sentence


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    severity: Severity = Severity.ERROR
    #: A stable code for programs and tests (e.g. ``curp.checksum``); never shown to people.
    code: str = ""

    def __post_init__(self) -> None:
        # a name ending in a period before the sentence's own ("… S.A. de C.V..") is said with one
        object.__setattr__(self, "message", end_sentence(self.message))

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def describe(self) -> str:
        label = _("error") if self.is_error else _("warning")
        # A problem about the record as a whole names no field: no empty ": :" between.
        return f"{label}: {self.field}: {self.message}" if self.field else f"{label}: {self.message}"


def names_label_first(label: str, message: str) -> bool:
    """Whether ``message`` begins with its field's label ("Fecha de nacimiento: este dato es obligatorio"), so
    that whatever names the field beside it need not say the label again."""
    return bool(label) and (message.startswith(label + ":") or message.startswith(label + " "))


def with_label(label: str, message: str) -> str:
    """A message said beside its field's label ("Retired on: 3 is not a date…"), the label said once: a message
    that already begins with it ("Retired on: …", "Daily hours must be…") is said as it is. The one way the
    window's status bar, its lists of problems and the command line put the two together."""
    if not label or names_label_first(label, message):
        return message
    return _("{field}: {message}").format(field=label, message=message)


def error(field: str, message: str, code: str = "") -> Problem:
    return Problem(field, message, Severity.ERROR, code)


def warning(field: str, message: str, code: str = "") -> Problem:
    return Problem(field, message, Severity.WARNING, code)


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def warnings(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if not p.is_error]


class RuleViolation(Exception):
    """Raised by a service when input breaks a rule; nothing has been written."""

    def __init__(self, problems: Iterable[Problem], *, said: str | None = None):
        self.problems = list(problems)
        #: The refusal as a whole, worded once by the core where it has one wording wherever it is met (a draft
        #: refused going out for signature): the window and the command line say it instead of the problems.
        self.said = said
        super().__init__("; ".join(p.describe() for p in self.problems))

    @property
    def errors(self) -> list[Problem]:
        return errors(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return warnings(self.problems)


class WarningsNotAccepted(RuleViolation):
    """Only warnings stand in the way; the caller may repeat with ``accept_warnings=True``."""


def not_said_yet(said: Iterable[Problem], more: Iterable[Problem]) -> list[Problem]:
    """The problems of ``more`` that ``said`` does not say already, when two rules are asked of one record (its
    own rules, then the contract printing would refuse): the same sentence is said once, and a field the first
    refused is not refused again in other words (a minor without a guardian: "the guardian's name is required",
    not a second bullet "Guardian's name" saying the contract names the guardian)."""
    said = list(said)
    sentences = {(p.field, p.message) for p in said}
    refused = {p.field for p in said if p.is_error and p.field}
    return [p for p in more if (p.field, p.message) not in sentences and not (p.is_error and p.field in refused)]
