"""Issue 23: ``vetdesk check`` printed an internal key before a finding (``company.legal_representative:``,
``assessed_on:``, ``level (level)`` on an agreement): every finding names its field in the user's words, in the
user's language, with the same words as the window's check list (``checks.field_label``)."""

from __future__ import annotations

import re

import pytest

from tests import factories as f
from vetdesk.services import checks

#: "error: <field>: message": what stands where the field is named.
NAMED = re.compile(r"^\w+ \d+: (?:error|warning|advertencia|Fehler|Warnung): ([^:]+):")
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
    mine = [line for line in lines if line.startswith(f"agreements {agreement}: ")]
    assert any(f": {words}: " in line for line in mine), mine
    for line in lines:
        found = NAMED.match(line)
        if found is None:
            continue
        field = found.group(1).split(" (")[0]  # "Legal representative (legal_representative)": the key typed
        assert not RAW.match(field), line
    # The window's check list gives the finding's field the same words.
    from vetdesk import i18n

    i18n.set_language(lang)
    findings = [d for d in checks.described(db, checks.check_database(db))
                if d.finding.kind == "agreements" and d.finding.problem.field == "company.legal_representative"]
    assert findings and findings[0].field == words
