"""A signed certificate binds what its pages show (issue 23): `vetdesk verify` refuses a certificate with text or
an image laid over it, an edited content stream or another certificate's QR code, accepts an untouched one in
Spanish and German, still verifies one of the older kind (saying so), prints its dates in the reader's language,
and printing stays fast."""

from __future__ import annotations

import io
import time
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import NameObject
from reportlab.pdfgen import canvas

from tests.reports.conftest import make_world, prove_all
from vetdesk.i18n import translator
from vetdesk.reports import render
from vetdesk.services import documents, records, signing
from vetdesk.storage.engine import Database


def _cli(db: Database, *args: str) -> int:
    from vetdesk.commands import main

    return main(["--db", db.url, *args])


def _completed(db: Database, **kwargs: object) -> int:
    w = make_world(db, minor=False, positions=2, **kwargs)  # type: ignore[arg-type]
    prove_all(db, w.agreement_id)
    records.update(db, "agreements", w.agreement_id, {"status": "completed"}, accept_warnings=True)
    return w.agreement_id


def _overlay(pdf: bytes, draw: object) -> bytes:
    """The trial's tampering (pypdf + a reportlab overlay merged onto page 1, the metadata kept)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    writer = pypdf.PdfWriter()
    writer.append(reader)
    box = reader.pages[0].mediabox
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(float(box.width), float(box.height)))
    draw(c, float(box.height))  # type: ignore[operator]
    c.save()
    writer.pages[0].merge_page(pypdf.PdfReader(buffer).pages[0])
    writer.add_metadata(reader.metadata or {})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _refused(db: Database, pdf: bytes, path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path.write_bytes(pdf)
    capsys.readouterr()
    assert _cli(db, "verify", str(path)) == 1
    return capsys.readouterr().err


def test_overlaid_text_or_image_an_edited_stream_and_a_swapped_qr_are_refused(
        sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    agreement = _completed(sqlite_db)
    pdf = render.certificate_pdf(sqlite_db, agreement, lang="es")
    (tmp_path / "ok.pdf").write_bytes(pdf)
    assert _cli(sqlite_db, "verify", str(tmp_path / "ok.pdf")) == 0
    # re-saved by pypdf without any change to its pages: still what was signed
    resaved = io.BytesIO()
    pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf))).write(resaved)
    assert resaved.getvalue() != pdf
    (tmp_path / "resaved.pdf").write_bytes(resaved.getvalue())
    assert _cli(sqlite_db, "verify", str(tmp_path / "resaved.pdf")) == 0

    def name(c: canvas.Canvas, height: float) -> None:
        c.setFillColorRGB(1, 1, 1)
        c.rect(150, height - 220, 320, 24, stroke=0, fill=1)
        c.setFillColorRGB(0.15, 0.25, 0.4)
        c.setFont("Helvetica-Bold", 18)
        c.drawCentredString(306, height - 214, "Pedro Falso Ramírez")

    err = _refused(sqlite_db, _overlay(pdf, name), tmp_path / "name.pdf", capsys)
    assert "se modificó después de firmarse" in err and "Constancia válida" not in err

    def image(c: canvas.Canvas, height: float) -> None:
        from PIL import Image
        from reportlab.lib.utils import ImageReader

        c.drawImage(ImageReader(Image.new("L", (4, 4), 255)), 420, height - 290, 140, 20)

    assert "se modificó" in _refused(sqlite_db, _overlay(pdf, image), tmp_path / "image.pdf", capsys)

    # a date changed inside the page's content stream (no overlay)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    writer = pypdf.PdfWriter(clone_from=reader)
    content = writer.pages[0].get_contents()
    assert content is not None
    data = content.get_data()
    year = str(documents.certificate_document(sqlite_db, agreement).start_date.year).encode()
    assert year in data
    content.set_data(data.replace(year, b"2019", 1))
    writer.pages[0][NameObject("/Contents")] = content
    edited = io.BytesIO()
    writer.write(edited)
    assert "se modificó" in _refused(sqlite_db, edited.getvalue(), tmp_path / "stream.pdf", capsys)

    # another certificate's QR code (image) put in place of this one's, the metadata kept
    from datetime import date, timedelta

    # another signature: issued another day (the same day's is the same signed text, the CURP being a keyed MAC)
    other = render.certificate_pdf(sqlite_db, agreement, lang="es", today=date.today() + timedelta(days=1))
    assert other != pdf

    def qr_image(p: bytes) -> tuple[pypdf.PdfWriter, NameObject]:
        w = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(p)))
        xobjects = w.pages[0]["/Resources"]["/XObject"]  # type: ignore[index]
        images = [k for k, v in xobjects.items() if v.get_object().get("/Subtype") == "/Image"
                  and v.get_object().get("/Width") > 20]
        assert len(images) == 1
        return w, images[0]

    mine, key = qr_image(pdf)
    theirs, their_key = qr_image(other)
    mine.pages[0]["/Resources"]["/XObject"][key] = mine._add_object(  # type: ignore[index]
        theirs.pages[0]["/Resources"]["/XObject"][their_key].get_object())  # type: ignore[index]
    swapped = io.BytesIO()
    mine.write(swapped)
    err = _refused(sqlite_db, swapped.getvalue(), tmp_path / "qr.pdf", capsys)
    assert "código QR" in err


def test_untouched_in_spanish_and_german_accepted_with_dates_in_the_reader_s_language(
        sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    agreement = _completed(sqlite_db)
    for lang in ("es", "de"):
        target = tmp_path / f"cert-{lang}.pdf"
        assert _cli(sqlite_db, "print", "certificate", str(agreement), "--lang", lang, "-o", str(target)) == 0
        capsys.readouterr()
        assert _cli(sqlite_db, "verify", str(target)) == 0
        out = capsys.readouterr().err
        assert "Constancia válida" in out and "tipo anterior" not in out
    start = documents.certificate_document(sqlite_db, agreement).start_date
    assert f"del {start.strftime('%d/%m/%Y')}" in out and start.isoformat() not in out


def test_a_certificate_of_the_older_kind_is_checked_as_before_and_said_so(
        sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from vetdesk.reports import certificate as certificate_report

    agreement = _completed(sqlite_db)
    doc = documents.certificate_document(sqlite_db, agreement)
    fields = {"office": doc.letterhead.chamber_name, "reference": doc.reference, "name": doc.apprentice.full_name,
              "programme": doc.programme.name, "company": doc.company.name, "start": doc.start_date.isoformat(),
              "end": doc.completed_on.isoformat(), "issued": doc.completed_on.isoformat(),
              "competencies": f"{doc.reached}/{doc.total}"}
    old = signing.sign(sqlite_db, fields, curp=doc.apprentice.curp)  # no pages' digest, as before
    (tmp_path / "old.pdf").write_bytes(certificate_report.build(replace(doc, signed=old), translator("es")))
    capsys.readouterr()
    assert _cli(sqlite_db, "verify", str(tmp_path / "old.pdf")) == 0
    assert "tipo anterior" in capsys.readouterr().err
    forged = replace(doc, signed=old, apprentice=replace(doc.apprentice, full_name="Juana Pérez López"))
    (tmp_path / "forged.pdf").write_bytes(certificate_report.build(forged, translator("es")))
    assert _cli(sqlite_db, "verify", str(tmp_path / "forged.pdf")) == 1


def test_printing_a_certificate_stays_fast(sqlite_db: Database) -> None:
    """Two layouts and a page digest: under 2.5 times one layout with its signature. (Two layouts alone are twice
    one; the pages' digest is pdfium reading the first layout. The bound was 2× while the work around one layout
    weighed more — 22 ms before, 37 now; since certificates carry the CURP's keyed MAC both are faster, 14 and
    28 ms, and the second layout's share is larger: it failed under load at 2×.)"""
    from vetdesk.reports import certificate as certificate_report

    agreement = _completed(sqlite_db)
    render.certificate_pdf(sqlite_db, agreement)  # warm: fonts, the key

    def before() -> None:  # what printing did before: the document, one signature, one layout, the record
        d = documents.certificate_document(sqlite_db, agreement)
        signed = signing.sign(sqlite_db, {
            "office": d.letterhead.chamber_name, "reference": d.reference, "name": d.apprentice.full_name,
            "programme": d.programme.name, "company": d.company.name, "start": d.start_date.isoformat(),
            "end": d.completed_on.isoformat(), "issued": d.completed_on.isoformat(),
            "competencies": f"{d.reached}/{d.total}"}, curp=d.apprentice.curp)
        certificate_report.build(replace(d, signed=signed), translator("es"))
        sqlite_db.record_printings([d.reference], "certificate", language="es_MX")

    def best(run: object, n: int = 5) -> float:
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            run()  # type: ignore[operator]
            times.append(time.perf_counter() - t0)
        return min(times)

    olds, news = [], []
    for _ in range(7):  # side by side, the best of each: the machine's load falls on both
        olds.append(best(before, 1))
        news.append(best(lambda: render.certificate_pdf(sqlite_db, agreement), 1))
    old, new = min(olds), min(news)
    print(f"certificate printing: before {old * 1000:.0f} ms, now {new * 1000:.0f} ms")
    assert new < 2.5 * old, (old, new)


def test_the_certificate_and_the_progress_report_name_who_signs_for_the_chamber(sqlite_db: Database) -> None:
    """Found by a new user's trial of issue 23: the certificate's "Por la cámara" line had no name while the
    agreement named the office's signatory."""
    from tests.reports.conftest import pdf_text
    from vetdesk.services.demo import DEMO_SIGNATORY

    agreement = _completed(sqlite_db)
    name = DEMO_SIGNATORY["chamber_signatory"]  # what every test office names (tests/conftest.py)
    for pdf in (render.certificate_pdf(sqlite_db, agreement, lang="es"),
                render.progress_pdf(sqlite_db, agreement_id=agreement, lang="de")):
        assert name in " ".join(pdf_text(pdf).split())
