"""After a step that hands the work to someone else, the message says who acts next."""

import datetime as dt

from django.urls import reverse

from gongkai.disclosures import actions


def test_submit_says_the_reviewer_acts_next(client, staff):
    item = actions.create_item(staff["officer"], staff["agency"], {
        "title": "待审核的通知", "formed_on": dt.date(2026, 3, 2), "body": "<p>正文</p>", "art20_item": "A20_04"})
    client.force_login(staff["officer"])
    resp = client.post(reverse("disclosures:act", args=[item.pk, "submit"]), follow=True)
    assert "已提交审核，等待审核人" in resp.content.decode()
    client.force_login(staff["reviewer"])
    resp = client.post(reverse("disclosures:act", args=[item.pk, "approve"]), follow=True)
    assert "等待保密审查员处理" in resp.content.decode()
