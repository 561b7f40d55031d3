"""The shipped catalogues are complete, clean, consistent with their source and compiled.

Reads the committed files in ``translations/`` only; nothing is written.
"""

from __future__ import annotations

import gettext
import re
import subprocess
from collections import Counter

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural

from tests.conftest import require_program
from vetdesk import i18n_tools as tools

LOCALES = tools.LOCALES
TRANSLATED = [loc for loc in LOCALES if loc != tools.SOURCE_LOCALE]

#: Messages whose translation may legitimately be spelled like the English source, per locale
#: (identifiers, words both languages share). Anything else identical to its msgid is English left over.
_EVERYWHERE = {"vetdesk"}
SAME_AS_ENGLISH: dict[str, set[str]] = {
    "es_MX": _EVERYWHERE | {"Total", "General", "Normal", "Error", "error", "{n} error", "Sector", "instructor",
                            "Instructor", "{n} instructor", "oral"},
    "de": _EVERYWHERE | {"Name", "Status", "Status: {status}", "Code", "Semester", "Matrix", "Dimension", "Person",
                         "Navigation", "Problem", "Start", "Export", "Import", "Position", "Version", "Details",
                         "Filter", "Region"},
    "pt_BR": _EVERYWHERE | {"Total", "Status", "Status: {status}", "Normal", "E-mail", "e-mail", "Backup", "oral"},
}

_BRACE = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")
# No space flag: "45 % of" is prose, not a conversion.
_PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0+]*(?:\d+|\*)?(?:\.\d+)?[sdifrxXeEgGcoa%]")
_WORD = re.compile(r"[a-z]{3,}")


def placeholders(text: str) -> Counter[str]:
    """The substitution points of a message: {name} fields and %-conversions (not %%)."""
    found: Counter[str] = Counter()
    for m in _BRACE.finditer(text):
        found["{" + m.group(1) + "}"] += 1
    for m in _PERCENT.finditer(text):
        if m.group(0) != "%%":
            found[m.group(0)] += 1
    return found


def pairs(message: Message) -> list[tuple[str, str]]:
    """(source, translation) for each form of a message; plural forms beyond two use the plural msgid."""
    if message.pluralizable:
        ids = list(message.id)
        strings = list(message.string)
        return [(ids[min(i, 1)], s) for i, s in enumerate(strings)]
    return [(message.id, message.string)]


@pytest.fixture(scope="module")
def template() -> Catalog:
    return tools.read_catalogue(tools.template_path())


@pytest.fixture(scope="module", params=LOCALES)
def catalogue(request: pytest.FixtureRequest) -> Catalog:
    return tools.read_catalogue(tools.po_path(request.param), request.param)


def _label(message: Message) -> str:
    key = tools.message_key(message)
    return repr(key)


def test_plural_forms_and_language_header(catalogue: Catalog) -> None:
    """The catalogue follows the installed Babel's CLDR rule (which changes between releases: Babel 2.19
    gave Spanish and Portuguese a third form for round millions), and that rule says what the language does."""
    loc = str(catalogue.locale)
    assert catalogue.plural_forms == get_plural(loc).plural_forms
    form = gettext.c2py(catalogue.plural_expr)
    assert form(1) != form(2) and form(2) == form(5) == form(21)
    # Brazilian Portuguese treats zero as singular ("0 erro"); Spanish, German and English do not.
    assert (form(0) == form(1)) is (loc == "pt_BR")
    assert not catalogue.fuzzy, "the header is marked fuzzy"


def test_every_template_message_is_translated(template: Catalog, catalogue: Catalog) -> None:
    wanted = {tools.message_key(m) for m in template if m.id}
    have = {tools.message_key(m): m for m in catalogue if m.id}
    absent = sorted(map(repr, wanted - set(have)))
    untranslated = sorted(_label(m) for k, m in have.items() if k in wanted
                          and not all(s.strip() for s in tools._as_tuple(m.string)))
    assert not absent, f"{catalogue.locale}: not in the catalogue: {absent[:20]}"
    assert not untranslated, f"{catalogue.locale}: {len(untranslated)} untranslated: {untranslated[:20]}"


def test_no_fuzzy_or_obsolete_entries(catalogue: Catalog) -> None:
    loc = str(catalogue.locale)
    fuzzy = [_label(m) for m in catalogue if m.id and m.fuzzy]
    assert not fuzzy, f"{loc}: fuzzy entries must be checked by a translator: {fuzzy[:20]}"
    assert not catalogue.obsolete
    raw = tools.po_path(loc).read_text(encoding="utf-8")
    assert not re.search(r"^#~", raw, re.M), f"{loc}: obsolete (#~) entries left in the file"


def test_no_message_beyond_the_template(template: Catalog, catalogue: Catalog) -> None:
    extra = tools.message_keys(catalogue) - tools.message_keys(template)
    assert not extra, f"{catalogue.locale}: messages the code no longer has: {sorted(map(repr, extra))[:20]}"


def test_placeholders_match(catalogue: Catalog) -> None:
    wrong = []
    for m in catalogue:
        if not m.id or m.fuzzy:  # fuzzy entries are not compiled (and fail their own test)
            continue
        for source, text in pairs(m):
            if text and placeholders(source) != placeholders(text):
                wrong.append(f"{source!r} -> {text!r}")
    assert not wrong, f"{catalogue.locale}: placeholders differ:\n" + "\n".join(wrong[:20])


def test_keyboard_mnemonics_survive(catalogue: Catalog) -> None:
    """A menu label with an '&' accelerator keeps exactly one in its translation."""
    def mnemonics(text: str) -> int:
        return len(re.findall(r"&(?=[^&\s])", text.replace("&&", "")))
    wrong = [f"{s!r} -> {t!r}" for m in catalogue if m.id and not m.fuzzy for s, t in pairs(m)
             if t and mnemonics(s) != mnemonics(t)]
    assert not wrong, f"{catalogue.locale}: accelerators differ: {wrong[:20]}"


@pytest.mark.parametrize("locale", TRANSLATED)
def test_no_english_left(locale: str) -> None:
    catalogue = tools.read_catalogue(tools.po_path(locale), locale)
    left = []
    for m in catalogue:
        if not m.id:
            continue
        for source, text in pairs(m):
            wordy = _WORD.search(_BRACE.sub("", source))
            if text == source and wordy and source not in SAME_AS_ENGLISH[locale]:
                left.append(source)
    assert not left, f"{locale}: still in English: {left[:20]}"


def test_english_is_the_identity() -> None:
    catalogue = tools.read_catalogue(tools.po_path("en"), "en")
    assert len(catalogue) > 50
    assert all(tools._as_tuple(m.string) == tools._as_tuple(m.id) for m in catalogue if m.id)


@pytest.mark.parametrize("locale", LOCALES)
def test_committed_mo_is_up_to_date(locale: str) -> None:
    """The .mo files are committed (nothing compiles at install time); each must say what its .po says."""
    assert tools.mo_path(locale).exists(), f"{locale}: run python -m vetdesk.i18n_tools"
    assert tools.mo_is_current(locale), f"{locale}: .mo is stale; run python -m vetdesk.i18n_tools"


def test_placeholder_reader_sees_every_kind() -> None:
    """The checker itself: it must tell apart the placeholders it is meant to compare."""
    assert placeholders("{n} of {total}: %(name)s and %d, 100%%, {{literal}}") == Counter(
        {"{n}": 1, "{total}": 1, "%(name)s": 1, "%d": 1})
    assert placeholders("{n} Fehler") != placeholders("{count} Fehler")


@pytest.mark.parametrize("locale", LOCALES)
def test_gnu_msgfmt_accepts_each_catalogue(locale: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Translators open these files in Poedit & co., which run msgfmt's checks (formats, plurals, header)."""
    msgfmt = require_program("msgfmt", "gettext")
    result = subprocess.run([msgfmt, "--check", "-o", str(tmp_path / "out.mo"), str(tools.po_path(locale))],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
