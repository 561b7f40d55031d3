"""Trial 4 (fix4a, item 3): the printed agreement had a signature box and an initials line for the academic tutor,
whose signature the agreement does not record (the window's "Signatures: 0 of 6", the signatures dialog): the
domain's signature blocks are the parties' (company, apprentice, a minor's guardians, school, chamber); the tutor
is named among the school's people, not asked to sign. And the two guardians' initials lines both read "Parent or
legal guardian", shrunk to about 4 pt: they are told apart (first, second) and printed legibly."""

from __future__ import annotations

import io

import pdfplumber

from tests.reports.conftest import make_world, pdf_text
from vetdesk.i18n import translator
from vetdesk.reports import render
from vetdesk.services import records
from vetdesk.services.office import Office


def _with_two_guardians(db: Office) -> int:
    w = make_world(db, minor=True, positions=2, rated=False, status="draft")
    records.update(db, "apprentices", w.apprentice_id, {
        "guardian2_name": "Pedro García López", "guardian2_relation": "father", "guardian2_phone": "222 555 0202",
        "guardian2_id_document": "INE 99887766", "guardian2_address": "Calle 5 de Mayo 12, 72000 Puebla, Pue."},
        accept_warnings=True)
    return w.agreement_id


def _initials_words(pdf: bytes) -> list[tuple[str, float]]:
    """The words of the first page's initials row (above the footer) with their font size."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        bottom = [c for c in page.chars if c["top"] > page.height - 75]
        return [(c["text"], float(c["size"])) for c in bottom]


def test_the_boxes_are_the_parties_whose_signatures_are_recorded(db: Office) -> None:
    agreement = _with_two_guardians(db)
    parties = records.signatures(db, agreement)
    assert len(parties) == 6  # company, apprentice, two guardians, school, chamber: the window's count
    for lang in ("es_MX", "de"):
        t = translator(lang)
        pdf = render.agreement_pdf(db, agreement, lang=lang, template="mmfd")
        text = pdf_text(pdf)
        # The tutor is named among the school's people, and signs nowhere.
        assert "Ing. Raúl Domínguez" in text
        signatures = text[text.index(t.gettext("First parent or guardian")):]
        assert "Ing. Raúl Domínguez" not in signatures
        # The two guardians' boxes are told apart.
        assert t.gettext("Second parent or guardian") in signatures
        assert "Pedro García López" in signatures and "Rosa Núñez Pérez" in signatures
        # Their initials lines too, each readable (5 pt or more), one per party recorded.
        chars = _initials_words(pdf)
        row = "".join(ch for ch, _size in chars).replace(" ", "")
        for label in (t.pgettext("initials line", "Parent or guardian 1"),
                      t.pgettext("initials line", "Parent or guardian 2")):
            assert label.replace(" ", "") in row, (label, row)
        assert t.gettext("Academic tutor").replace(" ", "") not in row
        sizes = {size for ch, size in chars if ch.strip()}
        assert min(sizes) >= 5, sizes


def test_the_second_guardian_has_one_name_in_the_dialog_and_its_messages() -> None:
    """The signatures dialog said "Firmado por el segundo tutor el" above "El segundo padre, madre o tutor legal
    firmó …": one person, two names. Its date's label names the party as the party list and the rules do."""
    from vetdesk.domain import rules
    from vetdesk.services import fields as F

    label = next(f.label for f in F.AGREEMENT_FIELDS if f.name == "guardian2_signed_on")
    for lang in ("es_MX", "pt_BR"):  # (German declines the same words: "von der/dem zweiten Erziehungsberechtigten")
        t = translator(lang)
        party = t.gettext(rules.SIGNING_PARTIES["guardian2_signed_on"])
        words = party.split(" ", 1)[1]  # without its article: "segundo padre, madre o tutor legal"
        assert words in t.gettext(label), (lang, words, t.gettext(label))
        assert words in t.gettext(label.removesuffix(" on")), lang
