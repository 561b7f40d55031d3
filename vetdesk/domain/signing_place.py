"""Where a document for signature says it is signed when the officer leaves its place of signing blank: one rule
for the learning agreement (and its amendments) and the school–company collaboration agreement (issue 22).

The parties sign where the training happens: at the company. So the default is the company's city — the
locality after the postal code of its address ("Av. Tecnológico 1500, 76120 Querétaro, Qro." → "Querétaro"),
else its state — and only when the company records neither, the office's own place (its settings). A place the
officer typed always wins.
"""

from __future__ import annotations

import re

#: The locality after a Mexican postal code (five digits), up to the next comma.
_AFTER_POSTCODE = re.compile(r"\b\d{5}\s*,?\s+([^,\d][^,]*)")


def company_city(address: str | None) -> str:
    """The city of an address as Mexican addresses write it (after the postal code); "" when none is found."""
    found = _AFTER_POSTCODE.search(address or "")
    return found.group(1).strip() if found else ""


def default_place_of_signing(typed: str | None, *, company_address: str | None, company_state: str | None,
                             office_place: str | None) -> str:
    """The place a document for signature names: the one typed, else the company's city, else its state, else
    the office's place ("" when nothing is recorded: the document leaves a line to write it on)."""
    for candidate in (typed, company_city(company_address), company_state, office_place):
        if candidate and candidate.strip():
            return candidate.strip()
    return ""
