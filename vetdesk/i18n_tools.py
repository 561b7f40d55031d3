"""Keep the translation catalogues in step with the code: extract, update, compile.

Run from a source checkout::

    python -m vetdesk.i18n_tools            # extract -> update -> compile, then list what is missing
    python -m vetdesk.i18n_tools todo de    # untranslated or fuzzy messages of one locale, as JSON

``translations/messages.pot`` is the template; ``translations/<locale>/LC_MESSAGES/messages.po`` are the
catalogues. The compiled ``messages.mo`` files are committed next to them (nothing is compiled at install
time, so nothing can be missing at run time); tests/i18n checks that each is up to date with its ``.po``.

Files are rewritten only when their messages change, so running the command twice leaves git clean.
The English catalogue is the identity: any message still empty there is filled with its source text.
"""

from __future__ import annotations

import argparse
import gettext
import io
import json
import re
import sys
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po

from vetdesk.i18n import DOMAIN, LANGUAGES
from vetdesk.paths import project_root, translations_dir

#: The gettext calls the extractor looks for. ``gettext``/``ngettext``/``pgettext`` also catch the
#: per-document translator (``t.gettext(...)``) the reports use.
KEYWORDS: dict[str, Any] = {
    "_": None,
    "N_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
COMMENT_TAGS = ("TRANSLATORS:",)
LOCALES: tuple[str, ...] = tuple(LANGUAGES.values())
SOURCE_LOCALE = "en"
PROJECT = "vetdesk"
MSGID_BUGS = "vetdesk developers"
WIDTH = 110

Key = str | tuple[str, str]


def template_path() -> Path:
    return translations_dir() / f"{DOMAIN}.pot"


def po_path(locale: str) -> Path:
    return translations_dir() / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(locale: str) -> Path:
    return po_path(locale).with_suffix(".mo")


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("vetdesk")
    except Exception:  # noqa: BLE001 - a checkout that is not installed still extracts
        return "0"


# -- extract -------------------------------------------------------------------------------------

def extract(root: Path | None = None) -> Catalog:
    """Extract every marked message from the package into a fresh template catalogue."""
    root = root or project_root()
    with open(root / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    catalogue = Catalog(project=PROJECT, version=_version(), msgid_bugs_address=MSGID_BUGS,
                        charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
            str(root), method_map, options_map, keywords=KEYWORDS, comment_tags=COMMENT_TAGS,
            strip_comment_tags=True):
        path = Path(filename).as_posix()
        catalogue.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return catalogue


def message_key(message: Message) -> Key:
    mid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return (message.context, mid) if message.context else mid


def message_keys(catalogue: Catalog) -> set[Key]:
    return {message_key(m) for m in catalogue if m.id}


# -- read / write --------------------------------------------------------------------------------

def read_catalogue(path: Path, locale: str | None = None) -> Catalog:
    with open(path, "rb") as fh:
        return read_po(fh, locale=locale, domain=DOMAIN)


def _snapshot(catalogue: Catalog) -> list[tuple[Any, ...]]:
    """What a catalogue says, without its dates: used to decide whether a file must be rewritten."""
    rows = []
    for m in catalogue:
        if not m.id:
            continue
        rows.append((m.context, _as_tuple(m.id), _as_tuple(m.string), m.fuzzy,
                     tuple(sorted({path for path, _line in m.locations})), tuple(m.auto_comments)))
    rows.sort(key=repr)
    obsolete = sorted(repr(k) for k in catalogue.obsolete)
    plural = catalogue.plural_forms if catalogue.locale else ""
    return [*rows, ("obsolete", *obsolete), ("plural", plural)]


def _as_tuple(value: Any) -> tuple[str, ...]:
    if isinstance(value, list | tuple):
        return tuple(value)
    return (value or "",)


#: A real %-conversion. Babel also flags prose such as "45 % of" (a space flag and an "o"), which then
#: makes ``msgfmt -c`` and translation editors demand the same nonsense directives in every language.
_PERCENT_CONVERSION = re.compile(r"%(?:\(\w+\))?[-#0+]*(?:\d+|\*)?(?:\.\d+)?[sdifrxXeEgGcoa]")


def _mark_prose_percent(catalogue: Catalog) -> None:
    for m in catalogue:
        if not m.id or "python-format" not in m.flags:
            continue
        if not any(_PERCENT_CONVERSION.search(text) for text in _as_tuple(m.id)):
            m.flags.discard("python-format")
            m.flags.add("no-python-format")


def _serialise(catalogue: Catalog) -> bytes:
    _mark_prose_percent(catalogue)
    buf = io.BytesIO()
    write_po(buf, catalogue, width=WIDTH, include_lineno=False, ignore_obsolete=True, sort_by_file=False)
    return buf.getvalue()


def write_if_changed(path: Path, catalogue: Catalog, before: Catalog | None) -> bool:
    """Write ``catalogue`` to ``path`` unless its messages equal ``before``'s; say whether it wrote."""
    if before is not None and _snapshot(before) == _snapshot(catalogue) and path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(_serialise(catalogue))
    tmp.replace(path)
    return True


# -- update --------------------------------------------------------------------------------------

def new_catalogue(locale: str, template: Catalog) -> Catalog:
    catalogue = Catalog(locale=locale, domain=DOMAIN, project=PROJECT, version=template.version,
                        msgid_bugs_address=MSGID_BUGS, charset="utf-8", fuzzy=False,
                        language_team=f"{locale} <{MSGID_BUGS}>",
                        last_translator=MSGID_BUGS)
    return catalogue


def update_catalogue(locale: str, template: Catalog) -> tuple[Catalog, Catalog | None]:
    """Merge the template into one locale's catalogue; return (updated, as it was before)."""
    path = po_path(locale)
    before = read_catalogue(path, locale) if path.exists() else None
    catalogue = read_catalogue(path, locale) if path.exists() else new_catalogue(locale, template)
    # Fuzzy matching keeps the old translation of a reworded message as a hint; the tests refuse
    # fuzzy entries, so a translator must confirm each one.
    catalogue.update(template, no_fuzzy_matching=False, update_creation_date=False)
    adopt_plural_rule(catalogue, locale)
    catalogue.obsolete.clear()
    catalogue.fuzzy = False
    if locale == SOURCE_LOCALE:
        for m in catalogue:
            if m.id and (not _complete(m) or m.fuzzy):
                m.string = m.id if isinstance(m.id, str) else tuple(m.id)
                m.flags.discard("fuzzy")
                catalogue.revision_date = datetime.now(UTC)
    return catalogue, before


#: Numbers that show every plural form of every language Babel knows (CLDR's "many" is a million in
#: Spanish, French and Portuguese; Slavic and Celtic forms are told apart below 200).
_PLURAL_SAMPLES = (*range(200), 1000, 1_000_000, 2_000_000)


def adopt_plural_rule(catalogue: Catalog, locale: str) -> bool:
    """Give ``catalogue`` the installed Babel's plural rule for ``locale`` (CLDR changes it now and then),
    carrying each plural translation over by number: a new form takes the text the old rule chose for the
    numbers it now covers. Says whether the rule changed.

    Nothing becomes fuzzy: for every number the catalogue says what it said before. A new form that
    grammar could word differently (Spanish "un millón de aprendices") prints digits in vetdesk, where the
    plural text is already right ("1 000 000 aprendices").
    """
    rule = get_plural(locale)
    if (catalogue.num_plurals, catalogue.plural_expr) == (rule.num_plurals, rule.plural_expr):
        return False
    old_form, new_form = gettext.c2py(catalogue.plural_expr), gettext.c2py(rule.plural_expr)
    carried = [old_form(next(n for n in _PLURAL_SAMPLES if new_form(n) == form))
               for form in range(rule.num_plurals)]
    for message in catalogue:
        if message.id and message.pluralizable:
            old = _as_tuple(message.string)
            message.string = tuple(old[i] if i < len(old) else "" for i in carried)
    catalogue.mime_headers = [*((k, v) for k, v in catalogue.mime_headers if k.lower() != "plural-forms"),
                              ("Plural-Forms", rule.plural_forms)]
    return True


def _complete(message: Message) -> bool:
    return all(s for s in _as_tuple(message.string))


# -- compile -------------------------------------------------------------------------------------

def compile_catalogue(catalogue: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalogue, use_fuzzy=False)
    return buf.getvalue()


def compiled_messages(catalogue: Catalog) -> dict[Key, tuple[str, ...]]:
    """The translated, non-fuzzy messages of a catalogue, as a compiled file would hold them."""
    return {message_key(m): _as_tuple(m.string) for m in catalogue
            if m.id and _complete(m) and not m.fuzzy}


def read_compiled(path: Path | bytes) -> tuple[str, dict[Key, tuple[str, ...]]]:
    """The plural rule and messages of a compiled catalogue (a path or the bytes of one)."""
    if isinstance(path, bytes):
        catalogue = read_mo(io.BytesIO(path))
    else:
        with open(path, "rb") as fh:
            catalogue = read_mo(fh)
    return catalogue.plural_forms, compiled_messages(catalogue)


def mo_is_current(locale: str) -> bool:
    """Whether the committed ``.mo`` says exactly what compiling the ``.po`` now would say."""
    path = mo_path(locale)
    if not path.exists():
        return False
    fresh = compile_catalogue(read_catalogue(po_path(locale), locale))
    return read_compiled(path) == read_compiled(fresh)


def compile_if_changed(locale: str) -> bool:
    if mo_is_current(locale):
        return False
    path = mo_path(locale)
    tmp = path.with_suffix(".mo.tmp")
    tmp.write_bytes(compile_catalogue(read_catalogue(po_path(locale), locale)))
    tmp.replace(path)
    return True


# -- applying translations -----------------------------------------------------------------------

def apply_translations(locale: str, translations: Mapping[Key, str | Iterable[str]]) -> int:
    """Put ``translations`` (msgid or (context, msgid) -> text or plural texts) into a catalogue.

    Messages that are not in the catalogue are ignored (the code may have dropped them). Returns how
    many messages changed. Used to enter a wave of translations without editing ``.po`` files by hand.
    """
    path = po_path(locale)
    catalogue = read_catalogue(path, locale)
    before = read_catalogue(path, locale)
    changed = 0
    for key, text in translations.items():
        ctx, mid = key if isinstance(key, tuple) else (None, key)
        m = catalogue.get(mid, context=ctx)
        if m is None:
            continue
        value: str | tuple[str, ...] = text if isinstance(text, str) else tuple(text)
        if m.pluralizable and isinstance(value, str):
            raise ValueError(f"{locale}: {mid!r} needs plural forms, got one string")
        if not m.pluralizable and not isinstance(value, str):
            raise ValueError(f"{locale}: {mid!r} is not a plural message")
        if m.string != value or m.fuzzy:
            m.string = value
            m.flags.discard("fuzzy")
            changed += 1
    if changed:
        catalogue.revision_date = datetime.now(UTC)
    write_if_changed(path, catalogue, before)
    return changed


def missing(locale: str) -> list[Message]:
    """Messages of one catalogue that are untranslated or fuzzy."""
    return [m for m in read_catalogue(po_path(locale), locale) if m.id and (not _complete(m) or m.fuzzy)]


# -- the command ---------------------------------------------------------------------------------

def refresh(*, out: Any = sys.stdout) -> int:
    """Extract, update every catalogue, compile; print a summary. Returns the number missing."""
    template = extract()
    pot = template_path()
    before = read_catalogue(pot) if pot.exists() else None
    if before is not None and _snapshot(before) == _snapshot(template):
        state = "unchanged"
    else:
        template.creation_date = datetime.now(UTC)
        write_if_changed(pot, template, None)
        state = "rewritten"
    print(f"{pot.name}: {len(message_keys(template))} messages ({state})", file=out)
    total_missing = 0
    for locale in LOCALES:
        # A fresh template each time: Catalog.update() adopts the template's Message objects.
        catalogue, old = update_catalogue(locale, read_catalogue(pot))
        wrote = write_if_changed(po_path(locale), catalogue, old)
        compiled = compile_if_changed(locale)
        gaps = missing(locale)
        total_missing += len(gaps)
        done = [word for word, on in (("po updated", wrote), ("mo compiled", compiled)) if on]
        state = ", ".join(done) or "unchanged"
        print(f"{locale}: {len(gaps)} untranslated or fuzzy ({state})", file=out)
    return total_missing


def _todo(locale: str, out: Any) -> None:
    rows = []
    for m in missing(locale):
        rows.append({"context": m.context, "id": m.id, "previous": m.string if m.fuzzy else None,
                     "comments": list(m.auto_comments)})
    json.dump(rows, out, ensure_ascii=False, indent=1)
    out.write("\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vetdesk.i18n_tools", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("refresh", help="extract, update and compile every catalogue (the default)")
    todo = sub.add_parser("todo", help="print the untranslated or fuzzy messages of a locale as JSON")
    todo.add_argument("locale", choices=LOCALES)
    apply = sub.add_parser("apply", help="apply a JSON file {locale: {msgid: text}} to the catalogues")
    apply.add_argument("file", type=Path)
    sub.add_parser("compile", help="compile every catalogue to its .mo file")
    args = parser.parse_args(argv)
    if args.command == "todo":
        _todo(args.locale, sys.stdout)
        return 0
    if args.command == "apply":
        data = json.loads(args.file.read_text(encoding="utf-8"))
        for locale, table in data.items():
            keyed = {(tuple(k.split("\x04", 1)) if "\x04" in k else k): v for k, v in table.items()}
            print(f"{locale}: {apply_translations(locale, keyed)} changed")
            compile_if_changed(locale)
        return 0
    if args.command == "compile":
        for locale in LOCALES:
            compile_if_changed(locale)
        return 0
    refresh()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
