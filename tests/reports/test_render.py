"""Rendering: HTML (header/cell association), PDF (text layer and a page image), DOCX and XLSX
(reopened, every cell value back), JSON interchange."""

import io
import re
import subprocess

import pytest
from docx import Document
from openpyxl import load_workbook

from gongkai.common.docfonts import FONT_MAP
from gongkai.reports.layout import grids, row_label_texts
from gongkai.reports.render_docx import render_docx
from gongkai.reports.render_html import grid_html, standalone_html
from gongkai.reports.render_pdf import render_pdf
from gongkai.reports.render_xlsx import render_xlsx
from gongkai.rules.report_data import ReportData

from .helpers import distinct_data, seed_data, table_association_problems

FORMATS = ["2019", "2021"]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_html_tables_associate_every_data_cell_with_its_headers(fmt):
    html = standalone_html(distinct_data(fmt))
    assert table_association_problems(html) == []
    assert html.count("<table") == 3


def test_header_checker_catches_a_cell_without_row_header():
    grid = grids(distinct_data("2021"))[1]
    html = grid_html(grid)
    broken = html.replace('headers="t3-r-new t3-app t3-c0"', 'headers="t3-app t3-c0"', 1)
    assert broken != html
    problems = table_association_problems(broken)
    assert len(problems) == 1 and "row header" in problems[0]


@pytest.mark.parametrize("fmt", FORMATS)
def test_html_shows_labels_from_the_format_and_merged_headers(fmt):
    data = distinct_data(fmt)
    html = standalone_html(data)
    for label in row_label_texts(data.spec):
        assert f">{label}</th>" in html.replace("&quot;", '"')
    assert 'colspan="7"' in html  # 申请人情况 spans the seven applicant columns
    assert 'rowspan="8"' in html  # （三）不予公开 spans its eight items


@pytest.fixture(scope="module")
def pdfs():
    return {fmt: render_pdf(distinct_data(fmt)) for fmt in FORMATS}


@pytest.mark.parametrize("fmt", FORMATS)
def test_pdf_text_contains_every_row_label_and_cell(fmt, pdfs, tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(pdfs[fmt])
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = _squash(text)
    data = distinct_data(fmt)
    missing = [label for label in row_label_texts(data.spec) if _squash(label) not in flat]
    assert missing == []
    assert "测试市统计局" in flat and data.spec.table2[0].columns[0].label in flat
    numbers = set(re.findall(r"\d+(?:\.\d+)?", text))
    for v in data.table4:
        assert str(v) in numbers


def _words(pdf_path):
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "2", str(pdf_path), "-"],
                         capture_output=True, text=True, check=True).stdout
    words = []
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out):
        words.append((float(m[1]), float(m[2]), float(m[3]), float(m[4]), m[5]))
    return words


def test_pdf_page_image_and_merged_header_geometry(pdfs, tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(pdfs["2019"])
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "2", str(path), str(tmp_path / "page")], check=True)
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == 2
    head = pngs[0].read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(head[16:20], "big")
    assert 480 <= width <= 520  # A4 at 60 dpi
    # 申请人情况 spans all seven applicant columns: its centre lies right of the 自然人 column
    words = _words(path)
    group = next(w for w in words if "申请人情况" in w[4])
    natural = next(w for w in words if w[4] == "自然人" or w[4].startswith("自然"))
    centre = (group[0] + group[2]) / 2
    assert centre > natural[2] + 40
    # 第二十条第（一）项 spans the whole table-2 width: centred between 规章 and the last column
    block = next(w for w in words if "第二十条第" in w[4])
    rule = next(w for w in words if w[4] == "规章")
    assert (block[0] + block[2]) / 2 > rule[2] + 100


@pytest.mark.parametrize("fmt", FORMATS)
def test_docx_gives_back_every_cell(fmt):
    data = distinct_data(fmt)
    doc = Document(io.BytesIO(render_docx(data)))
    tables = doc.tables
    assert len(tables) == 3
    for grid, table in zip(grids(data), tables, strict=True):
        assert len(table.rows) == grid.n_rows and len(table.columns) == grid.n_cols
        for cell in grid.cells:
            got = table.cell(cell.row, cell.col)
            assert got.text == cell.text, (grid.key, cell.row, cell.col)
            if cell.rowspan > 1 or cell.colspan > 1:  # merged: the far corner is the same cell
                far = table.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1)
                assert far._tc is got._tc
    texts = {c.text for t in tables for row in t.rows for c in row.cells}
    assert set(row_label_texts(data.spec)) <= texts
    body = [p.text for p in doc.paragraphs]
    assert "第一段总体情况。" in body and "二、主动公开政府信息情况" in body
    fonts = {r.font.name for p in doc.paragraphs for r in p.runs}
    assert fonts <= set(FONT_MAP.values()) and FONT_MAP["仿宋"] in fonts and FONT_MAP["黑体"] in fonts


@pytest.mark.parametrize("fmt", FORMATS)
def test_xlsx_tables_with_numbers_and_merges(fmt):
    data = distinct_data(fmt)
    wb = load_workbook(io.BytesIO(render_xlsx(data)))
    assert len(wb.sheetnames) == 3
    for grid, name in zip(grids(data), wb.sheetnames, strict=True):
        ws = wb[name]
        merged = {str(r) for r in ws.merged_cells.ranges}
        for cell in grid.cells:
            got = ws.cell(2 + cell.row, 1 + cell.col).value
            assert got == (cell.text if cell.header else cell.value)
            if cell.rowspan > 1 or cell.colspan > 1:
                assert any(m.startswith(ws.cell(2 + cell.row, 1 + cell.col).coordinate + ":") for m in merged)
    t3 = wb[wb.sheetnames[1]]
    label = data.spec.table3_row("carried_out").label
    row = next(r for r in t3.iter_rows(values_only=True) if r[0] == label)
    assert list(row[3:10]) == data.table3[label]


def test_json_interchange_round_trip(shared_dir):
    data = seed_data(shared_dir)
    again = ReportData.from_json(data.to_json())
    assert again.table2 == data.table2 and again.table3 == data.table3 and again.table4 == data.table4
