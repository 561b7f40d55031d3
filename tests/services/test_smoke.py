from vetdesk.services import records


def test_company_round_trip(db):
    out = records.create(db, "companies", {"name": " Bosch  México ", "rfc": "rbo8509253a1",
                                           "legal_representative": "Ana López"})
    got = records.get(db, "companies", out.id)
    assert got["name"] == "Bosch México"
    assert got["rfc"] == "RBO8509253A1"
