"""Workbench pages: queue with colours and 暂定, register, actions through the case page, export."""

import datetime as dt
import io

from django.urls import reverse
from openpyxl import load_workbook

from gongkai.applications import actions
from gongkai.applications.deadlines import today
from gongkai.applications.models import Application
from gongkai.workcalendar.service import get_calendar


def test_queue_colours_due_soon_overdue_and_provisional(client, received, staff, calendar, as_of):
    day = today()
    overdue = received(day - dt.timedelta(days=60))
    soon = received(day)
    Application.objects.filter(pk=soon.pk).update(due_date=calendar.add_workdays(day, 2))
    client.force_login(staff["officer"])
    page = client.get(reverse("applications:queue")).content.decode()
    assert "row-overdue" in page and "已超期" in page and "row-soon" in page
    only_soon = client.get(reverse("applications:queue") + "?due=soon").content.decode()
    assert soon.tracking_code in only_soon and overdue.tracking_code not in only_soon
    with as_of(dt.date(2026, 12, 15)):
        late = received(dt.date(2026, 12, 15))
    page = client.get(reverse("applications:queue") + "?q=" + late.tracking_code).content.decode()
    assert "暂定" in page
    detail = client.get(reverse("applications:detail", args=[late.pk])).content.decode()
    assert "暂定" in detail and "2027年" in detail
    home = client.get(reverse("workbench:home")).content.decode()
    assert "3个工作日内到期" in home


def test_register_in_person_derives_receipt_date(client, staff, agency_tree, person):
    client.force_login(staff["officer"])
    data = {**person, "agency": agency_tree["dept"].pk, "channel": "ordinary_post", "arrival_date": "2026-03-02",
            "confirmed_date": "2026-03-04"}
    resp = client.post(reverse("applications:register"), data)
    assert resp.status_code == 302
    app = Application.objects.get()
    assert app.receipt_date == dt.date(2026, 3, 4) and app.due_date == get_calendar().add_workdays(app.receipt_date, 20)
    bad = client.post(reverse("applications:register"), {**data, "confirmed_date": "2026-03-01"})
    assert "不能早于" in bad.content.decode()


def test_every_action_through_the_case_page(client, received, staff, calendar):
    app = received(dt.date(2026, 3, 2))
    client.force_login(staff["officer"])
    url = lambda name: reverse("applications:act", args=[app.pk, name])  # noqa: E731
    page = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert "告知补正" in page and "答复" in page
    client.post(url("accept"))
    client.post(url("consultation"), {"on": "2026-03-04", "kind": "inter_agency", "party": "市财政局"})
    app.refresh_from_db()
    assert app.clock_paused and app.pause_reason == "inter_agency"
    client.post(url("consultation_end"), {"on": "2026-03-10", "result": "同意"})
    client.post(url("extension"), {"days": "5", "reason": "需要调取档案"})
    client.force_login(staff["reviewer"])
    client.post(reverse("applications:act", args=[app.pk, "extension_approve"]), {"on": "2026-03-11"})
    app.refresh_from_db()
    assert app.extended
    client.force_login(staff["officer"])
    resp = client.post(url("reply"), {"on": "2026-03-12", "outcome": "nope"})
    assert "操作未完成" in client.get(resp["Location"]).content.decode()
    reply = {"on": "2026-03-12", "outcome": "partial", "text": "第2页涉及个人隐私，已删除。"}
    # 部分公开 refuses in part: the letter goes to the reviewer for sign-off before it can be issued
    resp = client.post(url("reply"), reply)
    assert "须经审核人或分管领导签发后才能发出" in client.get(resp["Location"]).content.decode()
    app.refresh_from_db()
    assert app.is_open and not app.documents.filter(kind="reply").exists()
    client.post(url("reply_submit"), {"outcome": "partial", "text": reply["text"]})
    page = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert "待审核人或分管领导签发" in page and "/act/reply_signoff/" not in page  # not the officer's to sign
    client.force_login(staff["reviewer"])
    page = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert "/act/reply_signoff/" in page
    client.post(url("reply_signoff"))
    client.force_login(staff["officer"])
    client.post(url("reply"), reply)
    client.post(url("deliver"), {"on": "2026-03-13", "via": "email"})
    client.post(url("archive"), {"on": "2026-03-13"})
    app.refresh_from_db()
    assert app.state == "archived" and app.outcome_row == "r2"
    page = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    for note in ("征求其他机关", "批准延期", "答复稿提交签发", "签发答复", "作出答复", "办结归档"):
        assert note in page
    assert "李审核" in page.split('id="signoff"')[1].split("</dd>")[0]  # the case page names who signed off
    case = client.get(reverse("applications:case_file", args=[app.pk])).content.decode()
    assert "办理案卷" in case and "部分公开" in case and "5105**********1234" in case


def test_export_is_masked(client, received, staff):
    received(dt.date(2026, 3, 2))
    client.force_login(staff["officer"])
    resp = client.get(reverse("applications:export") + "?state=all")
    ws = load_workbook(io.BytesIO(resp.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "查询码" and len(rows) == 2
    flat = " ".join(str(c) for c in rows[1])
    assert "5105**********1234" in flat and "510502199001191234" not in flat and "13800001234" not in flat


def test_supervisor_sees_descendants_but_cannot_act(client, received, staff):
    app = received(dt.date(2026, 3, 2))
    client.force_login(staff["supervisor"])
    assert client.get(reverse("applications:detail", args=[app.pk])).status_code == 200
    assert app.tracking_code in client.get(reverse("applications:queue")).content.decode()
    client.post(reverse("applications:act", args=[app.pk, "accept"]))
    app.refresh_from_db()
    assert app.state == "review"


def test_actions_by_staff_helpers(received, staff):
    app = received(dt.date(2026, 3, 2))
    actions.assign(staff["officer"], app, staff["reviewer"])
    app.refresh_from_db()
    assert app.handler == staff["reviewer"]


def test_queue_and_export_survive_bad_query_parameters(client, received, staff):
    app = received(dt.date(2026, 3, 2))
    client.force_login(staff["officer"])
    for params in ({"year": "0"}, {"year": "99999"}, {"year": "1900"}, {"year": "²"}, {"agency": "²"},
                   {"agency": "x"}, {"agency": "99999999999999999999999"}, {"year": "2026", "agency": "-3"}):
        for name in ("applications:queue", "applications:export"):
            assert client.get(reverse(name), {"state": "all", **params}).status_code == 200, (name, params)
    page = client.get(reverse("applications:queue"), {"state": "all", "year": "2026"}).content.decode()
    assert app.tracking_code in page
    assert app.tracking_code not in client.get(reverse("applications:queue"), {"year": "2025"}).content.decode()


def test_id_number_with_unicode_digits_is_rejected(person):
    from gongkai.applications.forms import StaffRegisterForm

    form = StaffRegisterForm({**person, "id_number": "²" * 17 + "1", "channel": "in_person",
                              "arrival_date": "2026-03-02"})
    assert not form.is_valid() and "18位" in str(form.errors["id_number"])


def test_panel_counts_in_one_query(rf, received, staff, calendar):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.applications.panel import workbench_panel

    day = today()
    received(day - dt.timedelta(days=60))
    soon = received(day)
    Application.objects.filter(pk=soon.pk).update(due_date=calendar.add_workdays(day, 2))
    request = rf.get("/")
    request.user = staff["officer"]
    workbench_panel(request)  # warm the calendar cache and the user's memberships
    with CaptureQueriesContext(connection) as ctx:
        html = workbench_panel(request)
    counting = [q["sql"] for q in ctx.captured_queries if "applications_application" in q["sql"]]
    assert len(counting) == 1 and counting[0].upper().count("COUNT(") == 5
    assert "<strong>1</strong>" in html
