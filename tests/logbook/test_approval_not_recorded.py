"""A week approved without a record of who approved it (weeks taken over from before, the demo's) is printed as
what is known: approved on its day, who approved it not recorded (a new user's trial: "Aprobado (firmado) en
vetdesk por el instructor de la empresa desconocido", "company instructor unknown")."""

from __future__ import annotations

from sqlalchemy import delete

from tests.logbook.conftest import World
from tests.logbook.test_approval_labels import _hand_in
from tests.reports.conftest import pdf_text
from vetdesk.reports.weekly_form import week_pdf
from vetdesk.services import logbook
from vetdesk.storage.models import AuditEntry


def test_a_week_approved_by_no_one_recorded_says_so(world: World) -> None:
    w = world
    week = _hand_in(w, 0)
    logbook.review(w.db, week, decision="approve", actor=w.me)
    with w.db.writer() as session, session.begin():  # as a week taken over: its approval's entry is not there
        session.execute(delete(AuditEntry).where(AuditEntry.kind == "logbook", AuditEntry.record_id == week))
    for lang, said in (("es", "Aprobado (firmado) el "), ("en", "Approved (countersigned) on "),
                       ("de", "Genehmigt (abgezeichnet) am "), ("pt", "Aprovado (visado) em ")):
        shown = " ".join(pdf_text(week_pdf(w.db, w.mine, w.week(0), lang=lang)).split())
        assert said in shown, (lang, shown)
        for wrong in ("unknown", "desconocido", "unbekannt", "desconhecido", "en vetdesk por", "in vetdesk by"):
            assert wrong not in shown, (lang, wrong, shown)
