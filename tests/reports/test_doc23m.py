"""What the last review of issue 23 left in the printed agreement (doc23m), read back from the PDF in Spanish and
German: the AHK contract's holidays cite its own law when it states no figure (§ 19 JArbSchG for a minor, the
BUrlG for an adult), the Mexican agreement keeps the Federal Labour Law; and the AHK contract's built-in texts
(termination, data protection, a signed copy's banner) call it a contract, as the office's texts do."""

from __future__ import annotations

import pytest

from tests.reports.conftest import make_world, pdf_text
from vetdesk.i18n import translator
from vetdesk.reports import render
from vetdesk.reports import words as w
from vetdesk.services import clauses, records
from vetdesk.storage.engine import Database

#: The Federal Labour Law's holiday sentence (the Mexican agreement's, with a school party), in each language.
LFT = {"es": "las vacaciones pagadas que otorga la Ley Federal del Trabajo",
       "de": "den bezahlten Urlaub, den das mexikanische Bundesarbeitsgesetz gewährt"}
JARBSCHG = {"es": "el § 19 de la Ley alemana de Protección del Trabajo de Menores (JArbSchG), indicadas año por "
                  "año en el § 12",
            "de": "den § 19 des Jugendarbeitsschutzgesetzes (JArbSchG) nach dem Alter gewährt, für jedes Jahr in "
                  "§ 12 angegeben"}
BURLG = {"es": "las vacaciones pagadas de la Ley Federal alemana de Vacaciones (BUrlG)",
         "de": "den bezahlten Urlaub nach dem Bundesurlaubsgesetz (BUrlG)"}


def _holidays_clause(text: str, layout: str, lang: str) -> str:
    """The holiday clause's words: from its heading to the next clause's."""
    t = translator(lang)
    if layout == "bbig":
        start, end = t.gettext("§ 8 Holidays"), t.gettext("§ 9 Termination")
    else:
        start, end = t.gettext("Holidays"), t.gettext("Termination")
    at = text.index(start + " ", text.index(t.gettext("Obligations of the parties")) if layout == "mmfd" else 0)
    return text[at:text.index(end, at)]


@pytest.mark.parametrize("lang", ["es", "de"])
@pytest.mark.parametrize("minor", [True, False])
@pytest.mark.parametrize("layout", ["bbig", "mmfd"])
def test_the_holiday_clause_cites_the_layout_s_own_law(sqlite_db: Database, layout: str, minor: bool,
                                                       lang: str) -> None:
    world = make_world(sqlite_db, minor=minor, positions=2, rated=False, status="draft", templates=layout)
    records.update(sqlite_db, "agreements", world.agreement_id, {"holiday_days": None}, accept_warnings=True)
    empty = _holidays_clause(pdf_text(render.agreement_pdf(sqlite_db, world.agreement_id, lang=lang,
                                                           template=layout)), layout, lang)
    if layout == "mmfd":
        assert LFT[lang] in empty, empty
    else:
        assert LFT[lang] not in empty, empty
        if minor:  # 16 at the start, of age before the end: both laws, each for its years
            assert JARBSCHG[lang] in empty and BURLG[lang] in empty, empty
        else:
            assert BURLG[lang] in empty and "JArbSchG" not in empty, empty
    # With a figure, the figure (§ 19 JArbSchG's 30 working days for a 16-year-old; art. 76 LFT's 12 or more).
    days = 30 if minor else 20
    records.update(sqlite_db, "agreements", world.agreement_id, {"holiday_days": days}, accept_warnings=True)
    given = _holidays_clause(pdf_text(render.agreement_pdf(sqlite_db, world.agreement_id, lang=lang,
                                                           template=layout)), layout, lang)
    t = translator(lang)
    figure = t.ngettext("{apprentice} has {n} working day of paid holiday a year, taken where possible during "
                        "the school holidays.",
                        "{apprentice} has {n} working days of paid holiday a year, taken where possible during "
                        "the school holidays.", days).format(n=days, apprentice=w.apprentice_in_sentence(t, "H"))
    assert figure[1:] in given, given
    assert LFT[lang] not in given and BURLG[lang] not in given, given


def _without_sections(lang: str) -> str:
    """The office's agreement text with no termination or data-protection section: vetdesk's own words print."""
    shipped = clauses.shipped("agreement", lang)
    return shipped[:shipped.index("#= termination")].rstrip() + "\n"


@pytest.mark.parametrize(("lang", "agreement_words", "contract_words"), [
    ("es", ["este convenio", "del convenio"], ["dar por terminado este contrato", "datos personales de este contrato"]),
    ("de", ["diese Vereinbarung", "dieser Vereinbarung", "der unterschriebenen Vereinbarung"],
     ["kann jede Partei diesen Vertrag", "personenbezogenen Daten dieses Vertrags"]),
])
def test_the_ahk_contract_s_built_in_texts_call_it_a_contract(sqlite_db: Database, lang: str,
                                                              agreement_words: list[str],
                                                              contract_words: list[str]) -> None:
    world = make_world(sqlite_db, minor=False, positions=2, rated=False, status="draft", templates="bbig")
    clauses.save(sqlite_db, "agreement", lang, _without_sections(lang))
    text = pdf_text(render.agreement_pdf(sqlite_db, world.agreement_id, lang=lang, template="bbig"))
    assert all(words in text for words in contract_words), text
    assert not any(words in text for words in agreement_words), text
    # The Mexican agreement still calls itself an agreement with the same built-in texts.
    mmfd = pdf_text(render.agreement_pdf(sqlite_db, world.agreement_id, lang=lang, template="mmfd"))
    assert agreement_words[0] in mmfd and contract_words[0] not in mmfd


@pytest.mark.parametrize("lang", ["es", "de"])
def test_a_signed_ahk_contract_s_copy_says_contract(sqlite_db: Database, lang: str) -> None:
    from tests import factories as f

    world = make_world(sqlite_db, minor=False, positions=2, rated=False, status="draft", templates="bbig")
    render.agreement_pdf(sqlite_db, world.agreement_id, lang=lang, template="bbig")
    sqlite_db.print_for_signature([world.agreement_id], language=lang, template="bbig")
    records.update(sqlite_db, "agreements", world.agreement_id,
                   {"status": "signed", **f.signature_values(sqlite_db, world.agreement_id)}, accept_warnings=True)
    text = pdf_text(render.agreement_pdf(sqlite_db, world.agreement_id, lang=lang, template="bbig"))
    t = translator(lang)
    banner = t.gettext("Copy of the contract signed on {date}. It is not a document to sign.").split("{date}")[0]
    assert banner in text, text[:600]
    assert t.gettext("Copy of the agreement signed on {date}. It is not a document to sign.").split("{date}")[0] \
        not in text
