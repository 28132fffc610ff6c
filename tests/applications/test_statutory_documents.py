"""Issue 9 step 2: every statutory document of a case, issued by its action, stored on the case (DOCX + PDF)
and journaled — each file opened (python-docx, pdftotext/pdfinfo) and checked for its text, its 文号, the dates
the calendar gives, A4 and the 公文 margins, and no page holding only the signature block."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from gongkai.applications import actions, documents
from gongkai.journal.models import Event
from gongkai.rules import documents as R

from .docfiles import NUMBER_RE, docx_section, docx_text, pdf_mediaboxes, pdf_text, signature_only_pages
from .signoff import reply_signed, sign_off

D = dt.date(2026, 3, 2)  # a Monday
A4_MM = {"page_width": 210.0, "page_height": 297.0, "top_margin": 37.0, "bottom_margin": 35.0,
         "left_margin": 28.0, "right_margin": 26.0}


def _due(calendar, start, limit, pauses):
    """The reply due date counted by hand from the calendar: `limit` workdays after `start`, skipping paused
    days (each (from, to])."""
    day, left = start, limit
    while left:
        day += dt.timedelta(days=1)
        if calendar.is_workday(day) and not any(a < day <= b for a, b in pauses):
            left -= 1
    return day


@pytest.fixture
def walked(received, staff, agency_tree, calendar):
    """One case through 补正 → 征求意见 → 延期 → 收费 → 缴费 → 答复, with the agency's letter settings."""
    dept = agency_tree["dept"]
    dept.doc_code, dept.contact_person, dept.contact_phone = "测统", "王专员", "0830-3190000"
    dept.address, dept.court = "测试市江阳区某路8号", "测试市江阳区人民法院"
    dept.save()
    o, r = staff["officer"], staff["reviewer"]
    app = received(D)
    on = {"correction": D + dt.timedelta(days=1), "answer": D + dt.timedelta(days=3),
          "consult": D + dt.timedelta(days=4), "consult_end": D + dt.timedelta(days=10),
          "extension": D + dt.timedelta(days=14), "fee": D + dt.timedelta(days=15),
          "fee_received": D + dt.timedelta(days=17), "paid": D + dt.timedelta(days=18),
          "reply": D + dt.timedelta(days=22)}
    deadline = calendar.add_workdays(on["correction"], 10)
    actions.request_correction(o, app, "请写明所需统计公报的年份。", deadline, on=on["correction"])
    actions.answer_correction(o, app, "2025年", on=on["answer"])
    actions.accept(o, app)
    actions.start_consultation(o, app, "third_party", "某某科技有限公司", on=on["consult"])
    actions.end_consultation(o, app, "同意公开", on=on["consult_end"])
    actions.request_extension(o, app, 10, "需要调取历年档案核对")
    actions.approve_extension(r, app, on=on["extension"])
    app.refresh_from_db()
    due_after_extension = app.due_date
    actions.issue_fee_notice(o, app, "by_volume", pages=250, on=on["fee"])
    actions.record_fee_notice_delivery(o, app, "post", on=on["fee_received"])
    app.refresh_from_db()
    pay_due = app.pause_due
    actions.record_fee_payment(o, app, Decimal("4700"), on=on["paid"])
    actions.reply(o, app, "disclosed", on=on["reply"])
    app.refresh_from_db()
    return {"app": app, "on": on, "deadline": deadline, "due_after_extension": due_after_extension,
            "pay_due": pay_due}


def test_every_document_of_the_walk_is_issued_numbered_stored_and_journaled(walked, calendar):
    app, on = walked["app"], walked["on"]
    docs = {d.kind: d for d in app.documents.all()}
    assert sorted(docs) == sorted(k.value for k in R.DocKind)
    assert Event.objects.for_object(app).filter(action="application.document_issued").count() == len(docs)
    expected = {
        "correction": ["请写明所需统计公报的年份。", f"请您于{R.cn_date(walked['deadline'])}前", "视为放弃申请",
                       "第三十条"],
        "consultation": ["某某科技有限公司：", "15个工作日内",
                         f"即{R.cn_date(calendar.add_workdays(on['consult'], 15))}前", "第三十二条"],
        "pause": ["不计算在答复期限内", f"自{R.cn_date(on['consult'])}起暂停计算"],
        "extension": ["延长10个工作日", f"延长至{R.cn_date(walked['due_after_extension'])}", "需要调取历年档案核对"],
        "fee": ["收到本通知次日起20个工作日内", "4700元", "第201—250页50页×40元＝2000元", "109号", "缴纳方式"],
        "reply": ["向测试市人民政府依法申请行政复议", "向测试市江阳区人民法院提起行政诉讼", "联系电话：0830-3190000"],
    }
    for kind, doc in docs.items():
        docx, pdf = documents.read(doc, "docx"), documents.read(doc, "pdf")
        dtext, ptext = docx_text(docx), pdf_text(pdf)
        assert NUMBER_RE.search(doc.number) and doc.number in dtext and doc.number in ptext, kind
        assert doc.number.startswith("测统" + R.DOC_KIND_CODES[R.DocKind(kind)]), doc.number
        for words in expected[kind]:
            assert words in dtext and words in ptext, (kind, words)
        assert "测试市统计局" in ptext and R.cn_date(doc.issued_on) in ptext
        assert docx_section(docx) == A4_MM, kind
        assert all(abs(w - 595) <= 1 and abs(h - 842) <= 1 for w, h in pdf_mediaboxes(pdf)), kind
        letter = documents.letter_of(doc)
        assert signature_only_pages(pdf, [letter.signature, letter.date, *letter.contact]) == [], kind
    # the dates printed are the calendar's answer, counted by hand here
    corrected = on["answer"]
    assert walked["due_after_extension"] == _due(calendar, corrected, 30, [(on["consult"], on["consult_end"])])
    assert walked["pay_due"] == calendar.add_workdays(on["fee_received"], 20)  # from the day after receipt


def test_fee_window_starts_after_the_status_page_shows_the_notice(received, staff, client, calendar):
    from gongkai.applications.deadlines import today

    app = received(today() - dt.timedelta(days=7))
    actions.issue_fee_notice(staff["officer"], app, "by_volume", pages=40, on=today() - dt.timedelta(days=5))
    app.refresh_from_db()
    assert app.pause_due is None  # issued, not yet received: the window has not started
    from gongkai.applications import views_public

    session = client.session
    session[views_public.SESSION_STATUS] = app.pk
    session[views_public.SESSION_STATUS_KEY] = views_public.passwords.fingerprint(app.query_password_hash)
    session.save()
    page = client.get(reverse("applications_public:status_detail")).content.decode()
    app.refresh_from_db()
    assert app.fee_notice_received_on == today() and app.fee_notice_received_via == "online"
    assert app.pause_due == calendar.add_workdays(today(), 20)
    assert f"{app.pause_due:%Y-%m-%d}" in page and "政府信息公开信息处理费收费通知书" in page
    ev = Event.objects.for_object(app).get(action="application.fee_notice_delivered")
    assert ev.actor_name.startswith("申请人")


def test_not_handled_and_not_responsible_letters(received, staff):
    a, b = received(D), received(D)
    reply_signed(staff["officer"], staff["reviewer"], a, "repeated", on=D + dt.timedelta(days=5))
    sign_off(staff["officer"], staff["reviewer"], b, "not_responsible")
    actions.transfer(staff["officer"], b, to_name="测试市市场监督管理局", contact="0830-1110000",
                     on=D + dt.timedelta(days=5))
    ta = pdf_text(documents.read(documents.latest(a, R.DocKind.REPLY), "pdf"))
    tb = docx_text(documents.read(documents.latest(b, R.DocKind.REPLY), "docx"))
    assert "政府信息公开申请不予处理告知书" in ta and "第三十六条第（六）项" in ta
    assert "非本机关负责公开" in tb and "测试市市场监督管理局" in tb and "0830-1110000" in tb


def test_bulk_loads_number_documents_and_set_files_on_first_use(received, staff):
    app = received(D)
    with actions.quiet():
        reply_signed(staff["officer"], staff["reviewer"], app, "not_held", on=D + dt.timedelta(days=3))
    doc = documents.latest(app, R.DocKind.REPLY)
    assert doc.number.endswith("〔2026〕1号") and not doc.pdf
    assert "该政府信息不存在" in pdf_text(documents.read(doc, "pdf"))
    doc.refresh_from_db()
    assert doc.pdf and doc.docx
