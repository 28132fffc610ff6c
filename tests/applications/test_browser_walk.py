"""End to end in Debian's Chromium: a citizen applies → correction → answered online → third-party
consultation → approved extension → fee notice (seen online) → payment → reply with an attached file and
告知书 (DOCX and PDF text checked) → the citizen downloads every document and the file from the status page.
Every due date shown equals the calendar's answer; every 文号 is 机关代字〔2026〕n号."""

import io
import re
import subprocess

import pytest
from docx import Document

from gongkai.applications.deadlines import today
from gongkai.applications.models import Application
from gongkai.workcalendar.service import clear_cache, get_calendar


def due_text(calendar, start, n):
    return f"{calendar.add_workdays(start, n):%Y-%m-%d}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_application_end_to_end(browser, live_server, page, login, agency_tree, make_user, tmp_path, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_user(agency_tree["dept"], "officer", username="zhuanyuan", full_name="张专员")
    make_user(agency_tree["dept"], "reviewer", username="shenhe", full_name="李审核")
    clear_cache()
    cal = get_calendar()
    day = today()

    # --- the citizen applies -----------------------------------------------------------------------
    citizen = browser.new_context(base_url=live_server.url, locale="zh-CN")
    cp = citizen.new_page()
    cp.goto("/apply/")
    cp.select_option("#id_agency", label="测试市统计局")
    cp.select_option("#id_applicant_type", "natural_person")
    cp.fill("#id_applicant_name", "王小明")
    cp.select_option("#id_id_type", "id_card")
    cp.fill("#id_id_number", "510502199203061235")
    cp.fill("#id_phone", "13912345678")
    cp.fill("#id_email", "wxm@example.com")
    cp.fill("#id_info_name", "2025年统计公报")
    cp.fill("#id_info_description", "2025年泸州市统计公报及分区县数据")
    cp.check("#id_confirm")
    cp.get_by_role("button", name="提交申请").click()
    cp.wait_for_url("**/apply/done/")
    code = cp.locator("#tracking-code").inner_text()
    password = cp.locator("#query-password").inner_text()
    app = Application.objects.get(tracking_code=code)

    # --- the officer confirms receipt and requests a correction -----------------------------------
    login("zhuanyuan")
    page.goto(f"/work/applications/{app.pk}/")
    page.locator("#act-confirm button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#receipt-date").inner_text() == f"{day:%Y-%m-%d}"
    assert due_text(cal, day, 20) in page.locator("#due-date").inner_text()
    page.locator("#act-correction summary").click()
    page.fill("#correction-items", "请说明需要哪几个区县的数据")
    page.locator("#act-correction button[type=submit]").click()
    page.wait_for_load_state()
    assert "等待补正" in page.locator("#state").inner_text()

    # --- the citizen answers on the status page ----------------------------------------------------
    cp.goto("/apply/status/")
    cp.fill("#id_tracking_code", code)
    cp.fill("#id_password", password)
    cp.get_by_role("button", name="查询").click()
    cp.wait_for_url("**/status/case/")
    assert "请说明需要哪几个区县的数据" in cp.locator("#correction-items").inner_text()
    cp.fill("#id_text", "江阳区、龙马潭区、纳溪区")
    cp.get_by_role("button", name="提交补正").click()
    cp.wait_for_url("**/status/case/")
    assert due_text(cal, day, 20) in cp.locator("#due-date").inner_text()

    # --- third-party consultation, then an extension approved by the reviewer ----------------------
    page.reload()
    assert due_text(cal, day, 20) in page.locator("#due-date").inner_text()
    page.locator("#act-consultation summary").click()
    page.select_option("#consultation-kind", "third_party")
    page.fill("#consultation-party", "某统计调查对象企业")
    page.locator("#act-consultation button[type=submit]").click()
    page.wait_for_load_state()
    assert "暂停计算" in page.locator("#due-date").inner_text()
    assert "征求第三方意见" in page.locator("#state").inner_text()
    assert due_text(cal, day, 15) in page.locator("#state").inner_text()
    page.locator("#act-consultation_end summary").click()
    page.fill("#consultation_end-result", "第三方同意公开")
    page.locator("#act-consultation_end button[type=submit]").click()
    page.wait_for_load_state()
    assert due_text(cal, day, 20) in page.locator("#due-date").inner_text()
    page.locator("#act-extension summary").click()
    page.fill("#extension-days", "10")
    page.fill("#extension-reason", "涉及多个区县数据，需要汇总核实")
    page.locator("#act-extension button[type=submit]").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="退出登录").click()
    login("shenhe")
    page.goto(f"/work/applications/{app.pk}/")
    page.locator("#act-extension_approve summary").click()
    page.locator("#act-extension_approve button[type=submit]").click()
    page.wait_for_load_state()
    due_shown = page.locator("#due-date").inner_text()
    assert due_text(cal, day, 30) in due_shown
    if cal.is_provisional_span(day, cal.add_workdays(day, 30)):
        assert "暂定" in due_shown
    page.get_by_role("button", name="退出登录").click()

    # --- the fee notice: seen by the citizen online (its delivery), then paid ------------------------
    login("zhuanyuan")
    page.goto(f"/work/applications/{app.pk}/")
    page.locator("#act-fee_notice summary").click()
    page.select_option("#fee_notice-method", "by_volume")
    page.fill("#fee_notice-pages", "40")
    page.locator("#act-fee_notice button[type=submit]").click()
    page.wait_for_load_state()
    assert "等待缴纳信息处理费" in page.locator("#state").inner_text()
    cp.reload()
    assert f"{cal.add_workdays(day, 20):%Y-%m-%d}" in cp.locator("#fee-window").inner_text()  # from the day after
    page.reload()
    page.locator("#act-fee_paid summary").click()
    page.locator("#act-fee_paid button[type=submit]").click()
    page.wait_for_load_state()

    # --- 部分公开 refuses in part: the draft goes to the reviewer for sign-off before it can be issued --
    reply_text = "其中涉及个别企业的数据已作区分处理，其余部分随本告知书提供。"
    page.locator("#act-reply_submit summary").click()
    page.select_option("#reply_submit-outcome", "partial")
    page.fill("#reply_submit-text", reply_text)
    page.locator("#act-reply_submit button[type=submit]").click()
    page.wait_for_load_state()
    assert "待审核人或分管领导签发" in page.locator("#signoff").inner_text()
    assert page.locator("#act-reply_signoff").count() == 0  # not the officer's to sign off
    page.get_by_role("button", name="退出登录").click()
    login("shenhe")
    page.goto(f"/work/applications/{app.pk}/")
    page.locator("#act-reply_signoff summary").click()
    page.locator("#act-reply_signoff button[type=submit]").click()
    page.wait_for_load_state()
    assert "签发" in page.locator("#signoff").inner_text() and "待审核人" not in page.locator("#signoff").inner_text()
    page.get_by_role("button", name="退出登录").click()
    login("zhuanyuan")
    page.goto(f"/work/applications/{app.pk}/")

    # --- the reply as signed off (the form opens with it), with the information attached ------------
    assert page.locator("#reply-outcome").input_value() == "partial"
    assert page.locator("#reply-text").input_value() == reply_text
    info = tmp_path / "2025年统计公报.pdf"
    info.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.set_input_files("#reply-attachments", str(info))
    page.locator("#act-reply button[type=submit]").click()
    page.wait_for_load_state()
    assert "部分公开" in page.locator("#outcome").inner_text()

    # --- the citizen sees the reply and downloads the letter ---------------------------------------
    cp.reload()
    assert "其中涉及个别企业的数据已作区分处理" in cp.locator("#reply-text").inner_text()
    with cp.expect_download() as dl:
        cp.get_by_role("link", name="下载告知书（Word）").click()
    docx_path = tmp_path / "letter.docx"
    dl.value.save_as(docx_path)
    text = "\n".join(p.text for p in Document(io.BytesIO(docx_path.read_bytes())).paragraphs)
    assert "政府信息公开申请答复告知书（部分公开）" in text and "王小明：" in text and code in text
    assert "答复期限已延长10个工作日" in text and "《中华人民共和国政府信息公开条例》第三十七条" in text
    with cp.expect_download() as dl:
        cp.get_by_role("link", name="下载告知书（PDF）").click()
    pdf_path = tmp_path / "letter.pdf"
    dl.value.save_as(pdf_path)
    pdf = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    pdf = re.sub(r"\s+", "", pdf)
    assert "政府信息公开申请答复告知书（部分公开）" in pdf and "王小明" in pdf and "第三十七条" in pdf
    # every document of the case, from the status page: 文号, 复议机关 and court, the dates of the calendar
    texts = {}
    rows = cp.locator("#documents tbody tr")
    for i in range(rows.count()):
        row = rows.nth(i)
        with cp.expect_download() as dl:
            row.get_by_role("link", name="Word").click()
        path = tmp_path / f"doc{i}.docx"
        dl.value.save_as(path)
        texts[row.locator("td").first.inner_text()] = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert set(texts) == {"政府信息公开申请补正告知书", "政府信息公开申请答复期限暂停计算告知书", "政府信息公开申请延期答复告知书",
                          "政府信息公开信息处理费收费通知书", "政府信息公开申请答复告知书（部分公开）"}
    for title, text in texts.items():
        assert re.search(r"〔2026〕[1-9][0-9]*号", text), title
    reply_text = texts["政府信息公开申请答复告知书（部分公开）"]
    assert "向测试市人民政府依法申请行政复议" in reply_text and "提起行政诉讼" in reply_text
    ext = texts["政府信息公开申请延期答复告知书"]
    assert f"延长至{cal.add_workdays(day, 30).year}年{cal.add_workdays(day, 30).month}月{cal.add_workdays(day, 30).day}日" in ext
    assert "收到本通知次日起20个工作日内" in texts["政府信息公开信息处理费收费通知书"]
    with cp.expect_download() as dl:
        cp.get_by_role("link", name="2025年统计公报.pdf").click()
    got = tmp_path / "got.pdf"
    dl.value.save_as(got)
    assert got.read_bytes() == info.read_bytes()
    citizen.close()
    app.refresh_from_db()
    assert app.outcome_row == "r2" and app.extended and app.correction_received_on == day
