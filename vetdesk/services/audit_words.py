"""The audit trail's operation names in no one's language: stored as vetdesk's own message (its English source,
"Change apprentice"), said in the reader's language when shown ("Modificar aprendiz", "Lehrling ändern").

A unit of work is named in the language of whoever works (``_("Change {kind}").format(kind=_("apprentice"))``);
:func:`stored` takes that name back to the message it was made of, in whichever of vetdesk's languages it was
written, so entries written before this (in Spanish, German…) are read the same way by :func:`shown`. A name no
message makes (an office's own words) stays as it was written. Imports no SQLAlchemy.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

#: A placeholder of a message: {name}, {name!r}, {name:>3}.
_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:![rsa])?(?::[^{}]*)?\}")
#: Marks an undo's operation (services.undo.UNDO_MARK): kept in front, the rest reworded.
_MARKS = ("↶ ",)


@dataclass(frozen=True)
class _Template:
    spelling: str
    msgid: str
    prefix: str
    suffix: str
    literal: int

    @functools.cached_property
    def pattern(self) -> re.Pattern[str] | None:
        return _pattern(self.spelling)


def _fields(text: str) -> list[str]:
    return _FIELD.findall(text)


def _pattern(text: str) -> re.Pattern[str] | None:
    """A regular expression matching ``text`` with its placeholders filled (each name once; none adjacent)."""
    out, seen, last = [], set(), 0
    for m in _FIELD.finditer(text):
        literal = text[last:m.start()]
        if m.start() > 0 and not literal:
            return None  # two placeholders side by side: which value is which cannot be told
        out.append(re.escape(literal))
        name = m.group(1)
        out.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
        seen.add(name)
        last = m.end()
    out.append(re.escape(text[last:]))
    try:
        return re.compile("".join(out), re.DOTALL)
    except re.error:
        return None


def _catalogue(language: str) -> dict[object, object]:
    from vetdesk.i18n import current, locale_for, translator

    t = current() if current().locale == locale_for(language) else translator(language)
    return getattr(t.catalogue, "_catalog", {}) or {}


@functools.cache
def _catalogues(languages: tuple[str, ...]) -> tuple[dict[str, list[str]], tuple[_Template, ...]]:
    """Every spelling of vetdesk's messages in ``languages`` (and the source's) -> its message; and the messages
    with placeholders, the most specific (longest fixed text) first, matched by their fixed start and end before
    their pattern is made."""
    exact: dict[str, list[str]] = {}
    templates: dict[tuple[str, str], _Template] = {}
    for language in dict.fromkeys(("en", *languages)):
        for msgid, msgstr in _catalogue(language).items():
            if not isinstance(msgid, str) or not msgid or "\x04" in msgid or not isinstance(msgstr, str):
                continue  # the header, plural forms, messages with a context
            for spelling in (msgid, msgstr):
                if not spelling:
                    continue
                if "{" not in spelling:
                    found_ids = exact.setdefault(spelling, [])
                    if msgid not in found_ids:
                        found_ids.append(msgid)
                    continue
                found = list(_FIELD.finditer(spelling))
                if not found or sorted({m.group(1) for m in found}) != sorted(set(_fields(msgid))):
                    continue
                literal = len(_FIELD.sub("", spelling).strip())
                if literal >= 4 and (spelling, msgid) not in templates:
                    templates[(spelling, msgid)] = _Template(spelling, msgid, spelling[:found[0].start()],
                                                             spelling[found[-1].end():], literal)
    ordered = tuple(sorted(templates.values(), key=lambda t: -t.literal))
    return exact, ordered


def reword(name: str, gettext: Callable[[str], str], *, languages: tuple[str, ...] | None = None,
           depth: int = 0) -> str:
    """``name`` (an operation's, in any of ``languages``, default all of vetdesk's) in the words ``gettext``
    gives: the message it was made of, its filled-in values reworded too (a kind's word); as written when no
    message makes it."""
    from vetdesk.i18n import LANGUAGES

    languages = languages or tuple(LANGUAGES)
    for mark in _MARKS:
        if name.startswith(mark):
            return mark + reword(name[len(mark):], gettext, languages=languages, depth=depth)
    exact, templates = _catalogues(languages)
    if name in exact:
        candidates = exact[name]
        if depth:  # a filled-in word (a kind's): of messages spelt alike ("Unternehmen": company, companies,
            # Companies), the word within a sentence, lower-case in the source, is meant, and of those the
            # shortest (a kind's singular: its operations mostly name one record)
            candidates = sorted([c for c in candidates if c[:1].islower()] or candidates, key=len)
        return gettext(candidates[0])
    if depth > 2:
        return name
    for template in templates:
        if not (name.startswith(template.prefix) and name.endswith(template.suffix)) \
                or len(name) < template.literal or template.pattern is None:
            continue
        m = template.pattern.fullmatch(name)
        if m is None:
            continue
        values = {k: reword(v, gettext, languages=languages, depth=depth + 1) for k, v in m.groupdict().items()}
        try:
            return gettext(template.msgid).format(**values)
        except (KeyError, IndexError, ValueError):
            continue
    return name


def _source(message: str) -> str:
    return message


def stored(name: str) -> str:
    """What the audit trail keeps of an operation's name: vetdesk's own message (English source). The name is
    in the language of whoever works now: only that language's words are looked at."""
    from vetdesk.i18n import current

    return _stored(name, current().locale)


@functools.lru_cache(maxsize=512)
def _stored(name: str, locale: str) -> str:
    """:func:`stored`, once per name and language (an import writes thousands of entries under one name)."""
    return reword(name, _source, languages=(locale,))


def shown(name: str | None) -> str:
    """An operation's name as stored (or as an older entry stored it, in its writer's language) in the reader's
    language."""
    from vetdesk.i18n import _

    return reword(name or "", _) if name else ""


__all__ = ["reword", "shown", "stored"]
