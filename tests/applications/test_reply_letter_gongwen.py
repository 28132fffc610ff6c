"""Issue 9 step 1: the reply letter as 公文 — 文号 per agency and year, A4 with GB/T 9704 margins, the signature
block never alone on a PDF page, the 复议机关, the court and the contact phone named (configured per agency)."""

import datetime as dt
import re

import pytest

from gongkai.applications import actions, letters
from gongkai.applications.models import IssuedDocument
from gongkai.common import gongwen
from gongkai.journal.actors import SYSTEM
from gongkai.rules import documents as R

from .docfiles import (
    NUMBER_RE,
    docx_section,
    docx_text,
    pdf_mediaboxes,
    pdf_pages,
    pdf_text,
    signature_only_pages,
)
from .signoff import reply_signed

D = dt.date(2026, 3, 2)
A4_MM = {"page_width": 210.0, "page_height": 297.0, "top_margin": 37.0, "bottom_margin": 35.0,
         "left_margin": 28.0, "right_margin": 26.0}


def test_reply_number_is_agency_code_year_serial_without_tracking_code(received, staff, agency_tree):
    dept = agency_tree["dept"]
    dept.doc_code, dept.contact_phone, dept.court = "测统", "0830-3190000", "测试市江阳区人民法院"
    dept.save()
    first, second = received(D), received(D)
    reply_signed(staff["officer"], staff["reviewer"], first, "not_held", on=D + dt.timedelta(days=7))
    actions.reply(staff["officer"], second, "disclosed", on=D + dt.timedelta(days=8))
    numbers = [letters.letter_for(a).number for a in (first, second)]
    assert numbers == ["测统依申请答〔2026〕1号", "测统依申请答〔2026〕2号"]
    text = docx_text(letters.render_docx(first))
    assert first.tracking_code not in numbers[0] and NUMBER_RE.search(text)
    assert "向测试市人民政府依法申请行政复议" in text and "向测试市江阳区人民法院提起行政诉讼" in text
    assert "联系电话：0830-3190000" in text and "2026年3月9日" in text
    pdf = pdf_text(letters.render_pdf(first))
    assert "测统依申请答〔2026〕1号" in pdf and "测试市人民政府依法申请行政复议" in pdf and "0830-3190000" in pdf


def test_reconsideration_body_is_data_with_the_statutory_default(agency_tree):
    assert agency_tree["dept"].reconsideration_body_name() == "测试市人民政府"
    assert agency_tree["county"].reconsideration_body_name() == "测试市人民政府"  # a government: the one above
    assert agency_tree["county_dept"].reconsideration_body_name() == "测试县人民政府"
    agency_tree["dept"].reconsideration_body = "四川省统计局"
    assert agency_tree["dept"].reconsideration_body_name() == "四川省统计局"


def test_numbers_restart_per_year_and_are_separate_per_agency(received, staff, agency_tree, as_of):
    with as_of(dt.date(2027, 1, 4)):
        a, b = received(D), received(dt.date(2027, 1, 4))
    c = received(D, agency=agency_tree["other"])
    reply_signed(staff["officer"], staff["reviewer"], a, "not_held", on=D + dt.timedelta(days=3))
    reply_signed(staff["officer"], staff["reviewer"], b, "not_held", on=dt.date(2027, 1, 6))
    reply_signed(staff["other_officer"], SYSTEM, c, "not_held", on=D + dt.timedelta(days=3))
    got = {(d.agency_id, d.year, d.serial) for d in IssuedDocument.objects.filter(kind="reply")}
    assert got == {(agency_tree["dept"].pk, 2026, 1), (agency_tree["dept"].pk, 2027, 1),
                   (agency_tree["other"].pk, 2026, 1)}


def test_reply_files_are_a4_with_gongwen_margins(replied):
    app = replied()
    assert docx_section(letters.render_docx(app)) == A4_MM
    boxes = pdf_mediaboxes(letters.render_pdf(app))
    assert boxes and all(abs(w - 595) <= 1 and abs(h - 842) <= 1 for w, h in boxes)


def _letter(paragraphs: int, extra: int = 0) -> R.Letter:
    text = "本机关于2026年3月2日收到您提出的政府信息公开申请，经检索，现将有关情况告知如下，请予查收。" * 2
    return R.Letter("政府信息公开申请答复告知书（予以公开）", "测统依申请答〔2026〕7号", "张三：",
                    [text] * paragraphs + ["特此告知" + "。" * extra],
                    "测试市统计局", "2026年3月16日", ["联系人：王专员", "联系电话：0830-3190000"])


@pytest.mark.parametrize("paragraphs", [5, 6, 7, 8, 9])
def test_signature_block_never_alone_on_a_pdf_page(paragraphs):
    letter = _letter(paragraphs)
    out = gongwen.render(letter)
    pages = pdf_pages(out.pdf)
    assert len(pages) == out.pages
    assert signature_only_pages(out.pdf, [letter.signature, letter.date, *letter.contact]) == []
    if out.pages > 1:  # multi-page letters carry "— n —"
        assert all(re.search(rf"—\s*{i}\s*—", p) for i, p in enumerate(pages, 1))
        assert "PAGE" in docx_xml(out.docx)
    else:
        assert "—1—" not in pages[0]


def test_tightening_is_used_where_the_signature_would_fall_alone():
    # find a letter length whose signature block falls alone onto page 2 on the standard 22-line grid
    from weasyprint import HTML

    def alone_on_standard_grid(letter):
        loose = HTML(string=gongwen._html(letter, *gongwen.SPACINGS[0], False, False)).render()
        return gongwen.signature_alone(gongwen._classes_on_pages(loose))

    letter = next((lt for lt in (_letter(n, extra) for n in range(4, 8) for extra in range(0, 60, 6))
                   if alone_on_standard_grid(lt)), None)
    assert letter is not None, "no length puts the signature block alone: the test lost its case"
    out = gongwen.render(letter)
    assert out.tightened > 0 and signature_only_pages(out.pdf, [letter.signature, letter.date, *letter.contact]) == []


def docx_xml(data: bytes) -> str:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))
