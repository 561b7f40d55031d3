"""The amount in words loads num2words' one language module, and spells what the whole package spells."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest

from vetdesk.i18n import translator
from vetdesk.reports import words


@pytest.mark.parametrize(("language", "package_lang"), [("es", "es"), ("en", "en"), ("de", "de"), ("pt", "pt_BR")])
def test_each_language_spells_as_the_whole_package(language: str, package_lang: str) -> None:
    from num2words import num2words

    for number in (0, 1, 15, 21, 100, 101, 1000, 4500, 21001, 1_000_000, 2_345_678):
        assert words._spell(language)(number) == num2words(number, lang=package_lang)


def test_an_amount_loads_only_its_language() -> None:
    script = ("import sys; from decimal import Decimal; from vetdesk.i18n import translator; "
              "from vetdesk.reports import words; "
              "print(words.amount_in_words(translator('es'), Decimal('4500.50'), 'MXN')); "
              "print('num2words' in sys.modules, sorted(m.rsplit('.', 1)[1] for m in sys.modules "
              "if m.startswith(words._LEAN_PACKAGE + '.lang_')))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.stdout.splitlines() == ["cuatro mil quinientos pesos 50/100 M.N.", "False ['lang_ES', 'lang_EU']"], \
        done.stderr
    assert words.amount_in_words(translator("de"), Decimal("21"), "EUR") == "einundzwanzig Euro 00/100"


def test_an_english_amount_in_words_reads_as_a_contract_writes_it() -> None:
    """Trial 4: "four thousand, eight hundred": a contract writes no comma inside the amount's words."""
    from decimal import Decimal

    from vetdesk.i18n import translator
    from vetdesk.reports import words

    said = words.amount_in_words(translator("en"), Decimal("4800"), "MXN")
    assert said.startswith("four thousand eight hundred ") and "," not in said, said
    assert words.amount_in_words(translator("es"), Decimal("4800"), "MXN").startswith("cuatro mil ochocientos ")
