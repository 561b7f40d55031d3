"""Trial 24b: the office's setting "Place of signing" said Ciudad de México, the agreement's place was left
empty, and the contract said "Firmado en Querétaro" and the courts of Querétaro (the company's city) while the
certificate said Ciudad de México. The contract now takes the office's place when the agreement has none; the
wizard's review shows the place that will print, and the agreement's form says it in the empty field."""

from __future__ import annotations

import re
from typing import Any

from tests.scenarios import test_agreement_wizard_plan as plan_scenario
from tests.scenarios.person import Person
from tests.scenarios.test_new_user_retrial import ahk_office, open_wizard, walk_to_terms
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.services.settings import save_office_settings
from vetdesk.ui.main_window import MainWindow


def _plain(rich: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", rich).replace("&nbsp;", " ").split())


def test_the_review_and_the_form_show_the_offices_place_of_signing(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    db = window.db
    ids: dict[str, Any] = ahk_office(db)
    records.update(db, "companies", ids["company"], {"address": "Av. 5 de Febrero 1510, 76130 Querétaro, Qro.",
                                                     "state": "Querétaro"}, accept_warnings=True)
    save_office_settings(db, {"chamber_place": "Ciudad de México"})
    person = Person(qtbot, window, f"doc24b-place-{language}")
    wizard = open_wizard(person)
    walk_to_terms(person, wizard, ids)
    plan_scenario._next(person, wizard)  # the terms, as proposed
    plan_scenario._next(person, wizard)  # the stipend and insurance, left for later
    review = wizard.review_page
    qtbot.waitUntil(lambda: wizard.currentPage() is review, timeout=5000)
    person.shot("review", wizard)
    summary = _plain(review.summary.text())
    assert f"{_('Place of signing')} Ciudad de México" in summary, summary
    assert "Querétaro" not in summary.split(_("Place of signing"))[-1], summary
    wizard.reject()

    from tests import factories as f

    agreement = f.make_agreement(db, company_id=ids["company"], school_id=ids["school"],
                                 programme_id=ids["programme"], place_of_signing=None)
    window.open_record("agreements", agreement)
    page = window.current_list()
    assert page is not None and page.form is not None
    qtbot.waitUntil(lambda: page.form.record_id == agreement, timeout=10000)
    line = person.find(_("Place of signing"), root=page.form)
    person.shot("form", page.form)
    assert line.text() == "" and "Ciudad de México" in line.placeholderText(), line.placeholderText()
