"""Issue 23: ``vetdesk check`` printed an internal key before a finding (``company.legal_representative:``,
``assessed_on:``, ``level (level)`` on an agreement): every finding names its field in the user's words, in the
user's language, with the same words as the window's check list (``checks.field_label``)."""

from __future__ import annotations

import re

import pytest

from tests import factories as f
from vetdesk.services import checks

#: "error: <field>: message": what stands where the field is named.
NAMED = re.compile(r"^[^:]+: (?:error|warning|advertencia|Fehler|Warnung): ([^:]+):")


def named(db, kind: str, record_id: int) -> str:  # type: ignore[no-untyped-def]
    """How ``vetdesk check`` names a record before its findings (issue 23: never "agreements 66")."""
    from vetdesk.domain.problems import warning

    return checks.record_names(db, [checks.Finding(kind, record_id, warning("", ""))])[(kind, record_id)]
RAW = re.compile(r"^[a-z0-9_]+(?:\.[a-z0-9_]+)*$")


@pytest.mark.parametrize(("lang", "words"), [("en", "Company: Legal representative"),
                                             ("es", "Empresa: Representante legal")])
def test_every_finding_names_its_field_in_the_user_s_words(cli, db, lang, words) -> None:  # type: ignore[no-untyped-def]
    company = f.make_company(db, legal_representative=None)
    agreement = f.make_agreement(db, company_id=company)  # a draft: what printing it would refuse is a finding
    code, out, err = cli(db, "--lang", lang, "check")
    lines = out.splitlines()
    assert lines, err
    assert "company.legal_representative" not in out and "assessed_on" not in out, out
    mine = [line for line in lines if line.startswith(named(db, "agreements", agreement) + ": ")]
    assert any(f": {words}: " in line for line in mine), mine
    for line in lines:
        found = NAMED.match(line)
        if found is None:
            continue
        field = found.group(1)  # "Legal representative", never "(legal_representative)" beside it
        assert not RAW.match(field) and not re.search(r"\([a-z0-9_]+\)$", field), line
    # The window's check list gives the finding's field the same words.
    from vetdesk import i18n

    i18n.set_language(lang)
    findings = [d for d in checks.described(db, checks.check_database(db))
                if d.finding.kind == "agreements" and d.finding.problem.field == "company.legal_representative"]
    assert findings and findings[0].field == words


def test_check_names_records_in_the_user_s_words_and_says_the_insurance_once(cli, db) -> None:  # type: ignore[no-untyped-def]
    """Issue 23 (trial 23d): ``vetdesk check`` named records by table ("agreements 66", "companies 1") and listed an
    insurance expiring soon twice, once with an ISO date. Each record by its kind and name, the insurance once,
    its date as the user writes dates."""
    from datetime import date, timedelta

    from vetdesk.services import records

    company = f.make_company(db, name="Frenos del Bajío")
    agreement = f.make_agreement(db, company_id=company)
    f.activate(db, agreement)
    records.update(db, "companies", company, {"legal_representative": None}, accept_warnings=True)  # a finding
    soon = date.today() + timedelta(days=10)  # within the notice, and before the agreement ends
    records.update(db, "agreements", agreement, {"insurance_expiry": soon}, accept_warnings=True)
    ag = records.get(db, "agreements", agreement)
    apprentice = records.get(db, "apprentices", ag["apprentice_id"])
    name = " ".join(p for p in (apprentice["given_names"], apprentice["first_surname"], apprentice["second_surname"])
                    if p)
    code, out, err = cli(db, "--lang", "es", "check")
    assert f"Convenio de aprendizaje {ag['reference']} ({name}): " in out, out
    assert "Empresa Frenos del Bajío: " in out, out
    assert not re.search(r"^(agreements|companies|instructors) \d+:", out, re.M), out
    insurance = [line for line in out.splitlines() if "seguro" in line and ag["reference"] in line]
    assert len(insurance) == 1, insurance
    assert soon.strftime("%d/%m/%Y") in insurance[0] and soon.isoformat() not in out, insurance
