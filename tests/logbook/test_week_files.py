"""Files attached to a weekly report (issue 25): what a file may be is decided by its content (hostile files refused,
naming the file, nothing written), names are stored safely, the limits hold, and the week's rules and the role's
scope apply (an instructor only to their apprentices' weeks, a viewer reads, a countersigned week's files stay)."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import date

import pytest
from PIL import Image
from sqlalchemy import func, select

from tests.logbook.conftest import OFFICER, VIEWER, World
from vetdesk.domain import week_files as W
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import records, week_files
from vetdesk.storage.models import AuditEntry, WeekAttachment


def png(width: int = 40, height: int = 30, color: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "PNG")
    return out.getvalue()


def jpeg(width: int = 64, height: int = 48) -> bytes:
    out = io.BytesIO()
    Image.effect_noise((width, height), 60).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


def webp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "blue").save(out, "WEBP")
    return out.getvalue()


def pdf() -> bytes:
    return (b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> "
            b"endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n")


def bomb_png(width: int = 30000, height: int = 30000) -> bytes:
    """A tiny PNG whose header claims 900 million pixels (a decompression bomb): only the header is real."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + \
        chunk(b"IEND", b"")


def week_of(w: World, n: int = 1, *, agreement: int | None = None, status: str = "draft") -> int:
    return records.create(w.db, "logbook", {"agreement_id": agreement or w.mine, "week_start": w.week(n),
                                            "activities": "Torneado de piezas", "status": status},
                          accept_warnings=True).id


def refusal(call) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as caught:
        call()
    return " ".join(p.message for p in caught.value.problems)


def stored(w: World) -> int:
    """The files attached (a removed file's row stays, for undo: not counted)."""
    with w.db.reader() as session:
        return int(session.scalar(select(func.count(WeekAttachment.id))
                                  .where(WeekAttachment.removed_at.is_(None))) or 0)


# -- the domain's rule: the content decides -------------------------------------------------------------------

@pytest.mark.parametrize(("make", "kind"), [(png, W.PNG), (jpeg, W.JPEG), (webp, W.WEBP), (pdf, W.PDF)])
def test_accepted_kinds_are_told_by_their_content(make, kind) -> None:  # type: ignore[no-untyped-def]
    found, problems = W.check_file("pieza", make())
    assert problems == [] and found is not None
    assert found.media_type == kind and found.filename == "pieza" + W.KINDS[kind][0]


def test_hostile_files_are_refused_naming_the_file() -> None:
    cases = {
        "renamed.png": b"MZ\x90\x00 this is a windows program" * 10,
        "cut.png": png(400, 300)[:200],
        "cut.jpg": jpeg(300, 200)[:-600],
        "cut.pdf": pdf()[:-8],
        "empty.png": b"",
        "bomb.png": bomb_png(),
        "notes.txt": b"just text",
    }
    codes = {}
    for name, content in cases.items():
        found, problems = W.check_file(name, content)
        assert found is None and len(problems) == 1, name
        assert name in problems[0].message, problems[0].message
        codes[name] = problems[0].code
    assert codes == {"renamed.png": "week_file.type", "cut.png": "week_file.damaged", "cut.jpg": "week_file.damaged",
                     "cut.pdf": "week_file.damaged", "empty.png": "week_file.empty", "bomb.png": "week_file.pixels",
                     "notes.txt": "week_file.type"}
    assert "is not a PNG file" in W.check_file("renamed.png", cases["renamed.png"])[1][0].message
    big = b"%PDF-1.4\n" + b"0" * W.MAX_BYTES + b"%%EOF"
    assert W.check_file("plano.pdf", big)[1][0].code == "week_file.size"


@pytest.mark.parametrize(("given", "kept"), [
    ("../../x.png", "x.png"),
    ("C:\\Users\\ana\\Desktop\\pieza 1.png", "pieza 1.png"),
    ("evil\x00name\x1b[31m.png", "evilname[31m.png"),
    ("line\nbreak.png", "line break.png"),
    ("...", "attachment.png"),
    ("", "attachment.png"),
    ("CON.png", "CON_.png"),
    ("COM1.txt.png", "COM1_.txt.png"),  # a device name with any extension is the device on Windows (fix25l)
    ("lpt9 .tar.png", "lpt9_.tar.png"),
    ("console.png", "console.png"),
    ("a:b*c?.png", "a_b_c_.png"),
])
def test_names_are_stored_as_plain_file_names(given: str, kept: str) -> None:
    assert W.safe_name(given, W.PNG) == kept


def test_a_300_character_name_keeps_its_beginning_and_extension() -> None:
    name = W.safe_name("á" * 300 + ".png", W.PNG)
    assert len(name) == W.MAX_NAME and name.endswith("á.png")


# -- the core's operations --------------------------------------------------------------------------------------

def test_files_are_added_listed_read_and_removed_each_audited(world: World) -> None:
    w = world
    week = week_of(w)
    photo, drawing = png(), pdf()
    done = week_files.add_files(w.db.as_user(OFFICER), week, [("../fotos/pieza.png", photo), ("plano.pdf", drawing)])
    assert [f.filename for f in done.files] == ["pieza.png", "plano.pdf"]
    assert done.changes.records == {"logbook": frozenset({week})}
    listed = week_files.list_files(w.db.as_user(VIEWER), week)  # a viewer reads
    assert [(f.filename, f.media_type, f.size, f.added_by) for f in listed] == [
        ("pieza.png", W.PNG, len(photo), "olga"), ("plano.pdf", W.PDF, len(drawing), "olga")]
    shown, content = week_files.read_file(w.db.as_user(VIEWER), listed[0].id)
    assert content == photo and shown.sha256 == W.hashlib.sha256(photo).hexdigest()
    week_files.remove_file(w.db.as_user(OFFICER), listed[0].id)
    assert [f.filename for f in week_files.list_files(w.db, week)] == ["plano.pdf"]
    with w.db.reader() as session:
        actions = list(session.execute(select(AuditEntry.action, AuditEntry.username).where(
            AuditEntry.kind == "logbook", AuditEntry.record_id == week, AuditEntry.action.in_(["attach", "detach"]))
            .order_by(AuditEntry.id)))
    assert [tuple(a) for a in actions] == [("attach", "olga"), ("attach", "olga"), ("detach", "olga")]


def test_one_bad_file_among_several_writes_nothing(world: World) -> None:
    w = world
    week = week_of(w)
    message = refusal(lambda: week_files.add_files(w.db, week, [("ok.png", png()), ("cut.png", png(200, 200)[:90])]))
    assert "cut.png" in message and "ok.png" not in message
    assert stored(w) == 0


def test_limits_a_duplicate_and_the_count(world: World) -> None:
    w = world
    week = week_of(w)
    week_files.add_files(w.db, week, [("a.png", png(color="red"))])
    assert "already, as a.png" in refusal(lambda: week_files.add_files(w.db, week, [("b.png", png(color="red"))]))
    colours = [f"#{i * 20:02x}0a0a" for i in range(1, W.MAX_FILES)]
    week_files.add_files(w.db, week, [(f"{i}.png", png(color=c)) for i, c in enumerate(colours)])
    assert stored(w) == W.MAX_FILES
    assert f"at most {W.MAX_FILES} files" in refusal(lambda: week_files.add_files(w.db, week, [("x.pdf", pdf())]))
    assert stored(w) == W.MAX_FILES


def test_too_many_files_at_once_say_how_many_fit(world: World) -> None:
    """fix25l: 11 files at once to an empty week said "this one has 0. Remove one first"."""
    w = world
    week = week_of(w)
    many = [(f"{i}.png", png(color=f"#{i * 20:02x}0a0a")) for i in range(1, W.MAX_FILES + 2)]
    message = refusal(lambda: week_files.add_files(w.db, week, many))
    assert f"{W.MAX_FILES + 1} were chosen" in message and f"at most {W.MAX_FILES} at once" in message, message
    assert "Remove one" not in message and stored(w) == 0
    week_files.add_files(w.db, week, many[:8])
    message = refusal(lambda: week_files.add_files(w.db, week, many[8:]))
    assert "this one has 8, so it has room for 2 more and 3 were chosen" in message, message


def test_a_countersigned_weeks_files_stay_as_approved(world: World) -> None:
    w = world
    week = week_of(w, status="submitted")
    week_files.add_files(w.db, week, [("a.png", png())])
    w.db.as_user(w.me).review_week(week, decision="approve")
    assert "countersigned" in refusal(lambda: week_files.add_files(w.db, week, [("b.pdf", pdf())]))
    (kept,) = week_files.list_files(w.db, week)
    assert "countersigned" in refusal(lambda: week_files.remove_file(w.db, kept.id))
    assert stored(w) == 1


def test_an_instructor_works_only_on_their_apprentices_weeks(world: World) -> None:
    w = world
    mine, theirs = week_of(w), week_of(w, agreement=w.other)
    me = w.db.as_user(w.me)
    week_files.add_files(me, mine, [("mine.png", png())])
    (their_file,) = week_files.add_files(w.db, theirs, [("theirs.png", png(color="blue"))]).files
    # the other instructor's week and file do not exist for me: the same words as a number never used
    assert refusal(lambda: week_files.add_files(me, theirs, [("x.pdf", pdf())])) == \
        f"There is no weekly report with id {theirs}."
    assert refusal(lambda: week_files.list_files(me, theirs)) == f"There is no weekly report with id {theirs}."
    assert str(their_file.id) in refusal(lambda: week_files.read_file(me, their_file.id))
    assert "There is no attached file" in refusal(lambda: week_files.remove_file(me, their_file.id))
    assert [f.filename for f in week_files.list_files(w.db, theirs)] == ["theirs.png"]
    # a viewer reads but attaches nothing
    assert refusal(lambda: week_files.add_files(w.db.as_user(VIEWER), mine, [("v.pdf", pdf())]))
    assert stored(w) == 2


def test_the_printed_weekly_form_names_the_files(world: World) -> None:
    from vetdesk.services import logbook

    w = world
    week = week_of(w)
    week_files.add_files(w.db, week, [("pieza.png", png()), ("plano.pdf", pdf())])
    document = logbook.week_form_document(w.db, agreement_id=w.mine, week=w.week(1))
    assert document.attachments == ("pieza.png", "plano.pdf")
    assert date.today() >= w.week(1)


def test_the_weekly_form_pdf_and_the_progress_summary_name_the_files(world: World) -> None:
    from pypdf import PdfReader

    from vetdesk.i18n import translator
    from vetdesk.reports.weekly_form import summary_paragraphs, week_pdf
    from vetdesk.services import logbook

    w = world
    week = week_of(w)
    week_files.add_files(w.db, week, [("pieza.png", png()), ("plano.pdf", pdf())])
    pages = PdfReader(io.BytesIO(week_pdf(w.db, w.mine, w.week(1), lang="es"))).pages
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pages)
    assert "Archivos 2: pieza.png, plano.pdf" in text, text[:900]  # short names: among the facts
    assert len(pages) == 1  # the form stays on its page, signatures included
    summary = logbook.logbook_summary(w.db, w.mine)
    assert [names for _monday, names in summary.files] == [("pieza.png", "plano.pdf")]
    said = " ".join(text for _headline, text in summary_paragraphs(summary, translator("en")))
    assert "2 files attached to the weekly reports" in said and "pieza.png, plano.pdf" in said
    assert summary_paragraphs(logbook.logbook_summary(w.db, w.other), translator("en"))  # no files: not said
    assert "attached" not in " ".join(t for _h, t in summary_paragraphs(logbook.logbook_summary(w.db, w.other),
                                                                         translator("en")))


def test_the_weekly_form_names_every_file_and_stays_one_page(world: World, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """fix25l: the form named only the first 34 characters of its files ("Archivos 9: trailing.png, ok.webp,
    png.png,…"). Names that do not fit its facts are listed beneath them in small type; ten of 120 characters,
    which would take the form onto a second page, are on an annex page, the form itself one page with its
    signatures. The progress report names every week's files."""
    import itertools

    from pypdf import PdfReader

    from vetdesk.i18n import translator
    from vetdesk.reports.weekly_form import summary_paragraphs, week_pdf
    from vetdesk.services import logbook

    def pages(n: int, lang: str) -> list[str]:
        content = week_pdf(w.db, w.mine, w.week(n), lang=lang)
        (tmp_path / f"week-{n}-{lang}.pdf").write_bytes(content)
        return ["".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(content)).pages]

    w = world
    three = [f"pieza {i} torneada y medida con micrometro.png" for i in range(3)]
    names = [(f"{i:02d} " + "pieza torneada con tolerancias ajustadas y medida con micrómetro " * 2)[:116].strip()
             + ".png" for i in range(10)]
    languages = (("es", "Personainstructoradelaempresa", "Anexo:archivos"),
                 ("de", "BetrieblicheAusbildungsperson", "Anlage:Dateien"))
    weeks = {1: week_of(w, 1), 2: week_of(w, 2)}
    bare = {(n, lang): len(pages(n, lang)) for n in weeks for lang, _s, _a in languages}  # without files
    week_files.add_files(w.db, weeks[1], [(n, png(color=f"#{i * 40 + 10:02x}3030")) for i, n in enumerate(three)])
    week_files.add_files(w.db, weeks[2], [(n, png(color=f"#{i * 20 + 10:02x}3030")) for i, n in enumerate(names)])
    stored_names = [f.filename for f in week_files.list_files(w.db, weeks[2])]
    assert all(len(n) >= 110 for n in stored_names)
    for (n, files), (lang, signs, annex) in itertools.product(((1, three), (2, stored_names)), languages):
        text = pages(n, lang)
        whole = "".join(text)
        assert all("".join(name.split()) in whole for name in files), (lang, whole)
        # The names add no page to the form: beneath its facts, or on an annex page of their own.
        assert len(text) in (bare[n, lang], bare[n, lang] + 1), (lang, n, len(text), bare[n, lang])
        if len(text) > bare[n, lang]:
            assert annex in text[-1] and signs not in text[-1] and signs in text[-2], (lang, text[-1])
        else:
            assert signs in text[-1] and annex not in "".join(text[-1:]) or bare[n, lang] > 1
    assert bare[2, "es"] == 1 and len(pages(2, "es")) == 2  # a one-page form keeps its page, with an annex
    week_files.add_files(w.db, week_of(w, 3), [("late.png", png(color="green"))])
    said = " ".join(t for _h, t in summary_paragraphs(logbook.logbook_summary(w.db, w.mine), translator("en")))
    assert "14 files attached" in said and all(n in said for n in [*three, *stored_names, "late.png"])


def test_undo_takes_back_the_files_attached_by_the_last_operation(world: World) -> None:
    from vetdesk.services import undo

    w = world
    week = week_of(w)
    officer = w.db.as_user(OFFICER)
    week_files.add_files(officer, week, [("first.png", png())])
    week_files.add_files(officer, week, [("a.png", png(color="blue")), ("b.pdf", pdf())])
    assert undo.last_undoable(officer) is not None
    undo.undo_last(officer)
    assert [f.filename for f in week_files.list_files(w.db, week)] == ["first.png"]
    undo.undo_last(officer)  # one step further back: the first file
    assert week_files.list_files(w.db, week) == []


def test_a_removed_file_comes_back_with_undo_and_anonymising_deletes_it_for_good(world: World) -> None:
    """fix25l: removing a file deleted its bytes and undo said "cannot be undone here". The row is marked removed
    (who, when); lists, reads, prints and counts leave it out; undo brings it back as it was; a week whose files
    are all removed can be deleted (they go with it)."""
    from vetdesk.services import logbook, undo

    w = world
    week = week_of(w)
    officer = w.db.as_user(OFFICER)
    kept, gone = week_files.add_files(officer, week, [("pieza.png", png()), ("plano.pdf", pdf())]).files
    week_files.remove_file(officer, gone.id)
    assert [f.filename for f in week_files.list_files(w.db, week)] == ["pieza.png"] and stored(w) == 1
    assert "There is no attached file" in refusal(lambda: week_files.read_file(w.db, gone.id))
    assert logbook.week_form_document(w.db, agreement_id=w.mine, week=w.week(1)).attachments == ("pieza.png",)
    with w.db.reader() as session:
        row = session.get(WeekAttachment, gone.id)
        assert row is not None and row.removed_by == "olga" and row.removed_at is not None
    assert undo.last_undoable(officer) is not None
    undo.undo_last(officer)
    assert [f.filename for f in week_files.list_files(w.db, week)] == ["pieza.png", "plano.pdf"]
    assert week_files.read_file(w.db, gone.id)[1] == pdf()
    # Removed again, and undone once more: the same file, the same bytes.
    week_files.remove_file(officer, gone.id)
    undo.undo_last(officer)
    assert week_files.read_file(w.db, gone.id)[1] == pdf() and stored(w) == 2
    # A week whose only files were removed is deleted with them.
    other = week_of(w, 2)
    (only,) = week_files.add_files(w.db, other, [("solo.png", png(color="green"))]).files
    week_files.remove_file(w.db, only.id)
    undo.delete_record(w.db, "logbook", other)
    with w.db.reader() as session:
        assert session.get(WeekAttachment, only.id) is None


def test_a_draft_week_with_files_is_not_deleted_and_says_why(world: World) -> None:
    from vetdesk.services import undo

    w = world
    week = week_of(w)
    week_files.add_files(w.db, week, [("a.png", png())])
    message = refusal(lambda: undo.delete_record(w.db, "logbook", week))
    assert "1 attached file refers to it. Remove its attached files first" in message, message
    assert stored(w) == 1


def test_anonymising_ended_records_deletes_their_weeks_files_and_names(db) -> None:  # type: ignore[no-untyped-def]
    from tests import factories as f
    from vetdesk.domain import logbook as L
    from vetdesk.services import privacy

    start, end = date(2015, 9, 1), date(2016, 8, 31)
    apprentice = f.make_apprentice(db, birth_date=date(1998, 3, 1), guardian=True)
    agreement = f.make_agreement(db, apprentice_id=apprentice, start_date=start, end_date=end)
    f.activate(db, agreement)
    week = records.create(db, "logbook", {"agreement_id": agreement, "week_start": L.monday(date(2015, 9, 7)),
                                          "activities": "Torno"}, accept_warnings=True).id
    week_files.add_files(db, week, [("foto de José García.png", png()), ("removed.pdf", pdf())])
    week_files.remove_file(db, week_files.list_files(db, week)[1].id)  # kept for undo until anonymised
    records.update(db, "agreements", agreement, {"status": "completed", "completed_on": end.isoformat()},
                   accept_warnings=True)
    assert privacy.anonymise_ended(db, years=5, today=date(2026, 11, 25)) == 1
    with db.reader() as session:
        assert session.scalar(select(func.count(WeekAttachment.id))) == 0
        trail = [e.changes for e in session.scalars(select(AuditEntry).where(
            AuditEntry.kind == "logbook", AuditEntry.record_id == week, AuditEntry.action == "attach"))]
    assert trail and "García" not in str(trail), trail
    with db.reader() as session:
        removal = session.scalar(select(AuditEntry.id).where(AuditEntry.kind == "logbook", AuditEntry.record_id == week,
                                                            AuditEntry.action == "detach"))
    # Its removal undone after the anonymisation: the bytes are gone for good, and it says so.
    assert "deleted for good" in refusal(lambda: week_files.undo_detach(db, int(removal), "Undo"))


def test_the_progress_report_pdf_counts_the_weeks_files(world: World) -> None:
    from tests.reports.conftest import pdf_text
    from vetdesk.reports import render

    w = world
    week_files.add_files(w.db, week_of(w, 1), [("pieza.png", png())])
    week_files.add_files(w.db, week_of(w, 2), [("plano.pdf", pdf()), ("eje.jpg", jpeg())])
    for lang, said in (("es", "3 archivos adjuntos a los reportes semanales"),
                       ("de", "3 Dateien an den Ausbildungsnachweisen")):
        words = " ".join(pdf_text(render.progress_pdf(w.db, agreement_id=w.mine, lang=lang)).split())
        assert said in words and "pieza.png" in words and "plano.pdf, eje.jpg" in words, words[-900:]
