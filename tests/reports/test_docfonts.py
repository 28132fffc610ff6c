"""common.docfonts: official-document font names → installed Noto CJK faces, in Word (every script
slot, incl. eastAsia) and in the PDF's CSS."""

import io
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn

from gongkai.common.docfonts import CSS_SANS, CSS_SERIF, SANS, SERIF, css_font, installed_font, set_run_font
from gongkai.reports.render_docx import render_docx
from gongkai.reports.render_html import standalone_html
from gongkai.reports.render_pdf import render_pdf

from .helpers import distinct_data


@pytest.mark.parametrize(
    ("name", "family", "css"),
    [
        ("仿宋", SERIF, CSS_SERIF),
        ("仿宋_GB2312", SERIF, CSS_SERIF),
        ("小标宋", SERIF, CSS_SERIF),
        ("宋体", SERIF, CSS_SERIF),
        ("楷体", SERIF, CSS_SERIF),
        ("黑体", SANS, CSS_SANS),
    ],
)
def test_map(name, family, css):
    assert installed_font(name) == family
    assert css_font(name) == css and css.startswith(f'"{family}"')


def test_unknown_name_kept_with_a_cjk_fallback():
    assert installed_font("Times New Roman") == "Times New Roman"
    assert css_font("Times New Roman").startswith('"Times New Roman", "Noto Serif CJK SC"')


def test_set_run_font_fills_east_asia_and_survives_saving():
    doc = Document()
    set_run_font(doc.styles["Normal"], "仿宋", size_pt=14)
    set_run_font(doc.add_paragraph().add_run("标题"), "黑体", size_pt=18, bold=True)
    buf = io.BytesIO()
    doc.save(buf)
    again = Document(io.BytesIO(buf.getvalue()))
    run = again.paragraphs[0].runs[0]
    rfonts = run.element.rPr.rFonts
    assert {rfonts.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")} == {SANS}
    assert run.font.bold and run.font.size.pt == 18
    assert again.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == SERIF


def test_report_docx_sets_east_asia_fonts():
    doc = Document(io.BytesIO(render_docx(distinct_data("2021"))))
    east_asia = {r.element.rPr.rFonts.get(qn("w:eastAsia")) for p in doc.paragraphs for r in p.runs}
    assert east_asia == {SERIF, SANS}


def test_report_pdf_uses_the_mapped_faces(tmp_path):
    data = distinct_data("2021")
    html = standalone_html(data, for_print=True)
    assert f"font-family: {CSS_SERIF};" in html and f"font-family: {CSS_SANS};" in html
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(render_pdf(data))
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Noto-Serif-CJK-SC" in fonts and "Noto-Sans-CJK-SC" in fonts
