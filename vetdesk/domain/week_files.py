"""Files attached to a weekly report (issue 25: "optional attachments such as a photo of a part or a drawing").

What a file attached to a week may be, decided by its content and never by its name: a PNG, JPEG or WebP picture
or a PDF document, whole (a truncated download or a renamed file is refused), of a reasonable size and picture
size (a "decompression bomb" — a small file that unpacks to billions of pixels — is refused before it is
decoded), and a name that is stored as a plain file name (no folders, no control characters, not too long).
The one place of these rules: the window, the command line and the core say these words.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from vetdesk.domain.problems import Problem, error
from vetdesk.i18n import _, ngettext

#: A file larger than this is refused (a phone photo is 2–8 MB; a scanned drawing as PDF a few MB).
MAX_BYTES = 10 * 1024 * 1024
#: How many files one week may hold.
MAX_FILES = 10
#: A picture of more pixels than this is refused unopened (a 48-megapixel phone photo passes).
MAX_PIXELS = 64_000_000
#: The longest file name kept (longer names keep their beginning and their extension).
MAX_NAME = 120

PNG, JPEG, WEBP, PDF = "image/png", "image/jpeg", "image/webp", "application/pdf"
#: The kinds accepted, with the extension a file of that kind is saved with and the words a person knows it by.
KINDS: dict[str, tuple[str, str]] = {PNG: (".png", "PNG"), JPEG: (".jpg", "JPEG"), WEBP: (".webp", "WebP"),
                                     PDF: (".pdf", "PDF")}
#: Extensions that name each kind (a file named otherwise keeps its name; the content decides).
EXTENSIONS: dict[str, str] = {".png": PNG, ".jpg": JPEG, ".jpeg": JPEG, ".jpe": JPEG, ".webp": WEBP, ".pdf": PDF}
IMAGES = frozenset({PNG, JPEG, WEBP})


def kind_of(content: bytes) -> str | None:
    """The media type the content is, by how it begins (its signature); None: not one accepted."""
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"RIFF") and content[8:12] == b"WEBP":
        return WEBP
    if b"%PDF-" in content[:1024]:  # some scanners write a few bytes before the header
        return PDF
    return None


def size_text(size: int) -> str:
    """A file's size as people read it: "840 KB", "2.4 MB" (in the user's language's numbers)."""
    from vetdesk.i18n import current

    if size < 1024 * 1024:
        return _("{n} KB").format(n=current().format_decimal(max(1, round(size / 1024))))
    return _("{n} MB").format(n=current().format_decimal(round(size / (1024 * 1024), 1)))


def kind_words(media_type: str) -> str:
    return KINDS.get(media_type, ("", media_type))[1]


def file_words(filename: str, media_type: str, size: int) -> str:
    """An attached file as the window's list, the command line and the history name it: "plano.pdf  (PDF, 1 KB)"."""
    return f"{filename}  ({kind_words(media_type)}, {size_text(size)})"


def file_in_history(values: Mapping[str, Any]) -> str | None:
    """The file an audit entry of attaching or removing one records (its name, kind and size, in
    :func:`file_words`'s words); None when the entry records no file."""
    if "sha256" not in values or "filename" not in values:
        return None
    try:
        size = int(values.get("bytes") or 0)
    except (TypeError, ValueError):
        size = 0
    return file_words(str(values["filename"]), str(values.get("media_type") or ""), size)


def safe_name(given: str, media_type: str | None = None) -> str:
    """The name a file is stored and offered under: the last part of the path given (no folders, ``..``, drive or
    device), without control or invisible characters, at most :data:`MAX_NAME` characters with its extension kept;
    a name left empty is "attachment" with the extension of its kind."""
    text = unicodedata.normalize("NFC", given or "")
    text = re.split(r"[\\/]", text)[-1]
    text = "".join(" " if unicodedata.category(c) in ("Zs", "Zl", "Zp") or c in "\t\r\n" else c
                   for c in text if not unicodedata.category(c).startswith("C") or c in "\t\r\n")
    text = re.sub(r"[<>:\"|?*]", "_", " ".join(text.split())).strip(" .")
    if ":" in given and re.match(r"^[A-Za-z]:", text):  # a drive letter left over
        text = text[2:]
    stem, dot, ext = text.rpartition(".")
    if not dot or not stem or len(ext) > 10:
        stem, ext = text, ""
    if not stem.strip(" ._-"):
        stem = _("attachment")
    head, dot_, rest = stem.partition(".")
    if re.fullmatch(r"(?i)(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])", head.rstrip(" ")):
        # Windows' device names, with any extension after them ("COM1.txt" is the port too)
        stem = f"{head.rstrip(' ')}_{dot_}{rest}"
    if not ext and media_type in KINDS:
        ext = KINDS[media_type][0].lstrip(".")
    suffix = f".{ext}" if ext else ""
    return stem[:MAX_NAME - len(suffix)].rstrip(" .") + suffix


def viewer_name(filename: str, media_type: str) -> str:
    """The name a stored file is opened or saved under: its own, with its kind's extension added when its name
    says another (a PNG named "plano.pdf" opens as the picture it is)."""
    name = safe_name(filename, media_type)
    if EXTENSIONS.get("." + name.rpartition(".")[2].lower()) == media_type:
        return name
    return name + KINDS[media_type][0] if media_type in KINDS else name


@dataclass(frozen=True)
class Checked:
    """A file that may be attached: its stored name, media type, size and SHA-256 digest."""

    filename: str
    media_type: str
    size: int
    sha256: str


def _refused(message: str, code: str) -> Problem:
    return error("file", message, code)


def check_file(given_name: str, content: bytes) -> tuple[Checked | None, list[Problem]]:
    """Whether ``content`` (given as ``given_name``) may be attached to a weekly report: what is stored of it, or
    why not (each refusal names the file)."""
    shown = safe_name(given_name)
    if not content:
        return None, [_refused(_("{name} is empty (0 bytes). Choose the file again, or save it again from the "
                                 "program that made it.").format(name=shown), "week_file.empty")]
    if len(content) > MAX_BYTES:
        return None, [_refused(_("{name} is larger than {mb} MB. Attach a smaller copy (a photo at a lower "
                                 "resolution, a PDF saved for the screen).").format(
            name=shown, mb=MAX_BYTES // (1024 * 1024)), "week_file.size")]
    media_type = kind_of(content)
    if media_type is None:
        named = EXTENSIONS.get("." + shown.rpartition(".")[2].lower()) if "." in shown else None
        if named is not None:
            message = _("{name} is not a {kind} file, whatever its name says: its content is something else "
                        "(renamed or damaged). Attach a photo or drawing as PNG, JPEG or WebP, or a document as "
                        "PDF.").format(name=shown, kind=kind_words(named))
        else:
            message = _("{name} cannot be attached: only photos and drawings as PNG, JPEG or WebP and documents as "
                        "PDF are.").format(name=shown)
        return None, [_refused(message, "week_file.type")]
    problem = _image_problem(shown, media_type, content) if media_type in IMAGES else _pdf_problem(shown, content)
    if problem is not None:
        return None, [problem]
    return Checked(safe_name(given_name, media_type), media_type, len(content),
                   hashlib.sha256(content).hexdigest()), []


def _damaged(name: str, media_type: str) -> Problem:
    return _refused(_("{name} is not a complete {kind} file: it is cut short or damaged. Save or download it "
                      "again and attach that copy.").format(name=name, kind=kind_words(media_type)),
                    "week_file.damaged")


def _pdf_problem(name: str, content: bytes) -> Problem | None:
    """A PDF ends with its end-of-file mark: one without it was cut short (an interrupted download or copy)."""
    return None if b"%%EOF" in content[-2048:] else _damaged(name, PDF)


def _image_problem(name: str, media_type: str, content: bytes) -> Problem | None:
    """A picture is read in full once (cut short or damaged: refused); its size in pixels is read first, from its
    header, and a picture too large is refused without decoding it."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size
            if Image.MIME.get(image.format or "") != media_type:
                return _damaged(name, media_type)
            if width * height > MAX_PIXELS:
                return _refused(_("{name} is a picture of {width} × {height} pixels, more than this office "
                                  "keeps ({mp} million). Attach a smaller copy.").format(
                    name=name, width=width, height=height, mp=MAX_PIXELS // 1_000_000), "week_file.pixels")
            if media_type == JPEG:
                image.draft("RGB", (max(1, width // 8), max(1, height // 8)))  # every byte read, a fraction decoded
            image.load()
    except Image.DecompressionBombError:
        return _refused(_("{name} is a picture too large to open safely. Attach a smaller copy.").format(name=name),
                        "week_file.pixels")
    except (OSError, ValueError, SyntaxError, EOFError):
        return _damaged(name, media_type)
    return None


def count_problem(held: int, adding: int) -> Problem | None:
    """A week holds at most :data:`MAX_FILES` files: said with how many the week has room for."""
    if held + adding <= MAX_FILES:
        return None
    if held == 0:
        return _refused(_("A weekly report holds at most {limit} files: {n} were chosen. Attach at most {limit} at "
                          "once, or put several pictures into one PDF.").format(
            limit=MAX_FILES, n=adding), "week_file.count")
    room = MAX_FILES - held
    if room <= 0:
        return _refused(_("A weekly report holds at most {limit} files; this one has {held}. Remove one first, or "
                          "put several pictures into one PDF.").format(limit=MAX_FILES, held=held), "week_file.count")
    return _refused(ngettext("A weekly report holds at most {limit} files; this one has {held}, so it has room for "
                             "{room} more and {n} was chosen. Choose fewer, or put several pictures into one PDF.",
                             "A weekly report holds at most {limit} files; this one has {held}, so it has room for "
                             "{room} more and {n} were chosen. Choose fewer, or put several pictures into one PDF.",
                             adding).format(limit=MAX_FILES, held=held, room=room, n=adding), "week_file.count")
