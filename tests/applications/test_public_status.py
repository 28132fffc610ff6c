"""Issue 9 item 8: the status page says in plain words where the case stands, for every state; the reply
deadline never reads "暂停计算" before the clock has started. Table-driven over every State (and the
sub-states of an open case), then the page itself."""

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.applications import actions
from gongkai.applications.models import Application, State
from gongkai.applications.public_status import describe

D = dt.date(2026, 3, 2)
DUE = dt.date(2026, 3, 30)

# (case fields, stage, words the detail must contain, words the due line must contain)
TABLE = [
    ({"state": State.REGISTERED, "receipt_date": None},
     "已提交，待登记", "确认", "答复期限：登记受理后开始计算"),
    ({"state": State.REVIEW, "receipt_date": D, "due_date": DUE},
     "已登记受理，正在审核", "2026-03-02", "答复期限：2026-03-30"),
    ({"state": State.REVIEW, "receipt_date": D, "awaiting_correction": True,
      "correction_deadline": dt.date(2026, 3, 16)},
     "等待您补正", "2026-03-16", "自本机关收到补正之日起重新计算"),
    ({"state": State.HANDLING, "receipt_date": D, "due_date": DUE},
     "正在办理", "正在办理", "答复期限：2026-03-30"),
    ({"state": State.HANDLING, "receipt_date": D, "due_date": DUE, "extended": True, "extension_days": 10},
     "正在办理", "正在办理", "已依法延长10个工作日"),
    ({"state": State.HANDLING, "receipt_date": D, "due_date": DUE, "clock_provisional": True},
     "正在办理", "正在办理", "暂定"),
    ({"state": State.HANDLING, "receipt_date": D, "clock_paused": True, "pause_reason": "third_party"},
     "正在征求第三方意见", "第三十二条", "暂停计算"),
    ({"state": State.HANDLING, "receipt_date": D, "clock_paused": True, "pause_reason": "inter_agency"},
     "正在征求其他机关意见", "第三十四条", "暂停计算"),
    ({"state": State.HANDLING, "receipt_date": D, "clock_paused": True, "pause_reason": "fee"},
     "等待缴纳信息处理费", "缴纳", "暂停计算"),
    ({"state": State.REPLIED, "is_open": False, "receipt_date": D, "closed_on": DUE, "outcome": "disclosed"},
     "已答复", "予以公开", "已于2026-03-30答复"),
    ({"state": State.REPLIED, "is_open": False, "receipt_date": D, "closed_on": DUE, "outcome": "withdrawn"},
     "已撤回", "撤回", "已于2026-03-30终止办理"),
    ({"state": State.ARCHIVED, "is_open": False, "receipt_date": D, "closed_on": DUE, "outcome": "disclosed"},
     "已办结归档", "归档", "已于2026-03-30答复"),
]


def _case(**fields) -> Application:
    base = {"is_open": True, "due_date": None, "clock_paused": False, "awaiting_correction": False}
    return Application(**{**base, **fields})


def test_the_table_covers_every_state():
    assert {row[0]["state"] for row in TABLE} == set(State.values)


@pytest.mark.parametrize(("fields", "stage", "detail", "due"), TABLE, ids=[r[1] + str(i) for i, r in enumerate(TABLE)])
def test_plain_words_for_every_state(fields, stage, detail, due):
    line = describe(_case(**fields))
    assert line.stage == stage
    assert detail in line.detail
    assert due in line.due
    if fields.get("receipt_date") is None or fields.get("awaiting_correction"):
        assert "暂停" not in line.stage + line.detail + line.due  # the clock has not started (again) yet


def test_status_page_of_a_fresh_online_application(client, agency_tree, person):
    app, password, _ = actions.submit_online(actions.APPLICANT_ONLINE, agency_tree["dept"], person, token="st-1")
    client.post(reverse("applications_public:status"), {"tracking_code": app.tracking_code, "password": password})
    page = client.get(reverse("applications_public:status_detail")).content.decode()
    assert "已提交，待登记" in page and "答复期限：登记受理后开始计算" in page
    assert "暂停计算" not in page


def test_status_page_after_receipt_shows_the_stored_due_date(client, received, staff):
    app = received(D)
    password = actions.reset_query_password(staff["officer"], app, via="counter")
    client.post(reverse("applications_public:status"), {"tracking_code": app.tracking_code, "password": password})
    page = client.get(reverse("applications_public:status_detail")).content.decode()
    app.refresh_from_db()
    assert "已登记受理，正在审核" in page and f"答复期限：{app.due_date:%Y-%m-%d}" in page


def test_receipt_printed_again_from_the_status_page(client, agency_tree, person):
    app, password, _ = actions.submit_online(actions.APPLICANT_ONLINE, agency_tree["dept"], person, token="st-2")
    url = reverse("applications_public:status_receipt")
    assert client.get(url).status_code == 404  # no status session: nothing
    client.post(reverse("applications_public:status"), {"tracking_code": app.tracking_code, "password": password})
    assert url in client.get(reverse("applications_public:status_detail")).content.decode()
    page = client.get(url).content.decode()
    assert "政府信息公开申请回执" in page and app.tracking_code in page and app.agency.name in page
    assert "（网上申请）" in page and "补打" in page
    assert password not in page  # only the hash is kept: the password is not shown again
