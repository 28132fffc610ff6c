"""One action menu: the item page shows exactly `available_actions(item, user)`, and the action view
refuses the rest (403 for a missing role, an error message for the wrong state)."""

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages

from gongkai.disclosures import actions
from gongkai.disclosures.available import available_actions
from gongkai.disclosures.models import DisclosureItem, Status

ACTION_URL = re.compile(r'(?:action|formaction)="/work/disclosures/(\d+)/do/([a-z_]+)/"')


def shown(client, item) -> set[str]:
    page = client.get(f"/work/disclosures/{item.pk}/")
    assert page.status_code == 200
    found = ACTION_URL.findall(page.content.decode())
    assert {pk for pk, _ in found} <= {str(item.pk)}
    return {name for _, name in found}


@pytest.fixture
def items(staff, publish, settings, tmp_path):
    """One item in each status (the draft with an attachment; the published ones normative)."""
    settings.MEDIA_ROOT = tmp_path
    officer, agency = staff["officer"], staff["agency"]

    def new(title):
        return actions.create_item(officer, agency, {"title": title, "formed_on": dt.date(2020, 1, 2)})

    draft = new("草稿")
    actions.add_attachment(officer, draft, "说明.pdf", b"%PDF-1.4\n%x\n")
    content = actions.submit_item(officer, new("待审核"))
    secrecy = actions.approve_content(staff["reviewer"], actions.submit_item(officer, new("待保密审查")))
    normative = {"doc_type": "normative", "effective_on": dt.date(2020, 4, 1)}
    published = publish({"title": "已公开的办法", **normative})
    expired = actions.expire_item(officer, publish({"title": "已过期的办法", **normative}), "已过时")
    withdrawn = actions.withdraw_item(staff["reviewer"], publish({"title": "已撤回的办法", **normative}), "有误")
    return {"draft": draft, "content_review": content, "secrecy_review": secrecy, "published": published,
            "expired": expired, "withdrawn": withdrawn}


EXPECTED = {  # the menu's rules, written out: (role, status) → actions
    ("officer", "draft"): {"submit", "attach", "detach"},
    ("officer", "content_review"): set(),
    ("officer", "published"): {"expire", "validity", "channel"},
    ("officer", "expired"): {"validity", "channel"},
    ("officer", "withdrawn"): set(),
    ("reviewer", "draft"): set(),
    ("reviewer", "content_review"): {"approve", "return"},
    ("reviewer", "secrecy_review"): set(),
    ("reviewer", "published"): {"withdraw", "expire", "validity", "channel"},
    ("reviewer", "expired"): {"withdraw", "validity", "channel"},
    ("secrecy", "content_review"): set(),
    ("secrecy", "secrecy_review"): {"secrecy", "return_secrecy"},
    ("secrecy", "published"): set(),
}


@pytest.mark.parametrize(("role", "status"), list(EXPECTED), ids=[f"{r}-{s}" for r, s in EXPECTED])
def test_page_buttons_are_the_available_actions(client, staff, items, role, status):
    item, user = items[status], staff[role]
    assert item.status == status
    client.force_login(user)
    names = {a.name for a in available_actions(item, user)}
    assert shown(client, item) == names == EXPECTED[(role, status)]


def test_labels_on_the_page_come_from_the_menu(client, staff, items):
    client.force_login(staff["reviewer"])
    body = client.get(f"/work/disclosures/{items['content_review'].pk}/").content.decode()
    assert "内容审核通过" in body and "退回修改" in body and "审核意见" in body
    client.force_login(staff["officer"])
    published = items["published"]
    body = client.get(f"/work/disclosures/{published.pk}/").content.decode()
    assert "过期原因" in body and "标记过期" in body and "登记渠道发布" in body and "变更效力状态" in body
    assert f'value="{published.published_on.isoformat()}"' in body  # the channel form starts from that date


def test_post_without_the_role_is_forbidden(client, staff, items):
    item = items["content_review"]
    client.force_login(staff["officer"])
    assert client.post(f"/work/disclosures/{item.pk}/do/approve/", {"note": "自己批"}).status_code == 403
    client.force_login(staff["reviewer"])
    assert client.post(f"/work/disclosures/{item.pk}/do/secrecy/", {"note": ""}).status_code == 403
    assert client.post(f"/work/disclosures/{items['published'].pk}/do/attach/", {}).status_code == 403
    item.refresh_from_db()
    assert item.status == Status.CONTENT_REVIEW


def test_post_in_the_wrong_state_says_why(client, staff, items):
    item = items["published"]
    client.force_login(staff["reviewer"])
    r = client.post(f"/work/disclosures/{item.pk}/do/approve/", {"note": "同意"})
    assert r.status_code == 302
    texts = [str(m) for m in get_messages(r.wsgi_request)]
    assert any("当前状态下不能“内容审核通过”" in t for t in texts)
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED


def test_unknown_action_is_404(client, staff, items):
    client.force_login(staff["reviewer"])
    assert client.post(f"/work/disclosures/{items['draft'].pk}/do/publish_now/", {}).status_code == 404


def test_bad_form_input_is_a_message_and_changes_nothing(client, staff, items):
    item = items["published"]
    client.force_login(staff["reviewer"])
    r = client.post(f"/work/disclosures/{item.pk}/do/withdraw/", {"reason": ""}, follow=True)
    assert "操作未完成" in r.content.decode() and "原因" in r.content.decode()
    r = client.post(f"/work/disclosures/{item.pk}/do/channel/", {"channel": "pigeon", "published_on": "昨天"},
                    follow=True)
    assert "操作未完成" in r.content.decode() and "渠道" in r.content.decode()
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.publications.count() == 1


def test_actions_through_the_view(client, staff, items):
    officer = staff["officer"]
    draft = items["draft"]
    client.force_login(officer)
    att = draft.attachments.get()
    r = client.post(f"/work/disclosures/{draft.pk}/do/detach/", {"attachment": att.pk}, follow=True)
    assert "附件已删除" in r.content.decode() and not draft.attachments.exists()
    assert "detach" not in shown(client, draft)  # nothing left to delete: no button
    r = client.post(f"/work/disclosures/{draft.pk}/do/detach/", {"attachment": att.pk}, follow=True)
    assert "操作未完成" in r.content.decode()
    client.post(f"/work/disclosures/{draft.pk}/do/submit/")
    assert DisclosureItem.objects.get(pk=draft.pk).status == Status.CONTENT_REVIEW
    client.force_login(staff["reviewer"])
    r = client.post(f"/work/disclosures/{draft.pk}/do/return/", {"note": ""}, follow=True)
    assert "退回理由" in r.content.decode()
    client.post(f"/work/disclosures/{draft.pk}/do/approve/", {"note": "同意"})
    client.force_login(staff["secrecy"])
    r = client.post(f"/work/disclosures/{draft.pk}/do/return_secrecy/", {"note": "涉及内部信息"}, follow=True)
    assert "已退回，等待公开专员修改后重新提交" in r.content.decode()
    assert DisclosureItem.objects.get(pk=draft.pk).status == Status.DRAFT
