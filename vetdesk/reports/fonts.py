"""The one place that registers the shipped TrueType fonts (DejaVu Sans, Latin Extended) with reportlab.

Parsing a font (its character map, its glyphs' widths and places) is the same work on every start of the same
font file with the same reportlab: a one-shot command such as ``vetdesk print agreement`` paid it three times
(≈20 ms each). The parsed face is kept in the user's cache folder as JSON — data only, nothing that runs —
under a name made of the font file's SHA-256, reportlab's version and this format's, so a changed font or
reportlab never reads a stale face. Anything wrong with the cache (missing, unreadable, not what it should
hold, a folder that cannot be written) falls back to parsing the file, as before.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from array import array
from fnmatch import fnmatch
from itertools import accumulate, pairwise
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from vetdesk.paths import resource_path

REGULAR = "VetdeskSans"
BOLD = "VetdeskSans-Bold"
ITALIC = "VetdeskSans-Oblique"

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf"}
_lock = threading.Lock()
_done = False

#: Raised when the cache's layout changes, so that older cache files are never read.
CACHE_FORMAT = 1
#: The face's attributes that are not kept: the file's bytes (read from the font itself) and the scaling
#: function (made again from ``unitsPerEm``, as reportlab makes it).
_NOT_KEPT = {"_ttf_data", "_pdfScale"}


def register_fonts() -> None:
    """Register the fonts once per process; they are embedded (subset) in every PDF."""
    global _done
    with _lock:
        if _done:
            return
        folder = cache_folder()
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(load_font(name, resource_path("fonts", filename), folder))
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, ITALIC)
        addMapping(REGULAR, 1, 1, BOLD)
        _done = True


def cache_folder() -> Path | None:
    """Where parsed faces are kept (the user's cache folder), or None when it cannot be known."""
    try:
        import platformdirs

        from vetdesk.paths import APP_AUTHOR, APP_NAME

        return Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR)) / "fonts"
    except Exception:  # noqa: BLE001 - no cache is never a reason not to print
        return None


def load_font(name: str, path: Path, folder: Path | None) -> TTFont:
    """The font ``name`` from the TrueType file ``path``: its face read from the cache in ``folder`` when it is
    there and whole, else parsed from the file (and kept there for the next start)."""
    data = path.read_bytes()
    cached = None
    if folder is not None:
        cached = folder / f"{path.stem}-{_cache_key(data)}.json"
        face = _read_face(cached, path, data)
        if face is not None:
            return _with_kept_subsets(_font(name, face))
    font = SeededFont(name, str(path))
    if cached is not None:
        _write_face(cached, font.face)
    return _with_kept_subsets(font)


#: The characters beyond ASCII every document's subset of a font starts with, in this order: the letters of Spanish,
#: Portuguese and German words and names, and the marks the catalogues write. Reportlab numbers a
#: document's characters in the order it first draws them, so two reports whose names hold different accented
#: letters made different subsets, each made and compressed anew (≈2 ms of a progress report in a batch). With
#: these first, nearly every document of a batch embeds the same subset of each font (made and compressed once
#: per process, :data:`KEPT_SUBSETS`); a character outside them is added after them, as before.
SEED = "áéíóúñüÁÉÍÓÚÑÜãõâêôçàÃÕÂÊÔÇÀäöÄÖßºª¿¡§·–—“”„…"


class SeededFont(TTFont):
    """A TrueType font whose subset in each document begins with :data:`SEED` (the same glyphs, drawn the same;
    only the codes the page streams use for them differ).

    Its :meth:`splitString` encodes a text whose characters all have their code in the document's first subset
    at C speed (``str.translate``) with the codes reportlab gave them; any other text (a character not drawn yet
    in the document, or beyond its first 256) goes through reportlab's own loop, which gives the codes. The
    bytes are reportlab's: it was ≈2 ms of each progress report in a batch (a Python loop over every character of
    every line drawn).
    """

    def splitString(self, text: str | bytes, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:  # noqa: N802
        state = self.state.get(doc)
        if state is None:
            TTFont.splitString(self, SEED, doc)
            state = self.state[doc]
        if type(text) is str and not state.frozen:
            codes: dict[int, str] | None = getattr(state, "vetdesk_codes", None)
            if codes is None:
                codes = state.vetdesk_codes = {}
                state.vetdesk_known = set()
            if state.vetdesk_known.issuperset(text):
                return [(0, text.translate(codes).encode("latin-1"))] if text else []
            split = TTFont.splitString(self, text, doc, encoding)
            _learn(state, text)
            return split
        return TTFont.splitString(self, text, doc, encoding)


    def addObjects(self, doc: Any) -> None:  # noqa: N802 - reportlab's name
        """reportlab's, each subset's widths written once per process: a batch's documents embed the same
        subsets again and again, and writing their 256 widths number by number was ≈3 % of a progress report."""
        state = self.state.get(doc)
        names = [] if state is None else [self.getSubsetInternalName(n, doc)[1:] for n in range(len(state.subsets))]
        TTFont.addObjects(self, doc)
        fonts = doc.idToObject["BasicFonts"].dict
        for name in names:
            font = fonts.get(name)
            if font is not None and isinstance(getattr(font, "Widths", None), pdfdoc.PDFArray):
                font.Widths = _KeptWidths(font.Widths.sequence)


class _KeptWidths(pdfdoc.PDFArray):
    """A font's widths, written as reportlab writes them, the text kept for the next document."""

    def format(self, document: Any, IND: bytes = b"\n ") -> bytes:  # noqa: N803 - reportlab's name
        key = (tuple(self.sequence), IND)
        made = _WIDTHS.get(key)
        if made is None:
            made = pdfdoc.PDFArray.format(self, document, IND)
            if len(_WIDTHS) >= KEPT_SUBSETS * 4:
                del _WIDTHS[next(iter(_WIDTHS))]
            _WIDTHS[key] = made
        return made


_WIDTHS: dict[tuple[tuple[int, ...], bytes], bytes] = {}


def _learn(state: Any, text: str) -> None:
    """Note the codes reportlab gave ``text``'s characters in a document's first subset (and a no-break space's,
    which reportlab draws as a space)."""
    assignments = state.assignments
    for char in set(text):
        code = ord(char)
        n = assignments.get(32 if code == 0xA0 else code)
        if n is not None and n < 256:
            state.vetdesk_codes[code] = chr(n)
            state.vetdesk_known.add(char)


#: How many subsets of each font are kept for the process.
KEPT_SUBSETS = 64


def _with_kept_subsets(font: TTFont) -> TTFont:
    """``font`` whose face keeps the last subsets it made (reportlab's ``makeSubset``: a TrueType file of the
    characters a document used, in the order it used them). In a batch the same subsets come again document
    after document (≈70 % of a progress report's: the same headings, labels and table heads first, the names
    after them), and making one cost ≈1 ms; the bytes are the same for the same characters in the same order."""
    make = font.face.makeSubset
    kept: dict[tuple[int, ...], bytes] = {}

    def make_subset(subset: list[int]) -> bytes:
        key = tuple(subset)
        made = kept.get(key)
        if made is None:
            made = make(subset)
            if len(kept) >= KEPT_SUBSETS:
                del kept[next(iter(kept))]
            kept[key] = made
        return made

    font.face.makeSubset = make_subset  # type: ignore[method-assign]
    return font


def _cache_key(data: bytes) -> str:
    digest = hashlib.sha256(data)
    digest.update(f"\0reportlab {reportlab.Version}\0format {CACHE_FORMAT}".encode())
    return digest.hexdigest()[:32]


def _font(name: str, face: TTFontFace) -> TTFont:
    """A TTFont around an already parsed face: what ``TTFont.__init__`` sets besides parsing the face."""
    font = SeededFont.__new__(SeededFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
    return font


# -- the face as JSON --------------------------------------------------------------------------------------

def _numbers(values: list[Any]) -> dict[str, Any]:
    """Whole numbers and floats as the hexadecimal bytes of an array (read back at C speed, unlike JSON's);
    where both are mixed, the places of the rarer kind are listed, so each comes back as the type it was."""
    if all(type(v) is int for v in values):
        return {"array": "q", "hex": array("q", values).tobytes().hex()}
    ints = [i for i, v in enumerate(values) if type(v) is int]
    floats = [i for i, v in enumerate(values) if type(v) is float]
    if len(ints) + len(floats) != len(values):
        raise TypeError("not numbers")
    if len(floats) <= len(ints):
        return {"array": "q", "hex": array("q", [0 if type(v) is float else v for v in values]).tobytes().hex(),
                "floats": floats, "values": [values[i] for i in floats]}
    return {"array": "d", "hex": array("d", values).tobytes().hex(), "ints": ints}


def _unnumbers(packed: dict[str, Any]) -> list[Any]:
    code = packed["array"]
    if code not in ("q", "d"):
        raise ValueError(code)
    values = array(code, bytes.fromhex(packed["hex"])).tolist()
    for i, value in zip(packed.get("floats", ()), packed.get("values", ()), strict=True):
        values[i] = float(value)
    for i in packed.get("ints", ()):
        values[i] = int(values[i])
    return values


def _encode(value: Any) -> Any:
    # The large tables in forms read back at C speed: character → glyph and → width (6,000 entries each),
    # glyph → characters, the glyphs' metrics (pairs) and places.
    if isinstance(value, dict) and value and all(type(k) is int for k in value):
        values = list(value.values())
        if all(type(v) is int or type(v) is float for v in values):
            return {"intmap": [_numbers(list(value)), _numbers(values)]}
        if all(type(v) is list and all(type(i) is int for i in v) for v in values):
            return {"intlists": [_numbers(list(value)), _numbers([len(v) for v in values]),
                                 _numbers([i for v in values for i in v])]}
    if isinstance(value, list) and len(value) > 16:
        if all(type(v) is tuple and len(v) == 2 and type(v[0]) in (int, float) and type(v[1]) in (int, float)
               for v in value):
            return {"pairs": _numbers([i for v in value for i in v])}
        if all(type(v) is int or type(v) is float for v in value):
            return {"numbers": _numbers(value)}
    if isinstance(value, TTFNameBytes):
        return {"name": value.ustr}
    if isinstance(value, bytes):
        return {"bytes": value.hex()}
    if isinstance(value, tuple):
        return {"tuple": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value):
            return {"dict": {k: _encode(v) for k, v in value.items()}}
        raise TypeError("keys that are not text")
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(type(value).__name__)


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        ((tag, inner),) = value.items()
        if tag == "intmap":
            return dict(zip(_unnumbers(inner[0]), _unnumbers(inner[1]), strict=True))
        if tag == "intlists":
            keys, lengths, flat = (_unnumbers(x) for x in inner)
            if len(flat) == len(keys) and all(n == 1 for n in lengths):  # one character per glyph, mostly
                return dict(zip(keys, [[c] for c in flat], strict=True))
            places = list(accumulate(lengths, initial=0))
            if places[-1] != len(flat):
                raise ValueError("intlists")
            return dict(zip(keys, (flat[a:b] for a, b in pairwise(places)), strict=True))
        if tag == "pairs":
            flat = _unnumbers(inner)
            return list(zip(flat[0::2], flat[1::2], strict=True))
        if tag == "numbers":
            return _unnumbers(inner)
        if tag == "name":
            return TTFNameBytes(inner.encode("utf8"))
        if tag == "bytes":
            return bytes.fromhex(inner)
        if tag == "tuple":
            return tuple(_decode(v) for v in inner)
        if tag == "dict":
            return {k: _decode(v) for k, v in inner.items()}
        raise ValueError(tag)
    return value


def _read_face(cached: Path, path: Path, data: bytes) -> TTFontFace | None:
    try:
        with open(cached, encoding="utf-8") as file:
            stored = json.load(file)
        attributes = _decode(stored["face"])
        if not isinstance(attributes, dict) or not isinstance(attributes.get("unitsPerEm"), int):
            return None
        face = TTFontFace.__new__(TTFontFace)
        pdfmetrics.TypeFace.__init__(face, None)
        face.__dict__.update(attributes)
        face.filename = str(path)  # the font's place now (the cache is shared by checkouts and bundles)
        face._ttf_data = data
        units = face.unitsPerEm
        face._pdfScale = (lambda x: x) if units == 1000 else (lambda x, m=1000 / units: x * m)
        return face
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _write_face(cached: Path, face: TTFontFace) -> None:
    try:
        text = json.dumps({"format": CACHE_FORMAT, "reportlab": reportlab.Version,
                           "face": _encode({k: v for k, v in face.__dict__.items() if k not in _NOT_KEPT})})
        cached.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cached.parent, prefix=".face-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temporary, cached)  # whole or not at all, even with two processes writing it at once
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, TypeError, ValueError):  # a read-only or full disk: the next start parses again
        return
