"""An exam paper with nothing in it is refused, not printed: a result letter while no part has a result ("these
are your results" above an empty table), an exam-day list while no one is registered ("0 candidates"); the
refusal says what to do and writes no file. The list's number column keeps its header whole ("Núm.", not
"Nú/m.")."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.exams.pipeline import make_exam, sit
from tests.factories import activate, make_agreement, make_programme
from vetdesk.services import records


def _text(path) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_a_result_letter_without_results_is_refused(db, cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    programme = make_programme(db)
    agreement = make_agreement(db, programme_id=programme)
    activate(db, agreement)
    exam = make_exam(db, programme, "part1", 200)
    records.create(db, "exam_registrations", {"exam_id": exam, "agreement_id": agreement})  # registered, no points
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "letter.pdf"
    code, _out, err = cli(db, "exam", "letter", str(agreement), "-o", str(out))
    assert code != 0 and not out.exists() and not list(out.parent.iterdir()), (code, err)
    assert "no exam result yet" in err and "Type the points" in err and "Traceback" not in err, err
    assert "exam.letter" not in err  # the user's words, not the rule's key

    records.update(db, "exam_registrations", records.list_records(db, "exam_registrations")[0]["id"],
                   {"written": "70", "practical": "80"})
    code, _out, err = cli(db, "exam", "letter", str(agreement), "-o", str(out), "--lang", "es")
    assert code == 0, err
    assert "estos son sus resultados" in _text(out) and "aprobado" in _text(out)


def test_an_exam_day_list_without_candidates_is_refused_and_its_header_stays_whole(db, cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    programme = make_programme(db)
    exam = make_exam(db, programme, "part1", 200, name="Parte 1 junio")
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "day.pdf"
    code, _out, err = cli(db, "exam", "day", str(exam), "-o", str(out))
    assert code != 0 and not out.exists() and not list(out.parent.iterdir()), (code, err)
    assert "No apprentice is registered for the exam Parte 1 junio" in err and "Register" in err, err
    assert "Traceback" not in err

    agreement = make_agreement(db, programme_id=programme)
    activate(db, agreement)
    sit(db, exam, agreement, "70", "80")
    for lang, header, count in (("es", "Núm.", "1 candidato"), ("de", "Nr.", "1 Prüfling")):
        code, _out, err = cli(db, "exam", "day", str(exam), "-o", str(out), "--lang", lang)
        assert code == 0, err
        text = _text(out)
        assert count in text, text
        # the header row's first cell on one line, whole
        assert any(line.split()[:1] == [header] for line in text.splitlines()), (lang, text)
