"""Input normalisation applied before any rule looks at a value."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def text(value: str | None) -> str | None:
    """Trim and collapse runs of white space; an empty result is ``None``."""
    if value is None:
        return None
    cleaned = _SPACES.sub(" ", str(value)).strip()
    return cleaned or None


_LINE_SPACES = re.compile(r"[^\S\n]+")


def multiline_text(value: str | None) -> str | None:
    """Text that may run over several lines: each line trimmed and its spaces collapsed, line breaks kept
    (at most one empty line in a row), nothing before the first or after the last line."""
    if value is None:
        return None
    lines = [_LINE_SPACES.sub(" ", line).strip() for line in str(value).replace("\r\n", "\n").replace("\r", "\n")
             .split("\n")]
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return cleaned or None


def identifier(value: str | None) -> str | None:
    """Upper-case and drop every space, dash and dot typed inside an identifier."""
    if value is None:
        return None
    cleaned = re.sub(r"[\s\-.]", "", str(value)).upper()
    return cleaned or None


def fold(value: str | None) -> str:
    """Lower-case and strip accents, for matching: 'García' and 'GARCIA' both give 'garcia'."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def full_name(*parts: str | None) -> str:
    """A person's name as people read it: given names then surnames, the missing parts left out."""
    return " ".join(p for p in parts if p)


#: Words that belong to the surname that follows them ("de la Peña", "van Dyk", "dos Santos").
_SURNAME_PARTICLES = frozenset({"de", "del", "la", "las", "los", "da", "das", "do", "dos", "di", "van",
                                "von", "der", "den", "zu", "vom", "zum"})


def surnames(name: str) -> str:
    """The surnames of a name kept in one field, for a salutation ("Sehr geehrter Herr García Medina",
    "Estimada Sra. Vargas Chávez"): the last word of a two-word name, else the last two, each with the particles
    before it ("Güemes de la Peña"). A Mexican name has two surnames; a name of three words is read as one given
    name and two surnames, as is most common."""
    words = name.split()
    if len(words) < 2:
        return name.strip()
    wanted = 1 if len(words) == 2 else 2
    i = len(words)
    while i > 1 and wanted:
        i -= 1
        while i > 1 and words[i - 1].lower() in _SURNAME_PARTICLES:
            i -= 1
        wanted -= 1
    return " ".join(words[i:])


#: A word's abbreviating period, then (past any closing markup such as ``</b>``) the sentence's own period.
_DOUBLE_PERIOD = re.compile(r"(?<=[^\W\d_]\.)((?:</[a-z]+>)*)\.(?!\.)")


def one_period(text: str) -> str:
    """A sentence that ends with a name ending in an abbreviation ("… S.A. de C.V." + ".") ends with one
    period, as written Spanish, English, German and Portuguese do: "C.V.." becomes "C.V.". An ellipsis ("…",
    "...") and a period after a number ("3..") are left alone."""
    return _DOUBLE_PERIOD.sub(r"\1", text) if ".." in text or ".</" in text else text


#: Titles a name kept in one field may begin with ("Mtra. Sofía Ibáñez", "Lic. Alondra Ruiz López"), and the sex
#: each says (H, M; "" for a title both use: Lic., Ing., Arq.). A salutation then names the title and the
#: surnames ("Estimada Mtra. Ibáñez"), or, with a title of either sex, "Buen día, Lic. Ruiz López".
_TITLES = {"sra.": "M", "srita.": "M", "mtra.": "M", "dra.": "M", "profa.": "M", "ing.ª": "M", "frau": "M",
           "sr.": "H", "mtro.": "H", "dr.": "H", "prof.": "H", "herr": "H",
           "lic.": "", "ing.": "", "arq.": "", "c.p.": "", "mba": ""}


def title_of(name: str) -> tuple[str, str, str]:
    """The title a name begins with (as written), the sex it says ("" when none or either), and the name without
    it: ``("Mtra.", "M", "Sofía Ibáñez")``; ``("", "", name)`` when it begins with no title."""
    words = name.split()
    if len(words) >= 2 and words[0].lower() in _TITLES:
        return words[0], _TITLES[words[0].lower()], " ".join(words[1:])
    return "", "", name.strip()
