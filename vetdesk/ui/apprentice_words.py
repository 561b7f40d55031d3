"""The window's words about an agreement's apprentice, by the recorded sex (H, M; neutral for X or unknown), as
the contract and the core's messages say them ("la aprendiz" of a woman): each wording translated with its own
context, so that a language whose words agree with the apprentice beyond "the apprentice" itself can say it."""

from __future__ import annotations

from vetdesk.domain.identifiers import by_sex
from vetdesk.i18n import pgettext


def signed_by(sex: str) -> str:
    """The name of the apprentice's "signed" tick in the signatures dialog."""
    return by_sex(sex, pgettext("apprentice, a woman", "Signed by the apprentice"),
                  pgettext("apprentice, a man", "Signed by the apprentice"),
                  pgettext("apprentice, non-binary or unknown", "Signed by the apprentice"))


def feedback_caption(sex: str) -> str:
    """What the feedback dialog asks for."""
    return by_sex(sex, pgettext("apprentice, a woman",
                                "Feedback for the apprentice (what went well, what to work on next):"),
                  pgettext("apprentice, a man", "Feedback for the apprentice (what went well, what to work on next):"),
                  pgettext("apprentice, non-binary or unknown",
                           "Feedback for the apprentice (what went well, what to work on next):"))


def feedback_tooltip(sex: str) -> str:
    """What the agreement's *Write feedback…* button does."""
    return by_sex(sex, pgettext("apprentice, a woman",
                                "A note that guides the apprentice's learning (kept apart from the assessments)"),
                  pgettext("apprentice, a man",
                           "A note that guides the apprentice's learning (kept apart from the assessments)"),
                  pgettext("apprentice, non-binary or unknown",
                           "A note that guides the apprentice's learning (kept apart from the assessments)"))


def starts_training(sex: str) -> str:
    """What the *Start the agreement* dialog asks the date of."""
    return by_sex(sex, pgettext("apprentice, a woman", "The apprentice starts training in the company on:"),
                  pgettext("apprentice, a man", "The apprentice starts training in the company on:"),
                  pgettext("apprentice, non-binary or unknown", "The apprentice starts training in the company on:"))
