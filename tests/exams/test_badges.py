"""An Open Badge for a completed programme: expands against the specification's own contexts (no network) with
every term defined, carries what an OpenBadgeCredential requires, verifies, and holds no CURP or unchosen name."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from pyld import jsonld

from tests.exams.pipeline import passed_apprentice
from tests.factories import make_programme
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import badges, records

CONTEXTS = Path(__file__).parent / "contexts"
#: The only documents the loader serves (tests/exams/contexts/SOURCES.md says where they come from).
LOCAL = {"https://www.w3.org/ns/credentials/v2": CONTEXTS / "credentials-v2.jsonld",
         "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": CONTEXTS / "context-3.0.3.json"}


def local_loader(url: str, options: dict | None = None) -> dict:
    if url not in LOCAL:
        raise jsonld.JsonLdError(f"no network: {url} is not a kept context", "jsonld.LoadDocumentError",
                                 code="loading document failed")
    return {"contextUrl": None, "documentUrl": url, "document": json.loads(LOCAL[url].read_text("utf-8"))}


def _properties(node, found: set[str]) -> set[str]:
    if isinstance(node, list):
        for item in node:
            _properties(item, found)
    elif isinstance(node, dict):
        for key, value in node.items():
            if not key.startswith("@"):
                found.add(key)
            _properties(value, found)
    return found


def expand_strictly(doc: dict) -> list:
    """Expand refusing undefined terms: pyld drops a term no context defines, so the expansion compacted again
    with the same contexts must give the document back whole, and no property may fall to a catch-all
    vocabulary (VC v2's issuer-dependent one) or stay a relative IRI."""
    options = {"documentLoader": local_loader}
    expanded = jsonld.expand(doc, options)
    for prop in _properties(expanded, set()):
        if not prop.startswith(("https://", "http://")) or "issuer-dependent" in prop:
            raise ValueError(f"undefined term: {prop}")
    again = jsonld.compact(expanded, {"@context": doc["@context"]}, options)
    if _normal(again) != _normal(doc):
        raise ValueError("a term was dropped in expansion (undefined)")
    return expanded


def _normal(node):
    """Single values and one-element lists compare equal (compaction writes @set containers as lists)."""
    if isinstance(node, list):
        items = [_normal(x) for x in node]
        return items[0] if len(items) == 1 else items
    if isinstance(node, dict):
        return {k: _normal(v) for k, v in node.items()}
    return node


@pytest.fixture
def badge(db):
    programme = make_programme(db)
    agreement = passed_apprentice(db, programme)
    apprentice = records.get(db, "agreements", agreement)["apprentice_id"]
    records.create(db, "conocer_verdicts", {"apprentice_id": apprentice, "standard": "EC0301",
                                            "verdict": "competente", "assessed_on": "2026-06-01"})
    return db, programme, agreement, records.get(db, "apprentices", apprentice)


def test_badge_expands_with_every_term_defined(badge):
    db, _programme, agreement, _apprentice = badge
    vc = badges.credential(db, agreement, options=badges.Options(isced_level="35"))
    expanded = expand_strictly(vc)
    text = json.dumps(expanded)
    assert "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential" in text
    assert "https://purl.imsglobal.org/spec/vc/ob/vocab.html#identityHash" in text
    # The strict expansion can fail: an undefined term is caught.
    spoiled = copy.deepcopy(vc)
    spoiled["credentialSubject"]["nickname"] = "Lalo"
    with pytest.raises(ValueError, match="undefined|dropped"):
        expand_strictly(spoiled)
    with pytest.raises(jsonld.JsonLdError):
        expand_strictly(vc | {"@context": [*vc["@context"], "https://example.org/other-context"]})


def test_badge_has_what_an_openbadgecredential_requires(badge):
    db, _programme, agreement, _apprentice = badge
    vc = badges.credential(db, agreement)
    assert vc["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert vc["@context"][1] == "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
    assert vc["id"].startswith("urn:uuid:")
    assert {"VerifiableCredential", "OpenBadgeCredential"} <= set(vc["type"])
    assert vc["issuer"]["id"] and "Profile" in vc["issuer"]["type"] and vc["issuer"]["name"]
    assert vc["validFrom"].endswith("Z") and vc["name"]
    subject = vc["credentialSubject"]
    assert "AchievementSubject" in subject["type"]
    assert subject["identifier"][0]["hashed"] is True and subject["identifier"][0]["identityHash"].startswith("sha256$")
    achievement = subject["achievement"]
    assert achievement["id"] and "Achievement" in achievement["type"]
    assert achievement["achievementType"] == "ApprenticeshipCertificate"
    assert achievement["name"] and achievement["description"] and achievement["criteria"]["narrative"]
    assert [a["targetCode"] for a in achievement["alignment"]] == ["EC0301"]


def test_no_curp_and_no_name_unless_chosen(badge):
    db, _programme, agreement, apprentice = badge
    curp = apprentice["curp"]
    hidden = badges.sign(db, badges.credential(db, agreement))
    payload = json.dumps(badges.verify(db, hidden))
    assert curp not in payload and curp not in hidden
    assert apprentice["first_surname"] not in payload and apprentice["given_names"] not in payload
    ident = badges.verify(db, hidden)["credentialSubject"]["identifier"][0]
    assert ident["identityHash"] == badges.identity_hash(curp, ident["salt"])
    named = badges.verify(db, badges.sign(db, badges.credential(db, agreement, options=badges.Options(
        include_name=True))))
    assert apprentice["first_surname"] in json.dumps(named, ensure_ascii=False)


def test_signature_verifies_and_an_altered_badge_is_refused(badge, cli, tmp_path):
    db, programme, agreement, _apprentice = badge
    token = badges.sign(db, badges.credential(db, agreement))
    assert badges.verify(db, token)["type"][1] == "OpenBadgeCredential"
    head, body, sig = token.split(".")
    vc = json.loads(badges._unb64(body))
    vc["credentialSubject"]["achievement"]["name"] = "Doctorate"
    forged = head + "." + badges._b64(json.dumps(vc).encode()) + "." + sig
    with pytest.raises(RuleViolation) as refused:
        badges.verify(db, forged)
    assert refused.value.problems[0].code == "verify.signature"
    exported = badges.export_programme(db, programme, tmp_path / "badges")
    assert [e.agreement_id for e in exported] == [agreement]
    code, out, err = cli(db, "verify", str(exported[0].path))
    assert code == 0, err
    assert "Open Badge" in err + out
    (tmp_path / "forged.jwt").write_text(forged)
    code, out, err = cli(db, "verify", str(tmp_path / "forged.jwt"))
    assert code == 1 and "altered" in err and "Traceback" not in err


def test_verify_checks_whom_a_badge_was_issued_to(badge, cli, tmp_path):
    """``verify BADGE --curp`` compares the CURP with the badge's hashed identity (it was ignored)."""
    db, programme, agreement, apprentice = badge
    path = badges.export_programme(db, programme, tmp_path / "badges")[0].path
    curp = apprentice["curp"]
    code, out, err = cli(db, "verify", str(path), "--curp", curp.lower())
    assert code == 0 and f"Issued to CURP {curp}" in err, err
    other = curp[:-1] + ("0" if curp[-1] != "0" else "1")
    code, out, err = cli(db, "verify", str(path), "--curp", other)
    assert code == 1 and "not issued to CURP" in err and "Traceback" not in err, err


def test_a_result_letter_greets_the_apprentice_by_their_recorded_sex() -> None:
    """"Liebe(r)" under a name whose sex is recorded read as a form letter."""
    from vetdesk.i18n import translator
    from vetdesk.reports import words

    de, es = translator("de"), translator("es")
    # formal, as the letter's "Ihre" (a new user's trial: "Lieber … Ihre" mixed two forms of address)
    assert words.dear(de, "M", "Ana Ruiz") == "Sehr geehrte Frau Ana Ruiz,"
    assert words.dear(de, "H", "Luis Ruiz") == "Sehr geehrter Herr Luis Ruiz,"
    assert words.dear(es, "M", "Ana Ruiz") == "Estimada Ana Ruiz:"
    assert words.dear(es, "X", "Alex Ruiz") == "Estimado(a) Alex Ruiz:"
