"""Where a document for signature says it is signed when the officer leaves its place of signing blank: one rule
for the learning agreement (and its amendments) and the school–company collaboration agreement (issue 22).

The place the officer typed on the document always wins. Left blank, the office's own setting "Place of signing"
is what the office chose for its documents (trial 24b: an office that set "Ciudad de México" got "Querétaro", the
company's city, on its contracts, while its certificates said Ciudad de México): it comes next. Only when the
office records no place does the document fall back on where the training happens — the company's city, the
locality after the postal code of its address ("Av. Tecnológico 1500, 76120 Querétaro, Qro." → "Querétaro"),
else its state. The jurisdiction clause names the courts of this same place (domain.md names no other rule).
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
    """The place a document for signature names: the one typed, else the office's place of signing (its
    settings), else the company's city, else its state ("" when nothing is recorded: the document leaves a line to
    write it on)."""
    for candidate in (typed, office_place, company_city(company_address), company_state):
        if candidate and candidate.strip():
            return candidate.strip()
    return ""
