"""Plain text cells (reports.cells) break lines where a cell paragraph would, and a table of them splits between
rows with its head repeated."""

from __future__ import annotations

import pytest
from reportlab.platypus import Paragraph

from vetdesk.reports import cells, fonts
from vetdesk.reports.page import esc
from vetdesk.reports.styles import stylesheet

TEXTS = [
    "Aplica las normas de seguridad e higiene en el área de trabajo",
    "Interpreta planos y diagramas mecánicos",
    "100 puntos (muy bueno)",
    "Mide piezas con vernier, micrómetro y calibradores",
    "Wendet die Sicherheits- und Hygienevorschriften am Arbeitsplatz an",
    "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen",
    "",
]


@pytest.mark.parametrize("width", [40.0, 97.4, 105.38582677165356, 180.0, 320.0])
@pytest.mark.parametrize("text", TEXTS)
def test_lines_fall_where_a_cell_paragraph_puts_them(text: str, width: float) -> None:
    fonts.register_fonts()
    paragraph = Paragraph(esc(text), stylesheet()["cell"])
    paragraph.wrap(width, 1000)
    expected = [" ".join(words) for _extra, words in paragraph.blPara.lines] or [""]
    assert list(cells.lines_of(text, fonts.REGULAR, 8.5, width)) == expected


def test_a_table_splits_between_rows_and_repeats_its_head() -> None:
    fonts.register_fonts()
    rows = [cells.head_cells(["Code", "Competency"])]
    rows += [[cells.text(f"C{i}"), (*cells.text(f"Title {i}"), cells.small("Area"))] for i in range(10)]
    table = cells.CellTable(rows, [60, 300])
    _w, height = table.wrap(360, 10_000)
    row = 2 * cells.LEADING + 6
    assert height == pytest.approx(cells.LEADING + 6 + 10 * row)
    first, rest = table.split(360, cells.LEADING + 6 + 3.5 * row)
    assert [r[0][0].text for r in first.rows] == ["Code", "C0", "C1", "C2"]
    assert [r[0][0].text for r in rest.rows] == ["Code"] + [f"C{i}" for i in range(3, 10)]
    assert rest.first_index == 4  # the stripes go on where they stopped
    assert table.split(360, cells.LEADING + 6 + 0.5 * row) == []  # not even one row: the next page
