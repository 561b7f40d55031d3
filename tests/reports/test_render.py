"""The printed documents read back from the PDF: contents, languages, fonts, metadata, page flow."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest

from tests.reports.conftest import END, LONG_COMPANY, START, World, make_world, pdf_text, prove_all
from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import translator
from vetdesk.reports import render
from vetdesk.services import records
from vetdesk.storage.engine import Database


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> dict[str, object]:
    """One database with a minor (30 positions, long names, both templates) and an adult, printed once."""
    import shutil

    from vetdesk.storage.engine import connect

    path = tmp_path_factory.mktemp("print") / "db.sqlite3"
    shutil.copyfile(sqlite_template, path)
    db = connect(path)
    minor = make_world(db, minor=True, positions=30, long_names=True, templates="both")
    adult = make_world(db, minor=False, positions=5)
    out: dict[str, object] = {"db": db, "minor": minor, "adult": adult}
    for lang in ("es", "en", "de", "pt"):
        out[f"minor-{lang}"] = render.agreement_pdf(db, minor.agreement_id, lang=lang, template="mmfd")
    out["adult-es"] = render.agreement_pdf(db, adult.agreement_id, lang="es")
    out["both-en"] = render.agreement_pdf(db, minor.agreement_id, lang="en")
    out["progress-en"] = render.progress_pdf(db, apprentice_id=adult.apprentice_id, lang="en")
    out["form-es"] = render.form_pdf(db, adult.apprentice_id, lang="es")
    yield out
    db.dispose()


def _reader(data: object) -> pypdf.PdfReader:
    assert isinstance(data, bytes)
    return pypdf.PdfReader(io.BytesIO(data))


def _pages(data: object) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in _reader(data).pages]


def test_agreement_names_every_party_with_identifiers(printed: dict[str, object]) -> None:
    w = printed["minor"]
    assert isinstance(w, World)
    text = pdf_text(printed["minor-es"])  # type: ignore[arg-type]
    for expected in (w.full_name, w.curp, w.rfc, w.cct, LONG_COMPANY, "Jürgen Müller Peña", "Rosa Núñez Pérez",
                     "INE 123456", "CONALEP Plantel Querétaro II", "Ing. Raúl Domínguez", "Ing. Beatriz Köhler",
                     "POL-778899", "Seguros Atlas", "STPS-QRO-2026-0042", "LFPDPPP", w.reference,
                     "Cámara Mexicano-Alemana de Comercio e Industria (CAMEXA)"):
        assert expected in text, expected


def test_dates_and_money_follow_the_document_language(printed: dict[str, object]) -> None:
    texts = {lang: pdf_text(printed[f"minor-{lang}"]) for lang in ("es", "en", "de", "pt")}  # type: ignore[arg-type]
    for lang, text in texts.items():
        t = translator(lang)
        assert t.format_date(START, "long") in text, lang
        assert t.format_date(END, "long") in text, lang
        assert " ".join(t.format_currency(Decimal("4500.50"), "MXN").split()) in text, lang
    # each language writes its own month names and number formats
    assert translator("es").format_date(START, "long") not in texts["en"]
    assert translator("de").format_date(START, "long") not in texts["es"]
    assert "4.500,50" in texts["de"] and "4,500.50" in texts["en"]


def test_every_signature_role_and_the_guardian_only_for_a_minor(printed: dict[str, object]) -> None:
    t = translator("es")
    minor = pdf_text(printed["minor-es"])  # type: ignore[arg-type]
    adult = pdf_text(printed["adult-es"])  # type: ignore[arg-type]
    roles = ["For the company", "For the school", "For the chamber office"]
    for role in roles:
        assert t.gettext(role) in minor and t.gettext(role) in adult, role
    # The apprentice's role by the recorded sex: the minor is a woman (M), the adult a man (H).
    assert "La aprendiz" in minor and "El aprendiz" not in minor
    assert "El aprendiz" in adult and "La aprendiz" not in adult
    guardian_role = t.gettext("Parent or legal guardian")
    assert guardian_role in minor
    assert guardian_role not in adult
    assert "Rosa Núñez Pérez" not in adult
    # the adult's agreement is signed (a copy): where, and the day the record knows, filled in (issue 23)
    signed = re.search(r"Firmado en Querétaro(,| por cada parte)[^.]*\.", adult)
    assert signed is not None and "____" not in signed.group(0), adult[-1500:]


def test_english_agreement_shows_page_x_of_y_and_kind(printed: dict[str, object]) -> None:
    pages = _pages(printed["minor-en"])
    w = printed["minor"]
    assert isinstance(w, World)
    assert f"Page 1 of {len(pages)}" in pages[0] and f"Page {len(pages)} of {len(pages)}" in pages[-1]
    assert f"Learning agreement · {w.reference}" in pages[0]


def test_thirty_positions_flow_across_pages(printed: dict[str, object]) -> None:
    pages = _pages(printed["minor-en"])
    annex = [i for i, p in enumerate(pages) if "Estación" in p]
    assert len(annex) >= 2, "the rotation plan should need more than one page"
    whole = " ".join(pages)
    for n in range(1, 31):
        assert f"Estación {n}: ensamble" in whole, n
    first = next(i for i, p in enumerate(pages) if "Estación 1: ensamble" in p)
    last = next(i for i, p in enumerate(pages) if "Estación 30: ensamble" in p)
    assert last > first
    assert "Learning position" in pages[last]  # the header row repeats on every page of the table


def test_fonts_are_embedded_truetype(printed: dict[str, object]) -> None:
    for key in ("minor-es", "progress-en", "form-es"):
        reader = _reader(printed[key])
        seen = set()
        for page in reader.pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                seen.add(str(font["/BaseFont"]))
                descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
                descriptor = descendant["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor, font["/BaseFont"]
        assert any("DejaVuSans" in name for name in seen)


def test_metadata_and_language(printed: dict[str, object]) -> None:
    w = printed["minor"]
    assert isinstance(w, World)
    reader = _reader(printed["minor-de"])
    meta = reader.metadata
    assert meta is not None
    assert w.reference in (meta.title or "") and w.full_name in (meta.title or "")
    assert meta.author == "Cámara Mexicano-Alemana de Comercio e Industria (CAMEXA)"
    assert LONG_COMPANY in (meta.subject or "")
    assert reader.trailer["/Root"]["/Lang"] == "de"
    assert _reader(printed["minor-es"]).trailer["/Root"]["/Lang"] == "es-MX"


def test_both_templates_make_one_pack(printed: dict[str, object]) -> None:
    text = pdf_text(printed["both-en"])  # type: ignore[arg-type]
    assert "Mexican Dual Training Model (MMFD)" in text
    assert "§ 11 of the German Vocational Training Act (BBiG)" in text
    for clause in ("§ 4 Regular daily training time", "§ 7 Overtime compensation", "§ 11 Training record",
                   "§ 10 Collective agreements and works agreements"):
        assert clause in text
    assert text.count("Annex: rotation plan") >= 1


def test_progress_report_contents(printed: dict[str, object]) -> None:
    w = printed["adult"]
    assert isinstance(w, World)
    text = pdf_text(printed["progress-en"])  # type: ignore[arg-type]
    for expected in (w.full_name, w.curp, "Progress report", "C-01", "3 – competent", "2 – developing",
                     "not yet rated", "Comments of the company instructor", "Comments of the academic tutor",
                     "Company instructor", "Academic tutor", "Progress over time", "Muy buena disposición"):
        assert expected in text, expected
    assert "2 of 7 technical competencies reached" in text


def test_form_lists_the_current_position_with_boxes(printed: dict[str, object]) -> None:
    text = pdf_text(printed["form-es"])  # type: ignore[arg-type]
    assert "C-02" in text and "C-03" in text and "C-05" not in text
    assert text.count("☐") >= 2 * 4  # two competencies, four levels each


def test_refusal_writes_no_file(sqlite_db: Database, tmp_path: Path) -> None:
    w = make_world(sqlite_db, minor=True, positions=2, rated=False, status="draft")
    records.update(sqlite_db, "apprentices", w.apprentice_id, {"guardian_name": None}, accept_warnings=True)
    target = tmp_path / "out" / "agreement.pdf"
    target.parent.mkdir()
    with pytest.raises(RuleViolation):
        render.save(target, lambda: render.agreement_pdf(sqlite_db, w.agreement_id))
    assert not target.exists()
    assert not list(tmp_path.rglob("*.tmp"))


def test_qr_code_matches_an_independent_encoder() -> None:
    """The letterhead's QR modules equal those of reportlab's encoder for the same text, level and mask (the
    modules printed before the qrcode package made them), whatever the text's length and characters, so a
    scanner reads back exactly the record's reference and the pages stay as they were."""
    from reportlab.graphics.barcode.qr import QrCodeWidget

    from vetdesk.reports.page import qr_modules

    texts = ["vetdesk:agreement:CA-2026-000123", "vetdesk:form:CA-2026-000123:4711",
             "vetdesk:progress:CAMEXA-2025-00042:2025-08-01:2026-12-03", "vetdesk:agreement:Ñandú/ü é-7"]
    texts += ["vetdesk:x:" + "A1b-" * n for n in range(0, 40, 3)]
    for text in texts:
        qr = QrCodeWidget(text, barLevel="M").qr
        qr.version = qr.calculate_version()
        qr.makeImpl(False, 0)
        assert qr_modules(text) == [[bool(m) for m in row] for row in qr.modules], text


def test_letterhead_comes_from_the_office_settings(sqlite_db: Database, tmp_path: Path) -> None:
    import json

    from PIL import Image
    from sqlalchemy import text as sql

    from vetdesk.services.documents import agreement_document
    from vetdesk.services.settings import save_office_settings

    logo = tmp_path / "logo.png"
    Image.new("RGB", (40, 20), (200, 30, 30)).save(logo)
    save_office_settings(sqlite_db, {"chamber_name": "AHK Südamerika – Oficina Ñuñoa",
                                     "chamber_address": "Calle Ñuble 5, Santiago", "chamber_logo": str(logo)})
    w = make_world(sqlite_db, minor=False, positions=1, rated=False, status="draft")
    # the picture itself is stored: the file may go, every PC of the office prints it
    assert agreement_document(sqlite_db, w.agreement_id).letterhead.logo_image == logo.read_bytes()
    logo.unlink()
    data = render.agreement_pdf(sqlite_db, w.agreement_id, lang="en")
    reader = _reader(data)
    assert reader.metadata is not None and reader.metadata.author == "AHK Südamerika – Oficina Ñuñoa"
    first = reader.pages[0]
    assert "AHK Südamerika – Oficina Ñuñoa" in (first.extract_text() or "")
    assert "Calle Ñuble 5, Santiago" in (first.extract_text() or "")
    forms = [x.get_object() for x in first["/Resources"]["/XObject"].values()]
    images = [i for f in forms for i in f.get("/Resources", {}).get("/XObject", {}).values()]
    assert any(i.get_object()["/Width"] == 40 for i in images)  # the office's logo, not the placeholder
    # a path stored by an older vetdesk is read while its file exists, then the shipped placeholder is printed
    older = tmp_path / "older.png"
    Image.new("RGB", (30, 30), (0, 90, 0)).save(older)
    with sqlite_db.writer() as session:
        session.execute(sql("UPDATE settings SET value = :v WHERE key = 'chamber_logo'"), {"v": json.dumps(str(older))})
        session.commit()
    assert agreement_document(sqlite_db, w.agreement_id).letterhead.logo_image == older.read_bytes()
    older.unlink()
    head = agreement_document(sqlite_db, w.agreement_id).letterhead
    assert head.logo_image is None and head.logo_path.endswith("logo-placeholder.png")
    assert render.agreement_pdf(sqlite_db, w.agreement_id, lang="en").startswith(b"%PDF")
    # a file that is no picture is refused, naming the field, and nothing is written
    notes = tmp_path / "notes.png"
    notes.write_text("hello")
    with pytest.raises(RuleViolation) as refused:
        save_office_settings(sqlite_db, {"chamber_logo": str(notes), "chamber_name": "Otra"})
    assert [p.field for p in refused.value.problems] == ["chamber_logo"]
    assert agreement_document(sqlite_db, w.agreement_id).letterhead.chamber_name == "AHK Südamerika – Oficina Ñuñoa"


def test_a_logo_with_transparency_is_printed_whole_in_every_document_of_a_process(sqlite_db: Database,
                                                                                tmp_path: Path) -> None:
    """The logo is decoded once per process and each document gets its own copy of the image and its soft
    mask (reportlab changes them as it registers them): the second and third documents carry it as the first."""
    from PIL import Image

    from vetdesk.reports import page
    from vetdesk.services.settings import save_office_settings

    logo = tmp_path / "logo.png"
    Image.new("RGBA", (40, 20), (200, 30, 30, 128)).save(logo)
    save_office_settings(sqlite_db, {"chamber_logo": str(logo)})
    w = make_world(sqlite_db, minor=False, positions=1, rated=False, status="draft")
    decoded = page._logo_image.cache_info().misses
    for lang in ("en", "de", "es"):
        first = _reader(render.agreement_pdf(sqlite_db, w.agreement_id, lang=lang)).pages[0]
        forms = [x.get_object() for x in first["/Resources"]["/XObject"].values()]
        images = [i.get_object() for f in forms for i in f.get("/Resources", {}).get("/XObject", {}).values()]
        logos = [i for i in images if i["/Width"] == 40]
        assert len(logos) == 1, lang
        mask = logos[0]["/SMask"].get_object()
        assert (mask["/Width"], mask["/Height"], mask["/ColorSpace"]) == (40, 20, "/DeviceGray")
    assert page._logo_image.cache_info().misses == decoded + 1  # decoded for the first document only


def test_certificate_sentence_is_one_translation_with_the_name_set_large(sqlite_db: Database) -> None:
    """Translators get the certifying sentence whole (each language orders it); the name's own line is set
    large, and a translation that drops the line breaks still names the apprentice, in bold."""
    from reportlab.platypus import Paragraph

    from vetdesk.reports import certificate
    from vetdesk.services import documents

    w = make_world(sqlite_db, minor=False, positions=1)
    prove_all(sqlite_db, w.agreement_id)
    records.update(sqlite_db, "agreements", w.agreement_id, {"status": "completed"}, accept_warnings=True)
    doc = documents.certificate_document(sqlite_db, w.agreement_id)
    german = translator("de")
    texts = [f.getPlainText() for f in certificate.flowables(doc, german) if isinstance(f, Paragraph)]
    assert "Die Kammer bescheinigt, dass" in texts and w.full_name in texts  # the name on its own line
    sentence = next(x for x in texts if x.startswith(f"mit CURP {w.curp}, geboren am"))
    assert sentence.endswith("abgeschlossen hat.") and doc.company.name in sentence

    class OneLine:
        def __getattr__(self, name: str) -> object:
            return getattr(german, name)

        def gettext(self, message: str) -> str:
            return german.gettext(message).replace("\n", " ")

        def pgettext(self, context: str, message: str) -> str:
            return german.pgettext(context, message).replace("\n", " ")

    flowing = [f for f in certificate.flowables(doc, OneLine()) if isinstance(f, Paragraph)]  # type: ignore[arg-type]
    whole = next(f for f in flowing if f.getPlainText().startswith("Die Kammer bescheinigt, dass"))
    assert f"<b>{w.full_name}</b>" in whole.text and whole.getPlainText().endswith("abgeschlossen hat.")


def test_every_party_signs_under_the_annex_and_initials_every_page(printed: dict[str, object]) -> None:
    """The rotation plan is part of the agreement: every party's signature block stands under it (after the
    last position), and each page's footer has a line per party for the initials (Mexican practice)."""
    w = printed["minor"]
    assert isinstance(w, World)
    pages = _pages(printed["minor-en"])
    last_position = max(i for i, p in enumerate(pages) if "Estación 30: ensamble" in p)
    after = " ".join(pages[last_position:])
    annex_signatures = after[after.index("Estación 30: ensamble"):]
    assert "Signatures of the parties to the annex" in annex_signatures
    for name in (w.full_name, "Rosa Núñez Pérez", "Jürgen Müller Peña"):
        assert name in annex_signatures, name
    assert f"as part of agreement {w.reference}" in annex_signatures
    for page in pages:
        assert "Initials:" in page and "Company" in page and "Parent or guardian" in page  # short, legible
    spanish = _pages(printed["minor-es"])
    assert all("Rúbricas:" in page for page in spanish)
    assert "Firmas de las partes del anexo" in " ".join(spanish)


@pytest.mark.parametrize("text", ["vetdesk:progress:CA-2025-000215:2025-03-11:2026-12-04", "vetdesk:form:X:1"])
def test_the_drawn_qr_code_has_its_modules_where_the_encoder_put_them(text: str) -> None:
    """The letterhead's QR code drawn (one path of a rectangle per run, each written once per process), rendered
    and read back module by module: dark exactly where the encoder's modules are, in a light border."""
    import io

    import pypdfium2
    from reportlab.pdfgen.canvas import Canvas

    from vetdesk.reports.page import _draw_qr, qr_modules

    modules = qr_modules(text)
    n = len(modules) + 2
    side = 10.0 * n  # 10 points a module
    for _ in range(2):  # drawn twice: the second from the kept rectangles
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=(side + 40, side + 40))
        _draw_qr(canvas, text, 20, 20, side)
        canvas.save()
        pdf = pypdfium2.PdfDocument(buffer.getvalue())
        image = pdf[0].render(scale=1).to_pil().convert("L")
        pdf.close()
        for r in range(n):
            for c in range(n):
                dark = 0 < r < n - 1 and 0 < c < n - 1 and modules[r - 1][c - 1]
                pixel = image.getpixel((int(20 + (c + 0.5) * 10), int(20 + (r + 0.5) * 10)))
                assert (pixel < 128) == dark, (r, c)


def test_pdfdoc_text_is_encoded_as_reportlab_encodes_it() -> None:
    """Names, keys and numbers are written in PDFDocEncoding by Python's ASCII codec where reportlab's own would
    write the same bytes; the same error where it refuses a character."""
    from vetdesk.reports import page

    for text in ["/F1+0", "12 0 obj\n", "1 0 0 1 72.5 700 Tm", "Cámara Mexicano-Alemana", "–—“”€", "", "\t%\x7f"]:
        assert page._pdfdoc_bytes(text) == text.encode("extpdfdoc"), text
    assert page._pdfdoc_bytes(b"\x00raw") == b"\x00raw"
    for refused in ["\x18", "a\x1fb", "漢"]:
        with pytest.raises(UnicodeEncodeError):
            "".encode("extpdfdoc") + refused.encode("extpdfdoc")
        with pytest.raises(UnicodeEncodeError):
            page._pdfdoc_bytes(refused)
