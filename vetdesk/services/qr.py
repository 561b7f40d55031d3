"""QR codes as modules and as a bitmap: the reports draw them, the certificate's signature finds its own by its
pixels (services.signing.page_digest)."""

from __future__ import annotations

from functools import lru_cache

QR_PIXELS = 4  # pixels a module's side in a QR code drawn as an image: sharp where a viewer smooths images


@lru_cache(maxsize=8)
def qr_bitmap(text: str, *, blank: bool = False) -> tuple[int, bytes]:
    """The QR code of ``text`` as a square grey-scale bitmap, :data:`QR_PIXELS` pixels a module, a one-module
    light border: its side and its pixels (0 dark, 255 light), row by row from the top. ``blank``: a light
    square of the same side, without encoding the text (a placeholder for a first layout)."""
    if blank:
        side = (17 + 4 * _qr_version(len(text.encode("utf-8"))) + 2) * QR_PIXELS
        return side, bytes([255]) * (side * side)
    rows = [(False,) * (len(qr_rows(text)) + 2)]
    rows[1:] = [(False, *row, False) for row in qr_rows(text)] + rows[:1]
    side = len(rows) * QR_PIXELS
    lines = [b"".join(b"\x00" * QR_PIXELS if dark else b"\xff" * QR_PIXELS for dark in row) * QR_PIXELS
             for row in rows]
    return side, b"".join(lines)


def qr_modules(text: str) -> list[list[bool]]:
    """The dark modules of a QR code of ``text``: error correction level M, the text as one byte-mode segment,
    in the smallest version that holds it (the qrcode package's encoder).

    The mask pattern is fixed instead of scored over all eight: every mask is valid and decodes, and
    scoring costs about a tenth of a progress report's build time, which counts in batches of thousands. The
    version is found once per length of text (:func:`_qr_version`). The modules are those reportlab's own
    encoder made here before, in about half its time (and without importing reportlab's barcodes).
    """
    import qrcode

    code = qrcode.QRCode(version=_qr_version(len(text.encode("utf-8"))),
                         error_correction=qrcode.constants.ERROR_CORRECT_M, mask_pattern=0, border=0)
    code.add_data(text, optimize=0)
    code.make(fit=False)
    return [[bool(m) for m in row] for row in code.modules]


@lru_cache(maxsize=16)
def qr_rows(text: str) -> tuple[tuple[bool, ...], ...]:
    """:func:`qr_modules`, kept for a few texts: a certificate is laid out twice (services.signing), its
    reference's QR code the same both times."""
    return tuple(tuple(row) for row in qr_modules(text))


@lru_cache(maxsize=64)
def _qr_version(size: int) -> int:
    """The smallest QR version that holds ``size`` bytes of text as one byte-mode segment at level M."""
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, mask_pattern=0, border=0)
    code.add_data("x" * size, optimize=0)
    return int(code.best_fit())
