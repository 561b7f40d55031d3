"""Numbers in messages as the reader writes them (trial 21e, item 8): "Horas en la empresa es 32.5" is right in
Mexican Spanish, but German and Brazilian Portuguese write 32,5; the example of a refusal uses the same mark, and
both marks are read when typed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from vetdesk import i18n
from vetdesk.domain.working_time import week_hours
from vetdesk.services import records
from vetdesk.services.fields import parse_value


@pytest.mark.parametrize(("language", "mark"), [("es", "."), ("en", "."), ("de", ","), ("pt", ",")])
def test_hours_in_a_message_and_its_example_use_the_language_s_decimal_mark(language: str, mark: str) -> None:
    hours = records.kind("logbook").field("hours")
    assert hours is not None
    i18n.set_language(language)
    try:
        said = week_hours(date(1990, 1, 1), date(2026, 11, 30), Decimal("32.5"), Decimal("6.25"), 5,
                          cites_jarbschg=False)
        assert said and f"32{mark}5" in said[0].message and f"6{mark}25" in said[0].message, said
        _value, problem = parse_value(hours, "mucho")
        assert problem is not None and f"7{mark}5" in problem.message, problem
        assert parse_value(hours, "7,5") == (Decimal("7.5"), None)  # both marks read when typed
        assert parse_value(hours, "7.5") == (Decimal("7.5"), None)
    finally:
        i18n.set_language("en")
