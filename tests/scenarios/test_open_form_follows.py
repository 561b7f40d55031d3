"""An open rotation plan says which agreements name it as they are drawn up elsewhere (a trial's plan form said
"Version 1, named on no agreement yet." while a draft agreement, made meanwhile, named it)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests import factories as f
from tests.scenarios.person import Person
from vetdesk.i18n import _
from vetdesk.services import records


def test_an_open_plan_names_an_agreement_drawn_up_meanwhile(qtbot, window, language) -> None:  # type: ignore[no-untyped-def]
    db = window.db
    company, programme = f.make_company(db), f.make_programme(db)
    plan = f.make_plan(db, company_id=company, programme_id=programme, weeks=50)
    name = records.get(db, "rotation_plans", plan)["name"]
    person = Person(qtbot, window, f"open-plan-follows-{language}")
    person.nav(_("Rotation plans"))
    page = window.current_list()
    person.type(page.search.accessibleName(), name, page)
    person.key(Qt.Key.Key_Return, widget=page.search)
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == plan, timeout=10000)
    form = page.form
    assert form.usage.text() == _("Version {version}, named on no agreement yet.").format(version=1)
    # Another officer (or the command line) draws up an agreement with this plan while the form is open.
    agreement = f.make_agreement(db, company_id=company, programme_id=programme, rotation_plan_id=plan)
    reference = records.get(db, "agreements", agreement)["reference"]
    qtbot.waitUntil(lambda: reference in form.usage.text(), timeout=10000)
    assert form.usage.text() == _("Version {version}, named on agreements {refs}.").format(version=1, refs=reference)
    person.shot("named", form)
