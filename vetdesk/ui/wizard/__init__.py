"""The learning agreement wizard: apprentice → company → instructor → school → programme → terms → review.

The wizard gathers values and asks the services about them; it never checks a rule itself. Pickers list
records through :mod:`vetdesk.services.lookups` (the same search as the lists), the instructor page and
the review show the messages of ``records.validate(db, "agreements", …)``, and the agreement is saved as
a draft through ``Office.create``. A message on the review names the page where its field lives and
takes the officer there. For a minor, the guardian is recorded on the apprentice page
(``Office.update`` on the apprentice): until then the review shows the guardian error and nothing can be
saved.

The package by job: :mod:`.page` (the page ids, the messages about a page's fields, what a page asks of the
wizard), :mod:`.widgets` (the search list, the months box), a module per step — :mod:`.apprentice`,
:mod:`.parties`, :mod:`.terms`, :mod:`.review` — and :mod:`.agreement`, the wizard itself. The pages build their
fields from the form's editors (:mod:`vetdesk.ui.editors`) and take their proposals from the domain.
"""

from __future__ import annotations

from vetdesk.ui.wizard.agreement import AgreementWizard
from vetdesk.ui.wizard.apprentice import ApprenticePage, NewApprenticePage
from vetdesk.ui.wizard.page import (
    APPRENTICE,
    COMPANY,
    COVER,
    DONE,
    INSTRUCTOR,
    NEW_APPRENTICE,
    PROGRAMME,
    REVIEW,
    SCHOOL,
    TERMS,
    StepPage,
    error_colour,
    field_label,
    problem_text,
)
from vetdesk.ui.wizard.parties import CompanyPage, InstructorPage, ProgrammePage, SchoolPage
from vetdesk.ui.wizard.review import DonePage, ReviewPage
from vetdesk.ui.wizard.terms import CoverPage, TermsPage
from vetdesk.ui.wizard.widgets import ChoiceList

__all__ = [
    "APPRENTICE", "COMPANY", "COVER", "DONE", "INSTRUCTOR", "NEW_APPRENTICE", "PROGRAMME", "REVIEW", "SCHOOL",
    "TERMS", "AgreementWizard", "ApprenticePage", "ChoiceList", "CompanyPage", "CoverPage", "DonePage",
    "InstructorPage", "NewApprenticePage", "ProgrammePage", "ReviewPage", "SchoolPage",
    "StepPage", "TermsPage", "error_colour", "field_label", "problem_text",
]
