import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.interactions import actions, ratelimit
from gongkai.interactions.models import MailboxLetter

FORM = {"category": "建议", "writer_name": "李四", "phone": "13900001111", "email": "", "subject": "建议公开区县数据",
        "body": "建议按区县公开主要经济指标。", "consent_publish": "on"}


def write_url(agency):
    return reverse("interactions_public:write", args=[agency.slug])


def test_write_letter_gives_a_tracking_code_and_no_personal_data_in_urls(client, agency_tree):
    dept = agency_tree["dept"]
    page = client.get(write_url(dept))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<label for="id_writer_name"' in html and 'name="csrfmiddlewaretoken"' in html
    for category in ["咨询", "建议", "投诉", "求助", "其他"]:
        assert category in html
    resp = client.post(write_url(dept), FORM)
    assert resp.status_code == 302 and resp.url == reverse("interactions_public:done")
    assert "13900001111" not in resp.url and "李四" not in resp.url
    done = client.get(resp.url).content.decode()
    letter = MailboxLetter.objects.get()
    assert letter.tracking_code in done
    assert letter.writer_name == "李四" and letter.phone == "13900001111" and letter.category == "建议"
    password = re.search(r'id="query-password">(\w+)<', done).group(1)
    assert actions.find_letter(letter.tracking_code, password) == letter


def test_bad_input_keeps_what_was_typed_and_says_how_to_fix_it(client, agency_tree):
    data = {**FORM, "phone": "12345", "subject": ""}
    resp = client.post(write_url(agency_tree["dept"]), data)
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "联系电话格式不正确" in html and "请填写标题" in html
    assert 'role="alert"' in html and 'aria-invalid="true"' in html
    assert "建议按区县公开主要经济指标。" in html  # the body is still there
    assert not MailboxLetter.objects.exists()


def test_query_with_wrong_password_reveals_nothing(client, write_letter, staff):
    letter = write_letter(subject="关于统计年鉴", body="年鉴在哪里？")
    reply = actions.save_reply_draft(staff["officer"], letter, "答复：在网站上。")
    actions.review_reply(staff["reviewer"], reply, approve=True)
    actions.send_reply(staff["officer"], reply)
    url = reverse("interactions_public:query")
    wrong = client.post(url, {"tracking_code": letter.tracking_code, "query_password": "not-the-one"})
    nosuch = client.post(url, {"tracking_code": "XXAAAAAAAAAA", "query_password": "secret-123"})
    for resp in (wrong, nosuch):
        html = resp.content.decode()
        assert resp.status_code == 400
        assert "查询码或查询密码不正确" in html
        for secret in ("关于统计年鉴", "年鉴在哪里", "答复：在网站上", "张三丰", "13812345678", letter.agency.name):
            assert secret not in html
    right = client.post(url, {"tracking_code": letter.tracking_code.lower(), "query_password": "secret-123"})
    html = right.content.decode()
    assert right.status_code == 200
    assert "关于统计年鉴" in html and "答复：在网站上。" in html


def test_query_is_rate_limited(client, write_letter, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "query", (3, 600))
    letter = write_letter()
    url = reverse("interactions_public:query")
    codes = [client.post(url, {"tracking_code": letter.tracking_code, "query_password": f"guess-{i}"}).status_code
             for i in range(3)]
    assert codes == [400, 400, 400]
    blocked = client.post(url, {"tracking_code": letter.tracking_code, "query_password": "secret-123"})
    assert blocked.status_code == 429
    assert "操作过于频繁" in blocked.content.decode()
    assert "统计年鉴如何获取" not in blocked.content.decode()


def test_writing_is_rate_limited(client, agency_tree, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "letter", (2, 3600))
    for _ in range(3):
        resp = client.post(write_url(agency_tree["dept"]), FORM)
    assert MailboxLetter.objects.count() == 2
    assert resp.status_code == 429 and "操作过于频繁" in resp.content.decode()
    assert "建议按区县公开主要经济指标。" in resp.content.decode()  # what was typed is kept


def test_only_published_qa_is_public(client, write_letter, staff):
    shown = write_letter(subject="将公开的来信")
    hidden = write_letter(subject="未公开的来信")
    for letter in (shown, hidden):
        reply = actions.save_reply_draft(staff["officer"], letter, "答复内容")
        actions.review_reply(staff["reviewer"], reply, approve=True)
        actions.send_reply(staff["officer"], reply)
    actions.publish_letter(staff["reviewer"], shown, public_subject="公开标题甲", public_question="问题甲",
                           public_answer="答复甲")
    listing = client.get(reverse("interactions_public:qa_list")).content.decode()
    assert "公开标题甲" in listing and "未公开的来信" not in listing
    detail = client.get(reverse("interactions_public:qa_detail", args=[shown.pk])).content.decode()
    assert "问题甲" in detail and "答复甲" in detail
    assert "张三丰" not in detail and "13812345678" not in detail
    assert client.get(reverse("interactions_public:qa_detail", args=[hidden.pk])).status_code == 404


def test_survey_participation_once_per_browser_session_and_results(client, staff, agency_tree):
    today = timezone.localdate()
    s = actions.create_survey(staff["officer"], agency_tree["dept"], title="满意度调查", description="",
                              opens_on=today, closes_on=today + dt.timedelta(days=5))
    q = actions.add_question(staff["officer"], s, text="是否满意？", kind="single", options=["满意", "不满意"])
    actions.open_survey(staff["officer"], s)
    url = reverse("interactions_public:survey_take", args=[s.pk])
    form = client.get(url).content.decode()
    assert "<fieldset" in form and "<legend" in form
    options = list(q.options.all())
    missing = client.post(url, {})
    assert missing.status_code == 400 and "请回答第 1 题" in missing.content.decode()
    assert client.post(url, {f"q{q.id}": options[0].id}).status_code == 302
    again = client.post(url, {f"q{q.id}": options[1].id}, follow=True)
    assert "您已经参与过这项调查" in again.content.decode()
    other_browser = client.__class__()
    assert other_browser.post(url, {f"q{q.id}": options[1].id}).status_code == 302
    assert s.responses.count() == 2
    results_url = reverse("interactions_public:survey_results", args=[s.pk])
    assert client.get(results_url).status_code == 404  # not published yet
    actions.close_survey(staff["officer"], s)
    actions.publish_results(staff["officer"], s)
    html = client.get(results_url).content.decode()
    assert re.search(r'id="total">2<', html)
    assert "50.0%" in html
    assert client.get(url).status_code == 302  # closed survey → its results


def test_public_pages_render_for_a_phone(client, write_letter, agency_tree):
    write_letter()
    for name, args in [("home", []), ("write", [agency_tree["dept"].slug]), ("query", []), ("qa_list", []),
                       ("surveys", [])]:
        resp = client.get(reverse(f"interactions_public:{name}", args=args))
        html = resp.content.decode()
        assert resp.status_code == 200, name
        assert 'name="viewport"' in html and html.count("<h1") == 1, name


def test_unknown_agency_is_404(client, db):
    assert client.get(reverse("interactions_public:write", args=["no-such"])).status_code == 404


@pytest.mark.parametrize("slug_setting", [False])
def test_disabled_mailbox(client, staff, agency_tree, slug_setting):
    actions.update_settings(staff["officer"], agency_tree["dept"], reply_days=10, categories="咨询",
                            enabled=slug_setting, mailbox_name="局长信箱", intro="")
    assert client.get(write_url(agency_tree["dept"])).status_code == 404
