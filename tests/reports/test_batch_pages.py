"""A batch's progress reports are the pages a single report prints: gathered together
(``documents.progress_documents``) and built with what each process keeps between documents (font subsets,
compressed streams, broken lines), their text and their rendered pages are those of each report printed alone."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from tests.reports.conftest import make_world, pdf_text
from vetdesk.reports import render
from vetdesk.storage.engine import Database


def _pages(pdf: bytes) -> list[bytes]:
    """Each page rendered at 50 dpi, as raw pixels."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [bytes(page.render(scale=50 / 72).to_pil().tobytes()) for page in document]
    finally:
        document.close()


@pytest.mark.parametrize("lang", ["es", "de"])
def test_batch_reports_are_the_single_reports(sqlite_db: Database, tmp_path: Path, lang: str) -> None:
    worlds = [make_world(sqlite_db), make_world(sqlite_db, long_names=True, positions=6)]
    ids = [w.agreement_id for w in worlds]
    alone = [render.progress_pdf(sqlite_db, agreement_id=i, lang=lang) for i in ids]
    items = list(render.print_batch(sqlite_db, "progress", ids, tmp_path / "out", lang=lang, processes=1))
    assert [item.ok for item in items] == [True, True]
    again = [render.progress_pdf(sqlite_db, agreement_id=i, lang=lang) for i in ids]  # the caches warm by now
    for item, single, warm in zip(items, alone, again, strict=True):
        batch = Path(item.path).read_bytes()
        assert worlds[ids.index(item.agreement_id)].full_name.split()[0] in pdf_text(batch)
        assert pdf_text(batch) == pdf_text(single) == pdf_text(warm)
        assert _pages(batch) == _pages(single) == _pages(warm)
        assert len(_pages(batch)) >= 2


def test_a_batch_reports_each_refusal_in_its_place(sqlite_db: Database, tmp_path: Path) -> None:
    active = make_world(sqlite_db)
    draft = make_world(sqlite_db, status="draft")
    items = list(render.print_batch(sqlite_db, "progress", [draft.agreement_id, active.agreement_id, 999_999],
                                    tmp_path / "out", processes=1))
    assert [(i.agreement_id, i.ok) for i in items] == [(draft.agreement_id, False), (active.agreement_id, True),
                                                       (999_999, False)]
    assert "not in force yet" in items[0].message or "no está vigente" in items[0].message
    assert "999999" in items[2].message
    assert [p.name for p in (tmp_path / "out").iterdir()] == [Path(items[1].path).name]
