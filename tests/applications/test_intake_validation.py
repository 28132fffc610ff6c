"""Issue 9, item 9: a paper application's arrival date cannot be in the future; an 18-digit 居民身份证号码
must carry its GB 11643 check digit; the messages to applicants link to the status page. Clear Chinese
messages say what is wrong and how to fix it, and nothing typed is lost."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from gongkai.applications import actions, notify
from gongkai.applications.deadlines import today
from gongkai.applications.models import Application
from gongkai.rules.receipt import date_problems

BAD_CHECK = "510502199001191235"  # the fixtures' number with a wrong last digit (should be 4)


def test_an_arrival_date_in_the_future_is_refused(agency_tree, staff, person):
    tomorrow = today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        actions.register(staff["officer"], agency_tree["dept"], person, channel="in_person", arrival=tomorrow)
    text = exc.value.message_dict["arrival_date"][0]
    assert f"到达日期 {tomorrow:%Y-%m-%d} 晚于今天" in text and "请填写申请实际到达本机关的日期" in text
    assert Application.objects.count() == 0
    app, _ = actions.register(staff["officer"], agency_tree["dept"], person, channel="in_person", arrival=today())
    assert app.receipt_date == today()


def test_a_confirmation_date_in_the_future_is_refused_by_the_action_and_the_form(client, agency_tree, staff, person):
    """Issue 11 item 1: the rule (rules.receipt.date_problems) covers the confirmed date too, with the same
    message on the register page as from the action."""
    later = today() + dt.timedelta(days=2)
    expected = date_problems(today(), later, today())["confirmed_date"]
    with pytest.raises(ValidationError) as exc:
        actions.register(staff["officer"], agency_tree["dept"], person, channel="ordinary_post", arrival=today(),
                         confirmed=later)
    assert exc.value.message_dict == {"confirmed_date": [expected]}
    client.force_login(staff["officer"])
    data = {**person, "agency": agency_tree["dept"].pk, "channel": "ordinary_post",
            "arrival_date": f"{today():%Y-%m-%d}", "confirmed_date": f"{later:%Y-%m-%d}"}
    resp = client.post(reverse("applications:register"), data)
    assert resp.status_code == 200 and escape(expected) in resp.content.decode()
    assert resp.context["form"].errors["confirmed_date"] == [expected]
    assert Application.objects.count() == 0


def test_the_case_pages_confirmation_cannot_be_after_today_either(client, agency_tree, staff, person):
    """Review of issue 11 item 1: registration refuses a confirmation after today and says to leave it empty
    and confirm on the case page later ("确认收到"); that action took any day, so the refused date went in
    there (a receipt date, and a deadline, counted from a day not yet come). Same rule, same first words."""
    later = today() + dt.timedelta(days=2)
    app, _ = actions.register(staff["officer"], agency_tree["dept"], person, channel="email", arrival=today())
    assert app.state == "registered" and app.receipt_date is None
    with pytest.raises(ValidationError) as exc:
        actions.confirm_receipt(staff["officer"], app, later)
    text = exc.value.messages[0]
    assert text.startswith(f"双方确认收到日期 {later:%Y-%m-%d} 晚于今天（{today():%Y-%m-%d}），不能登记尚未作出的确认")
    assert "案件页" not in text  # it is the case page's own action: nothing to leave empty for later
    client.force_login(staff["officer"])
    resp = client.post(reverse("applications:act", args=[app.pk, "confirm"]), {"on": f"{later:%Y-%m-%d}"})
    assert resp.status_code in (200, 302)
    page = client.get(resp["Location"]).content.decode() if resp.status_code == 302 else resp.content.decode()
    assert escape("不能登记尚未作出的确认") in page
    app.refresh_from_db()
    assert app.receipt_date is None and app.confirmed_date is None and app.state == "registered"
    actions.confirm_receipt(staff["officer"], app, today())
    app.refresh_from_db()
    assert app.receipt_date == today() and app.state == "review"


def test_the_register_page_says_so_and_keeps_what_was_typed(client, staff, agency_tree, person):
    client.force_login(staff["officer"])
    later = today() + dt.timedelta(days=3)
    data = {**person, "agency": agency_tree["dept"].pk, "channel": "in_person", "arrival_date": f"{later:%Y-%m-%d}"}
    resp = client.post(reverse("applications:register"), data)
    body = resp.content.decode()
    assert resp.status_code == 200 and "晚于今天" in body and "不能登记尚未收到的申请" in body
    assert person["info_description"] in body and Application.objects.count() == 0


def test_an_id_number_with_a_wrong_check_digit_is_refused(client, agency_tree, staff, person):
    with pytest.raises(ValidationError) as exc:
        actions.register(staff["officer"], agency_tree["dept"], {**person, "id_number": BAD_CHECK},
                         channel="in_person", arrival=dt.date(2026, 3, 2))
    assert "最后一位应为“4”，现为“5”" in exc.value.message_dict["id_number"][0]
    with pytest.raises(ValidationError, match="校验码不正确"):
        actions.submit_online(actions.APPLICANT_ONLINE, agency_tree["dept"], {**person, "id_number": BAD_CHECK},
                              token="bad-id")
    # the public form: the message on the field, the rest of the form kept
    data = {**person, "id_number": BAD_CHECK, "agency": agency_tree["dept"].pk, "token": "tok-id", "confirm": "on"}
    body = client.post(reverse("applications_public:apply"), data).content.decode()
    assert "居民身份证号码的校验码不正确" in body and "请对照证件逐位核对" in body
    assert person["info_description"] in body and Application.objects.count() == 0
    # another kind of certificate is not checked as a 居民身份证
    app, _ = actions.register(staff["officer"], agency_tree["dept"], {**person, "id_type": "passport",
                                                                         "id_number": "E12345678"},
                              channel="in_person", arrival=dt.date(2026, 3, 2))
    assert app.pk


def test_messages_link_to_the_status_page(received, staff, settings, django_capture_on_commit_callbacks):
    settings.GONGKAI_SITE_URL = "https://gk.example.gov.cn"
    app = received(dt.date(2026, 3, 2))
    url = "https://gk.example.gov.cn" + reverse("applications_public:status")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.request_correction(staff["officer"], app, "请写明年份", dt.date(2026, 3, 20), on=dt.date(2026, 3, 3))
    assert len(mail.outbox) == 1 and url in mail.outbox[0].body and app.tracking_code in mail.outbox[0].body
    for step in notify.STEP_TEXT:  # every step's message carries it, and no personal data in the link
        body = notify.message_for(app, step)[1]
        assert url in body and app.phone not in body and app.id_number not in body
