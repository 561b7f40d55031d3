"""Issue 23 (trial 23d): printing a 7-month probation in the Mexican layout (MMFD) was refused citing § 20 BBiG,
which that contract does not cite. The Mexican layout prints it (a warning, citing no German law); the AHK layout
refuses it citing the law it prints."""

from __future__ import annotations

from tests import factories as f
from vetdesk.services import records


def test_a_long_probation_prints_in_the_mexican_layout_and_is_refused_in_the_ahk_one(  # type: ignore[no-untyped-def]
        cli, db, tmp_path) -> None:
    agreement = f.make_agreement(db, probation_months=7)
    out_path = tmp_path / "bbig.pdf"
    code, out, err = cli(db, "print", "agreement", str(agreement), "--lang", "en", "--template", "bbig",
                         "-o", str(out_path))
    assert code == 1 and not out_path.exists() and "§ 20 BBiG" in err, err
    assert records.get(db, "agreements", agreement)["status"] == "draft"
    out_path = tmp_path / "mmfd.pdf"
    code, out, err = cli(db, "print", "agreement", str(agreement), "--lang", "en", "--template", "mmfd",
                         "-o", str(out_path))
    assert code == 0 and out_path.exists(), err
    assert "A probation period of 7 months is longer" in err and "BBiG" not in err, err
    assert records.get(db, "agreements", agreement)["status"] == "printed"
