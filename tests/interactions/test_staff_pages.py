import datetime as dt
import io

import openpyxl
from django.urls import reverse
from django.utils import timezone

from gongkai.interactions import actions
from gongkai.interactions.models import LetterStatus, Survey


def test_officer_and_reviewer_handle_a_letter_through_the_pages(client, staff, write_letter):
    letter = write_letter()
    detail = reverse("interactions:letter_detail", args=[letter.pk])
    client.force_login(staff["officer"])
    page = client.get(detail).content.decode()
    # the handler sees the writer's name; the phone only after asking for it (test_contact_reveal)
    assert "张三丰" in page and "13812345678" not in page and "138****5678" in page
    empty = client.post(reverse("interactions:letter_action", args=[letter.pk, "reply"]), {"body": ""})
    assert empty.status_code == 400 and "请填写答复内容" in empty.content.decode()
    client.post(reverse("interactions:letter_action", args=[letter.pk, "reply"]), {"body": "您好，年鉴在网站上。"})
    client.force_login(staff["reviewer"])
    page = client.get(detail).content.decode()
    assert "审核答复" in page and "您好，年鉴在网站上。" in page
    resp = client.post(reverse("interactions:letter_action", args=[letter.pk, "review"]), {"decision": "approve"})
    assert resp.status_code == 302
    client.post(reverse("interactions:letter_action", args=[letter.pk, "send"]))
    letter.refresh_from_db()
    assert letter.status == LetterStatus.ANSWERED
    page = client.get(detail).content.decode()
    # the publish form proposes the text with personal data removed
    assert "公开问答" in page and "我的电话***" in page
    bad = client.post(reverse("interactions:letter_action", args=[letter.pk, "publish"]),
                      {"public_subject": "年鉴", "public_question": "请联系13812345678", "public_answer": "好"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "仍含有个人信息（电话号码）" in html and "请联系13812345678" in html  # the typed text is kept
    ok = client.post(reverse("interactions:letter_action", args=[letter.pk, "publish"]),
                     {"public_subject": "年鉴", "public_question": "年鉴在哪？", "public_answer": "在网站上。"})
    assert ok.status_code == 302
    letter.refresh_from_db()
    assert letter.published_on == timezone.localdate()
    history = client.get(detail).content.decode()
    for action in ("收到来信", "起草答复", "审核通过", "发送答复", "公开问答"):
        assert action in history


def test_letter_list_masks_contacts_and_filters(client, staff, write_letter):
    write_letter(subject="第一封")
    overdue = write_letter(subject="超期的来信",
                           now=timezone.make_aware(dt.datetime(2026, 1, 5, 10)))
    client.force_login(staff["officer"])
    html = client.get(reverse("interactions:letters")).content.decode()
    assert "第一封" in html and "张**" in html and "138****5678" in html
    assert "13812345678" not in html and "张三丰" not in html
    only_overdue = client.get(reverse("interactions:letters"), {"due": "overdue"}).content.decode()
    assert overdue.tracking_code in only_overdue and "第一封" not in only_overdue
    home = client.get(reverse("workbench:home")).content.decode()
    assert "领导信箱" in home and "已超期" in home


def test_excel_export_masks_contacts(client, staff, write_letter):
    write_letter(writer_name="欧阳娜娜", phone="13987654321", email="nana@example.com")
    write_letter(writer_name="王五", phone="0830-3123456", email="")
    client.force_login(staff["officer"])
    resp = client.get(reverse("interactions:letters_export"))
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = openpyxl.load_workbook(io.BytesIO(resp.content))
    ws = wb.active
    rows = list(ws.iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    assert header[:7] == ("查询码", "机关", "类别", "标题", "来信人", "联系电话", "电子邮箱")
    assert len(data) == 2
    cells = [str(v) for row in data for v in row if v is not None]
    for secret in ("欧阳娜娜", "13987654321", "nana@example.com", "王五", "0830-3123456"):
        assert secret not in cells and not any(secret in c for c in cells)
    by_name = {row[4]: row for row in data}
    assert by_name["欧***"][5] == "139****4321" and by_name["欧***"][6] == "n***@example.com"
    assert by_name["王*"][5].endswith("3456") and "*" in by_name["王*"][5]
    assert isinstance(data[0][7], dt.datetime | dt.date)


def test_settings_page_validates_and_saves(client, staff, agency_tree):
    url = reverse("interactions:settings", args=[agency_tree["dept"].pk])
    client.force_login(staff["officer"])
    bad = client.post(url, {"enabled": "on", "mailbox_name": "局长信箱", "reply_days": "0", "categories": "咨询"})
    assert bad.status_code == 400 and "答复期限至少 1 个工作日" in bad.content.decode()
    ok = client.post(url, {"enabled": "on", "mailbox_name": "局长信箱", "reply_days": "7",
                           "categories": "咨询\n建议\n表扬"})
    assert ok.status_code == 302
    conf = actions.mailbox_settings(agency_tree["dept"])
    assert conf.reply_days == 7 and conf.category_list() == ["咨询", "建议", "表扬"]
    page = client.get(reverse("interactions_public:write", args=[agency_tree["dept"].slug])).content.decode()
    assert "表扬" in page and "7 个工作日" in page


def test_survey_pages(client, staff, agency_tree):
    client.force_login(staff["officer"])
    today = timezone.localdate()
    resp = client.post(reverse("interactions:survey_new"), {
        "agency": agency_tree["dept"].pk, "title": "数据需求调查", "description": "",
        "opens_on": today.isoformat(), "closes_on": (today - dt.timedelta(days=1)).isoformat()})
    assert resp.status_code == 400 and "截止日期不能早于开始日期" in resp.content.decode()
    resp = client.post(reverse("interactions:survey_new"), {
        "agency": agency_tree["dept"].pk, "title": "数据需求调查", "description": "",
        "opens_on": today.isoformat(), "closes_on": (today + dt.timedelta(days=3)).isoformat()})
    survey = Survey.objects.get()
    assert resp.status_code == 302 and resp.url == reverse("interactions:survey_detail", args=[survey.pk])
    bad_q = client.post(reverse("interactions:survey_action", args=[survey.pk, "add_question"]),
                        {"text": "关注什么？", "kind": "single", "options": "经济"})
    assert bad_q.status_code == 400 and "至少要有两个选项" in bad_q.content.decode()
    client.post(reverse("interactions:survey_action", args=[survey.pk, "add_question"]),
                {"text": "关注什么？", "kind": "single", "required": "on", "options": "经济\n人口\n\n收入"})
    assert [o.text for o in survey.questions.get().options.all()] == ["经济", "人口", "收入"]
    client.post(reverse("interactions:survey_action", args=[survey.pk, "open"]))
    survey.refresh_from_db()
    assert survey.status == "open"
    public = client.get(reverse("interactions_public:surveys")).content.decode()
    assert "数据需求调查" in public


def test_annual_report_drilldown_lists_the_counted_letters(client, staff, agency_tree):
    from gongkai.interactions import reporting

    from . import factories as f

    d = dt.date
    dept, other = agency_tree["dept"], agency_tree["other"]
    f.letter(dept, d(2020, 3, 2), answered_on=d(2020, 3, 5), subject="二〇年已答复")
    f.letter(dept, d(2020, 12, 30), answered_on=d(2021, 1, 4), subject="跨年答复")
    f.letter(dept, d(2021, 2, 2), answered_on=d(2021, 2, 3), subject="二一年")
    f.letter(other, d(2020, 3, 2), answered_on=d(2020, 3, 5), subject="别的机关")
    f.survey(dept, d(2020, 5, 1), title="二〇年调查")
    f.survey(dept, d(2021, 5, 1), title="二一年调查")
    client.force_login(staff["officer"])
    url = reverse("interactions:letters")
    html = client.get(url, {"agency": dept.pk, "year": 2020, "stat": "answered"}).content.decode()
    assert "二〇年已答复" in html and "跨年答复" not in html and "二一年" not in html and "别的机关" not in html
    assert "年度报告核对：2020年" in html
    html = client.get(url, {"agency": dept.pk, "year": 2020, "stat": "received"}).content.decode()
    assert "二〇年已答复" in html and "跨年答复" in html
    assert reporting.mailbox_stats([dept.id], 2020)["received"] == 2
    # another agency's id gives nothing, not its letters
    html = client.get(url, {"agency": other.pk, "year": 2020, "stat": "received"}).content.decode()
    assert "别的机关" not in html and "共 0 封" in html
    html = client.get(reverse("interactions:surveys"), {"year": 2020, "agency": dept.pk}).content.decode()
    assert "二〇年调查" in html and "二一年调查" not in html
