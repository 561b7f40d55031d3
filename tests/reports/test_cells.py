"""Plain text cells (reports.cells) break lines where a cell paragraph would, and a table of them splits between
rows with its head repeated; the progress chart drawn on the canvas puts its dots and labels where they belong."""

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


def test_the_chart_puts_each_month_under_its_point_and_each_share_at_its_height() -> None:
    import io

    import pdfplumber
    from reportlab.pdfgen.canvas import Canvas

    from vetdesk.reports.progress import ProgressChart

    fonts.register_fonts()
    labels = ["ene 25", "", "mar 25", "abr 25"]
    chart = ProgressChart("Competencias alcanzadas (%)", [0.0, 25.0, 50.0, 100.0], labels)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(chart.width + 40, chart.height + 40))
    chart.drawOn(canvas, 20, 20)
    canvas.save()
    with pdfplumber.open(buffer) as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        dots = sorted(page.curves, key=lambda c: c["x0"])
    band = ProgressChart.PLOT_WIDTH / 4
    for i, label in enumerate(labels):
        if label:
            month = next(w for w in words if w["text"] == label.split()[0] and abs(
                (w["x0"] + w["x1"]) / 2 - (20 + ProgressChart.X + (i + 0.5) * band)) < 12)
            assert month["top"] > page.height - 20 - ProgressChart.Y  # under the axis
    centres = [((d["x0"] + d["x1"]) / 2, page.height - (d["top"] + d["bottom"]) / 2) for d in dots
               if d["x1"] - d["x0"] < 4]
    assert len(centres) == 4
    for (x, y), i, share in zip(centres, range(4), [0.0, 25.0, 50.0, 100.0], strict=True):
        assert x == pytest.approx(20 + ProgressChart.X + (i + 0.5) * band, abs=0.1)
        assert y == pytest.approx(20 + ProgressChart.Y + ProgressChart.PLOT_HEIGHT * share / 100, abs=0.1)
    assert {"0", "20", "40", "60", "80", "100", "Competencias"} <= {w["text"] for w in words}


def _boxes(count: int) -> list[list[cells.Piece]]:
    return [[cells.Piece(f"Name {i} " + "Ñandú Müller Pérez " * (3 if i == 1 else 0)),
             cells.Piece(f"Role {i}", fonts.BOLD), cells.Piece("Fecha: ________")] for i in range(count)]


def test_signature_boxes_split_between_rows_never_inside_a_box() -> None:
    fonts.register_fonts()
    block = cells.SignatureBoxes(_boxes(5), 480, 2, room=40, inner=220)
    _w, height = block.wrap(480, 10_000)
    rows = block._heights
    assert len(rows) == 3 and height == pytest.approx(sum(rows))
    # the second box's long name wraps: its row is taller than the others, by its extra lines
    assert rows[0] > rows[1] == rows[2]
    assert rows[0] - rows[1] == pytest.approx(cells.LEADING * (len(block._laid[1][0][1]) - 1))
    first, rest = block.split(480, rows[0] + rows[1] + rows[2] / 2)
    assert [b[1].text for b in first.boxes] == ["Role 0", "Role 1", "Role 2", "Role 3"]
    assert [b[1].text for b in rest.boxes] == ["Role 4"]
    assert block.split(480, rows[0] - 1) == []  # not even one row of boxes: the next page


def test_signature_boxes_read_box_by_box_with_their_lines_under_the_signing_line() -> None:
    import io

    import pdfplumber
    from reportlab.pdfgen.canvas import Canvas

    fonts.register_fonts()
    block = cells.SignatureBoxes(_boxes(2), 480, 2, room=40, inner=220)
    _w, height = block.wrap(480, 10_000)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(500, height + 20))
    block.drawOn(canvas, 10, 10)
    canvas.save()
    with pdfplumber.open(buffer) as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        lines = page.lines
    signing = sorted(lines, key=lambda line: line["x0"])
    assert len(signing) == 2 and all(line["x1"] - line["x0"] == pytest.approx(220) for line in signing)
    top = {w["text"]: w["top"] for w in words}
    for i, line in enumerate(signing):  # each box's words centred under its own line, name over role over date
        mine = [w for w in words if line["x0"] <= w["x0"] and w["x1"] <= line["x1"]]
        assert {"Name", str(i), "Role", "Fecha:"} <= {w["text"] for w in mine}
        assert all(w["top"] > line["top"] for w in mine)
        role = next(w for w in mine if w["text"] == "Role")
        assert role["x0"] - line["x0"] > 60  # centred, not at the left edge
    assert top["Name"] < top["Role"] < top["Fecha:"]


def _table_of_spacers(count: int, label: str, width: float, line: float):  # type: ignore[no-untyped-def]
    """The writing lines as a table of spacers under a label paragraph (how they were drawn before)."""
    from reportlab.platypus import Spacer

    from vetdesk.reports.styles import RULE, DocTable, Paragraph

    rows: list[list[object]] = [[Paragraph(esc(label), stylesheet()["subheading"])]] if label else []
    rows += [[Spacer(1, line)] for _ in range(count)]
    table = DocTable(rows, colWidths=[width])
    table.setStyle([("LINEBELOW", (0, 1 if label else 0), (-1, -1), 0.4, RULE), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    *([("NOSPLIT", (0, 0), (0, 1))] if label and count else [])])
    return table


def _rendered(flowable, width: float, height: float):  # type: ignore[no-untyped-def]
    import io

    import pypdfium2
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width + 20, height + 20))
    flowable.wrapOn(canvas, width, height)
    flowable.drawOn(canvas, 10, 10)
    canvas.save()
    pdf = pypdfium2.PdfDocument(buffer.getvalue())
    image = pdf[0].render(scale=2).to_pil().convert("L")
    pdf.close()
    return image


@pytest.mark.parametrize(("count", "label", "width"), [
    (4, "Comentarios del instructor de la empresa", 482.0),
    (2, "Bemerkungen der Ausbilderin oder des Ausbilders zu dieser Woche und zu den nächsten Schritten", 230.0),
    (3, "", 300.0),
])
def test_writing_lines_stand_where_the_table_of_spacers_put_them(count: int, label: str, width: float) -> None:
    from PIL import ImageChops

    fonts.register_fonts()
    line = 7 * 72 / 25.4
    ours, theirs = cells.WritingLines(count, label, width, line), _table_of_spacers(count, label, width, line)
    assert ours.wrap(width, 10_000) == pytest.approx(theirs.wrap(width, 10_000))
    height = ours.height
    difference = ImageChops.difference(_rendered(ours, width, height), _rendered(theirs, width, height))
    assert sum(difference.histogram()[64:]) < 20  # the same rules and words, anti-aliasing aside
    for room in (height - 1, height / 2, 30.0, 10.0):  # they split where the table split
        mine = ours.split(width, room)
        table = theirs.split(width, room)
        assert len(mine) == len(table), room
        if mine:
            assert [p.wrap(width, 10_000)[1] for p in mine] == pytest.approx(
                [p.wrap(width, 10_000)[1] for p in table]), room
