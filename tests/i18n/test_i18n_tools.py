"""The refresh command on a small project of its own: extract, update, compile, apply, reword."""

from __future__ import annotations

import gettext
import io
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural

from vetdesk import i18n_tools as tools


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "babel.cfg").write_text("[python: vetdesk/**.py]\n", encoding="utf-8")
    (tmp_path / "vetdesk").mkdir()
    (tmp_path / "vetdesk" / "mod.py").write_text(
        'from vetdesk.i18n import _, N_, ngettext\n'
        'LABEL = N_("Stipend")\n'
        'def f(n):\n'
        '    return _("Hello {name}") + ngettext("{n} apprentice", "{n} apprentices", n)\n',
        encoding="utf-8")
    monkeypatch.setattr(tools, "project_root", lambda: tmp_path)
    monkeypatch.setattr(tools, "translations_dir", lambda: tmp_path / "translations")
    return tmp_path


def _compiled(locale: str) -> gettext.GNUTranslations:
    with open(tools.mo_path(locale), "rb") as fh:
        return gettext.GNUTranslations(fh)


def _run() -> str:
    out = io.StringIO()
    tools.refresh(out=out)
    return out.getvalue()


def test_refresh_extract_update_compile_and_apply(project: Path) -> None:
    report = _run()
    assert "messages.pot: 3 messages (rewritten)" in report
    assert "es_MX: 3 untranslated" in report and "en: 0 untranslated" in report
    assert tools.read_catalogue(tools.po_path("pt_BR"), "pt_BR").plural_forms == get_plural("pt_BR").plural_forms

    changed = tools.apply_translations("de", {"Stipend": "Ausbildungsvergütung", "Hello {name}": "Hallo {name}",
                                              "{n} apprentice": ["{n} Auszubildende(r)", "{n} Auszubildende"]})
    assert changed == 3
    tools.compile_if_changed("de")
    german = _compiled("de")
    assert german.gettext("Hello {name}") == "Hallo {name}"
    assert german.ngettext("{n} apprentice", "{n} apprentices", 2) == "{n} Auszubildende"
    english = _compiled("en")
    assert english.gettext("Stipend") == "Stipend"

    # Nothing changed in the code: a second run rewrites nothing (git stays clean).
    before = {p: p.read_bytes() for p in (project / "translations").rglob("*.*")}
    assert "unchanged" in _run()
    assert {p: p.read_bytes() for p in (project / "translations").rglob("*.*")} == before


def test_a_reworded_message_becomes_fuzzy_and_is_not_compiled(project: Path) -> None:
    _run()
    tools.apply_translations("de", {"Hello {name}": "Hallo {name}"})
    source = project / "vetdesk" / "mod.py"
    source.write_text(source.read_text(encoding="utf-8").replace("Hello {name}", "Hello, {name}"), "utf-8")
    _run()
    catalogue = tools.read_catalogue(tools.po_path("de"), "de")
    reworded = catalogue.get("Hello, {name}")
    assert reworded is not None and reworded.fuzzy and reworded.string == "Hallo {name}"
    assert "Hello {name}" not in tools.message_keys(catalogue)  # the old one is dropped, not kept as #~
    assert any(m.id == "Hello, {name}" for m in tools.missing("de"))
    german = _compiled("de")
    assert german.gettext("Hello, {name}") == "Hello, {name}"  # a fuzzy guess never reaches the user


def test_a_new_plural_rule_keeps_what_each_number_said() -> None:
    """A catalogue written under an older CLDR rule (two forms) moves to the installed one without a
    translator: for every number the message reads as before, so nothing becomes fuzzy."""
    old = Catalog(locale="es_MX", fuzzy=False)
    old.mime_headers = [*old.mime_headers, ("Plural-Forms", "nplurals=2; plural=(n != 1);")]
    old.add(("{n} apprentice", "{n} apprentices"), ("{n} aprendiz", "{n} aprendices"))
    before = gettext.c2py(old.plural_expr)
    said_before = {n: ("{n} aprendiz", "{n} aprendices")[before(n)] for n in (0, 1, 2, 7, 1000, 10**6, 3 * 10**6)}

    changed = tools.adopt_plural_rule(old, "es_MX")

    rule = get_plural("es_MX")
    assert changed and old.plural_forms == rule.plural_forms
    message = old.get("{n} apprentice")
    assert message is not None and len(message.string) == rule.num_plurals and not message.fuzzy
    after = gettext.c2py(old.plural_expr)
    assert {n: message.string[after(n)] for n in said_before} == said_before
    assert tools.adopt_plural_rule(old, "es_MX") is False  # once is enough
