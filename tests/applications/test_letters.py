"""Reply letters: DOCX opened with python-docx, PDF text read with pdftotext; fonts mapped to Noto CJK."""

import io
import subprocess

import pytest
from docx import Document

from gongkai.applications import letters
from gongkai.rules.outcomes import LETTER_TITLES, get


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("outcome", ["not_held", "partial", "state_secret", "repeated"])
def test_letter_per_outcome_type_in_docx_and_pdf(replied, outcome, tmp_path):
    app = replied(outcome)
    o = get(outcome)
    text = docx_text(letters.render_docx(app))
    assert LETTER_TITLES[o.letter] in text and o.decision in text and app.tracking_code in text
    assert "张三：" in text and "2026年3月2日" in text and "测试市统计局" in text and o.basis in text
    pdf = pdf_text(letters.render_pdf(app), tmp_path).replace(" ", "")
    assert LETTER_TITLES[o.letter] in pdf.replace("\n", "")
    assert "2026年3月16日" in pdf and "行政复议" in pdf


def test_docx_uses_noto_cjk_for_east_asian_text(replied):
    doc = Document(io.BytesIO(letters.render_docx(replied())))
    fonts = set()
    for p in doc.paragraphs:
        for r in p.runs:
            rfonts = r._element.rPr.rFonts
            fonts.add(rfonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"))
    assert fonts == {letters.SERIF}  # 仿宋 body and 小标宋 title both map to Noto Serif CJK


def test_pdf_embeds_noto_cjk(replied, tmp_path):
    path = tmp_path / "l.pdf"
    path.write_bytes(letters.render_pdf(replied()))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "Noto-Serif-CJK-SC" in fonts


def test_case_file_pdf_has_timeline(replied, tmp_path):
    text = pdf_text(letters.render_case_file_pdf(replied()), tmp_path).replace(" ", "")
    assert "政府信息公开申请办理案卷" in text and "办理过程" in text and "作出答复" in text


def test_no_letter_before_reply(received):
    with pytest.raises(ValueError, match="尚未作出答复"):
        letters.letter_for(received())


def test_letters_take_fonts_from_common_docfonts(replied):
    from gongkai.common import docfonts, gongwen

    doc = Document(io.BytesIO(letters.render_docx(replied())))
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for p in doc.paragraphs:
        for r in p.runs:
            rfonts = r._element.rPr.rFonts
            assert rfonts.get(ns + "ascii") == rfonts.get(ns + "eastAsia") in (docfonts.SERIF, docfonts.SANS)
    html = gongwen._html(letters.letter_for(replied()), 29, 2, False, False)
    assert docfonts.css_font("仿宋") in html and docfonts.css_font("小标宋") in html
