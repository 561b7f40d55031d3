"""Issue 25's trial, items 5 and 7: who approved a week is said as it happened — the instructor, or the office
keying in the instructor's countersignature from paper — in ``logbook show``, ``show logbook`` and the progress
report; the progress report quotes the instructor's notes on the weeks (cut sensibly), its section in one size."""

from __future__ import annotations

import io

import pytest

from tests.logbook.conftest import OFFICER, World
from vetdesk.i18n import shown_day
from vetdesk.reports import render
from vetdesk.services import logbook, records, users

LONG = "Revisa el torque de cada tornillo y anota los valores medidos en la hoja de control. " * 6


def _hand_in(w: World, n: int) -> int:
    return logbook.write_week(w.db, agreement_id=w.mine, week=w.week(n),
                              values={"activities": f"Semana {n}: tornos", "hours": "36", "status": "submitted"}).id


def _weeks(w: World) -> tuple[int, int, int]:
    """Week 0 returned by the instructor with a note, corrected and countersigned by him; week 1 approved at the
    office from paper; week 2 commented on at length."""
    # Iván signs in with his own account (an instructor's role); Olga is an officer.
    users.create_user(w.db, username="ivan", password="a good password", role="instructor",
                      instructor_id=w.instructor)
    users.create_user(w.db, username="olga", password="a good password", role="officer")
    first, second, third = (_hand_in(w, n) for n in range(3))
    logbook.review(w.db, first, decision="return", note="Falta el horario de la semana.", actor=w.me)
    records.update(w.db, "logbook", first, {"activities": "Semana 0: tornos, de 8 a 16 h"}, actor=w.me)
    logbook.review(w.db, first, decision="approve", actor=w.me)
    logbook.review(w.db, second, decision="approve", actor=OFFICER)
    logbook.review(w.db, third, decision="comment", note=LONG, actor=w.me)
    return first, second, third


def test_who_approved_is_said_on_the_command_line(world: World, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = world
    monkeypatch.setenv("VETDESK_PASSWORD", "a good password")  # users exist: the command line signs in
    first, second, _third = _weeks(w)
    code, out, err = cli(w.db, "--user", "olga", "logbook", "show", str(w.mine))
    assert code == 0, err
    lines = out.splitlines()
    assert any(shown_day(w.week(0)) in line and "countersigned by the instructor" in line for line in lines), out
    assert any(shown_day(w.week(1)) in line and "approved at the office, from paper" in line for line in lines), out
    code, out, err = cli(w.db, "--user", "olga", "show", "logbook", str(second))
    assert code == 0 and ("Countersignature: Approved at the office by olga, from the instructor's countersignature "
                          "on paper.") in out, out
    code, out, err = cli(w.db, "--user", "olga", "show", "logbook", str(first))
    assert code == 0 and "Countersignature: Countersigned by the instructor (Ing. Iván Robles)." in out, out
    # The returned week's note stays with it once countersigned (item 6).
    assert "Falta el horario de la semana." in out


def test_the_progress_report_says_who_approved_and_quotes_the_notes_in_one_size(world: World) -> None:
    import pdfplumber

    w = world
    _weeks(w)
    pdf = render.progress_pdf(w.db, agreement_id=w.mine, lang="en")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        words = [word for page in doc.pages for word in page.extract_words(extra_attrs=["size", "fontname"])]
    text = " ".join(word["text"] for word in words)
    assert ("Countersigned by the instructor: 1; approved at the office from the instructor's countersignature on "
            "paper: 1.") in text
    assert "Falta el horario de la semana." in text
    # The long note: cut at a word, with an ellipsis, not the whole of it.
    assert LONG[:120].strip() in text and LONG.strip() not in text and "…" in text
    # The section, from its heading to its last line, in one size (its heading apart).
    start = next(i for i, word in enumerate(words) if word["text"] == "Weekly" and words[i + 1]["text"] == "reports"
                 and words[i + 3]["text"] == "attendance")
    end = next(i for i in range(start, len(words)) if words[i]["text"] == "period." and words[i - 1]["text"] == "this")
    body = words[start + 4:end + 1]  # "No attendance was recorded in this period." closes it
    assert len(body) > 60 and len({round(word["size"], 1) for word in body}) == 1, sorted(
        {(round(x["size"], 1), x["text"]) for x in body})[:20]


def test_an_approval_names_the_person_not_the_login_and_the_form_says_where_it_was_given(world: World) -> None:
    """Re-trial items 4 and 5: an officer with an account (login mgarcia) keys in a paper countersignature; the
    week, the command line's record and the printed form name her, say it was approved at the office from paper,
    and never that the instructor signed it in vetdesk. A blank form for paper says nothing of an approval."""
    from tests.reports.conftest import pdf_text
    from vetdesk.reports.weekly_form import week_pdf
    from vetdesk.services.uow import Actor

    w = world
    users.create_user(w.db, username="mgarcia", password="correct horse battery", role="officer",
                      full_name="María García Ruiz")
    first = _hand_in(w, 0)
    logbook.review(w.db, first, decision="approve", actor=Actor("mgarcia", "officer"))
    line = logbook.agreement_logbook(w.db, w.mine).lines[0]
    assert line.countersignature is not None and line.countersignature.who == "María García Ruiz"
    shown = " ".join(pdf_text(week_pdf(w.db, w.mine, w.week(0), lang="en")).split())
    assert "Approved at the office by María García Ruiz on" in shown, shown
    assert "mgarcia" not in shown and "Countersigned in vetdesk" not in shown
    blank = " ".join(pdf_text(week_pdf(w.db, w.mine, w.week(5), lang="en")).split())
    assert "Approved" not in blank and "Countersigned" not in blank and "countersigned" not in blank


@pytest.mark.parametrize("lang", ["es", "de"])
def test_a_blank_form_ticks_each_competency_beside_its_own_box(world: World, lang: str) -> None:
    """The trial's blank weekly form ran the competencies as justified text: a box stood apart from the
    competency it ticks. Each box now stands right before its code, on the same line."""
    import io

    import pdfplumber

    from tests.logbook.conftest import COMPETENCIES, add_catalogue
    from vetdesk.reports.weekly_form import week_pdf

    w = world
    add_catalogue(w)
    with pdfplumber.open(io.BytesIO(week_pdf(w.db, w.mine, w.week(5), lang=lang))) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    text = "".join(c["text"] for c in chars)
    for _area, code, _title in COMPETENCIES:
        at = text.index(code)  # the code's first character, and the box before it
        box = next(i for i in range(at - 1, at - 4, -1) if chars[i]["text"] == "☐")
        assert abs(chars[at]["top"] - chars[box]["top"]) < 2, code  # on the box's line
        assert chars[at]["x0"] - chars[box]["x1"] < 6, code  # right beside it, not stretched apart
