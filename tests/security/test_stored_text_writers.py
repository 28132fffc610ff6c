"""Issue 15 items 3 and 4: every writer is safe for whatever is stored.

Records holding a control character (`\\x0b`, typed into a public form before the forms stripped it) and a
field that a spreadsheet would take for a formula are stored directly through the ORM, as if saved before
the fix. Every export of them — the applications queue, the mailbox letters and the disclosure ledger as
Excel, a reply letter as Word and PDF, the public RSS and Atom feeds, the annual report as Word, Excel
and PDF — answers 200 for the agency's staff and for the supervisor above it, opens in its own reader,
and holds the formula-looking text as a text cell.
"""

import datetime as dt
import io
import xml.dom.minidom

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from gongkai.common.cleantext import clean_text

FORMULA = '=HYPERLINK("http://evil.example","点我")'
CONTROL = "\x0b"


def store(agency_tree, make_user, with_control: bool = True) -> dict:
    """An answered application, a mailbox letter and a published disclosure item at the department, with
    dirty text in the fields their exports write; the department's officer and the city's supervisor.
    `with_control=False`: the formula alone (formula injection is a finding of its own)."""
    from gongkai.applications.models import Application
    from gongkai.disclosures.models import DisclosureItem
    from gongkai.interactions.models import MailboxLetter

    cc = CONTROL if with_control else ""
    dirty = FORMULA + cc  # what was stored; the export must show FORMULA, as text
    dept = agency_tree["dept"]
    dept.phone, dept.address = "0830-1234567" + cc, "泸州市" + cc + "江阳区"
    dept.save()
    day = dt.date(2026, 3, 2)
    app = Application.objects.create(
        agency=dept, tracking_code="SEC2026000001", applicant_type="business",
        applicant_name="某某" + cc + "科技有限公司", credit_code="91510500MA0000000X", phone="13800001234",
        info_name=dirty, info_description="描述" + cc + "全文", channel="in_person", arrival_date=day,
        receipt_date=day, state="replied", is_open=False, outcome="not_held", outcome_row="r4_1",
        reply_text="答复" + cc + "内容", closed_on=dt.date(2026, 3, 16), due_date=dt.date(2026, 3, 30),
    )
    letter = MailboxLetter.objects.create(
        agency=dept, tracking_code="SECL2026000001", query_password_hash="x", category="咨询" + cc,
        writer_name="张" + cc + "三", phone="13812345678", subject=dirty, body="正文" + cc,
        received_at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), received_on=day, due_on=dt.date(2026, 3, 16),
    )
    item = DisclosureItem.objects.create(
        agency=dept, title=dirty, index_no="SEC-2026-00001" + cc, doc_no="文" + cc + "号",
        publisher="测试市统计局" + cc, formed_on=day, published_on=day, status="published",
        body="<p>正文" + cc + "内容</p>",
    )
    return {
        "dept": dept, "app": app, "letter": letter, "item": item,
        "officer": make_user(dept, "officer", username="sec_officer"),
        "supervisor": make_user(agency_tree["city"], "supervisor", username="sec_supervisor"),
    }


@pytest.fixture
def stored(agency_tree, make_user):
    return store(agency_tree, make_user)


def _sheet_cells(body: bytes):
    ws = load_workbook(io.BytesIO(body)).active
    return [c for row in ws.iter_rows() for c in row if c.value is not None]


def _assert_formula_written_as_text(body: bytes) -> None:
    cells = _sheet_cells(body)
    formula = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")]
    assert formula, "the formula-looking value is missing from the export"
    for c in formula:
        assert c.value == FORMULA and c.data_type == "s", (c.coordinate, c.value, c.data_type)
    assert not any(isinstance(c.value, str) and CONTROL in c.value for c in cells)


EXCEL_EXPORTS = {
    "applications": lambda s: reverse("applications:export") + "?state=replied",
    "letters": lambda s: reverse("interactions:letters_export"),
    "disclosures": lambda s: reverse("disclosures:list") + "?format=xlsx",
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["officer", "supervisor"])
@pytest.mark.parametrize("export", sorted(EXCEL_EXPORTS))
def test_excel_exports_open_despite_control_characters(client, stored, who, export):
    client.force_login(stored[who])
    resp = client.get(EXCEL_EXPORTS[export](stored))
    assert resp.status_code == 200
    _assert_formula_written_as_text(resp.content)


@pytest.mark.django_db
@pytest.mark.parametrize("export", sorted(EXCEL_EXPORTS))
def test_excel_exports_write_formulas_as_text(client, agency_tree, make_user, export):
    stored = store(agency_tree, make_user, with_control=False)
    for who in ("officer", "supervisor"):
        client.force_login(stored[who])
        resp = client.get(EXCEL_EXPORTS[export](stored))
        assert resp.status_code == 200
        _assert_formula_written_as_text(resp.content)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["officer", "supervisor"])
def test_reply_letter_as_word_and_pdf(client, stored, who):
    client.force_login(stored[who])
    resp = client.get(reverse("applications:letter", kwargs={"pk": stored["app"].pk, "fmt": "docx"}))
    assert resp.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(resp.content)).paragraphs)
    assert "某某科技有限公司" in text and "答复内容" in text and CONTROL not in text
    resp = client.get(reverse("applications:letter", kwargs={"pk": stored["app"].pk, "fmt": "pdf"}))
    assert resp.status_code == 200 and resp.content.startswith(b"%PDF-")


@pytest.mark.django_db
@pytest.mark.parametrize("feed", ["disclosures_public:feed_rss", "disclosures_public:feed_atom"])
def test_public_feeds_parse(client, stored, feed):
    resp = client.get(reverse(feed, kwargs={"slug": stored["dept"].slug}))
    assert resp.status_code == 200
    doc = xml.dom.minidom.parseString(resp.content)
    titles = [t.firstChild.data for t in doc.getElementsByTagName("title") if t.firstChild]
    assert FORMULA in titles


def _dirty_report():
    from gongkai.rules.report_data import ReportData

    data = ReportData.empty("2021", agency="测试市统计局" + CONTROL, year=2025)
    data.sections["一"] = "总体情况" + CONTROL + "。\n" + FORMULA
    return data


def test_annual_report_writers_take_dirty_text():
    from gongkai.reports.render_docx import render_docx
    from gongkai.reports.render_pdf import render_pdf
    from gongkai.reports.render_xlsx import render_xlsx

    data = _dirty_report()
    title = "测试" + CONTROL + "报告"
    doc = Document(io.BytesIO(render_docx(data, title)))
    assert any(p.text == FORMULA for p in doc.paragraphs)
    wb = load_workbook(io.BytesIO(render_xlsx(data, "=" + title)))
    assert wb.worksheets[0]["A1"].data_type == "s" and wb.worksheets[0]["A1"].value.startswith("=测试报告")
    assert render_pdf(data, title).startswith(b"%PDF-")


def test_clean_text_keeps_tab_newline_and_return():
    assert clean_text("a\x00b\x08c\td\ne\rf\x0bg\x0ch\x1fi\x7fj") == "abc\td\ne\rfghij"
