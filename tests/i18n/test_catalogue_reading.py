"""The catalogues are read straight from their files: the same messages as gettext's own search finds, and no
``locale`` module on the window's start path (gettext's search loads it to expand a language's name)."""

from __future__ import annotations

import gettext
import subprocess
import sys

import pytest

from vetdesk import i18n


@pytest.mark.parametrize("language", sorted(i18n.LANGUAGES))
def test_a_catalogue_holds_what_gettext_finds(language: str) -> None:
    ours = i18n.translator(language).catalogue
    theirs = gettext.translation(i18n.DOMAIN, localedir=str(i18n.translations_dir()),
                                 languages=[i18n.locale_for(language)])
    assert isinstance(ours, gettext.GNUTranslations)
    assert ours._catalog == theirs._catalog and len(ours._catalog) > 2000  # type: ignore[attr-defined]
    assert ours.info() == theirs.info() and [ours.plural(n) for n in range(4)] == [theirs.plural(n) for n in range(4)]  # type: ignore[attr-defined]


def test_setting_the_language_loads_no_locale_module() -> None:
    done = subprocess.run([sys.executable, "-c", "import sys; from vetdesk import i18n; i18n.set_language('es'); "
                           "print('locale' in sys.modules, i18n.gettext('Dashboard'))"],
                          capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.split() == ["False", "Tablero"]


def test_a_missing_catalogue_leaves_the_words_in_english(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    assert isinstance(i18n._catalogue("de"), gettext.NullTranslations)
    assert i18n._catalogue("de").gettext("Dashboard") == "Dashboard"
