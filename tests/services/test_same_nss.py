"""A new user's trial: the same NSS was accepted for two apprentices without a word. Saving warns (it does not
refuse: a number copied into the wrong record is the mistake to find), naming the other apprentice."""

from __future__ import annotations

import pytest

from tests import factories as f
from vetdesk.domain.problems import WarningsNotAccepted
from vetdesk.services import records


def test_an_nss_another_apprentice_holds_is_warned_of_naming_them(db) -> None:  # type: ignore[no-untyped-def]
    first = f.make_apprentice(db, given_names="Ana", first_surname="Ruiz", second_surname="Paz")
    nss = records.get(db, "apprentices", first)["nss"]
    # its own NSS saved again is no duplicate
    assert "nss.duplicate" not in {p.code for p in records.validate(db, "apprentices", {"nss": nss}, record_id=first)}
    second = f.make_apprentice(db, nss=f.nss())
    with pytest.raises(WarningsNotAccepted) as warned:
        records.update(db, "apprentices", second, {"nss": nss})
    [problem] = [p for p in warned.value.problems if p.field == "nss"]
    assert problem.code == "nss.duplicate" and not problem.is_error
    assert f"Ana Ruiz Paz (apprentice {first})" in problem.message and nss in problem.message
    records.update(db, "apprentices", second, {"nss": nss}, accept_warnings=True)  # a warning, not a refusal
    assert records.get(db, "apprentices", second)["nss"] == nss

