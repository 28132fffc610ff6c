"""The handling actions: states, the stored clock against the calendar, permissions, the journal."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.applications import actions
from gongkai.applications.models import Application, State
from gongkai.journal.models import Event

from .signoff import reply_signed, sign_off

D = dt.date(2026, 3, 2)  # a Monday


def journal_actions(app):
    return list(Event.objects.for_object(app).order_by("id").values_list("action", flat=True))


def test_in_person_registration_starts_the_clock_at_the_calendar_answer(received, calendar):
    app = received(D)
    assert app.receipt_date == D and app.state == State.REVIEW
    assert app.due_date == calendar.add_workdays(D, 20)
    assert app.correction_notice_due == calendar.add_workdays(D, 7)
    assert not app.clock_provisional and app.is_open
    assert journal_actions(app) == ["application.registered"]


def test_online_submission_waits_for_confirmation_and_double_submit_makes_one(agency_tree, person, staff, calendar):
    app, pw, created = actions.submit_online(actions.APPLICANT_ONLINE, agency_tree["dept"], person, token="tok-1", on=D)
    again, pw2, created2 = actions.submit_online(actions.APPLICANT_ONLINE, agency_tree["dept"], person, token="tok-1", on=D)
    assert created and not created2 and again.pk == app.pk and pw2 is None
    assert Application.objects.count() == 1
    assert app.receipt_date is None and app.due_date is None and app.state == State.REGISTERED
    from gongkai.applications import passwords

    assert passwords.check(pw, app.query_password_hash) and not passwords.check("wrong", app.query_password_hash)
    assert app.query_password_hash.startswith("argon2$argon2id$") and pw not in app.query_password_hash
    actions.confirm_receipt(staff["officer"], app, D + dt.timedelta(days=1))
    app.refresh_from_db()
    assert app.receipt_date == D + dt.timedelta(days=1)
    assert app.due_date == calendar.add_workdays(app.receipt_date, 20)


def test_intake_validation_messages_are_chinese(agency_tree, person):
    with pytest.raises(ValidationError) as exc:
        actions.submit_online(actions.APPLICANT_ONLINE, agency_tree["dept"], {**person, "id_number": ""}, token="t2")
    assert "身份证件号码" in str(exc.value)


def test_correction_restarts_and_only_once(received, staff, calendar):
    app = received(D)
    actions.request_correction(staff["officer"], app, "请写明统计公报的年份", D + dt.timedelta(days=20),
                               on=D + dt.timedelta(days=2))
    app.refresh_from_db()
    assert app.awaiting_correction and app.due_date is None
    with pytest.raises(ValidationError, match="一次性"):
        actions.request_correction(staff["officer"], app, "再补", D + dt.timedelta(days=30), on=D + dt.timedelta(days=3))
    corrected = D + dt.timedelta(days=9)
    actions.answer_correction(actions.APPLICANT_ONLINE, app, "要2025年的", on=corrected)
    app.refresh_from_db()
    assert not app.awaiting_correction and app.due_date == calendar.add_workdays(corrected, 20)


def test_correction_after_seven_workdays_is_refused(received, staff, calendar):
    app = received(D)
    late = calendar.add_workdays(D, 8)
    with pytest.raises(ValidationError, match="7个工作日"):
        actions.request_correction(staff["officer"], app, "x", late + dt.timedelta(days=10), on=late)


def test_lapsed_correction_closes_as_r6_1(received, staff):
    app = received(D)
    actions.request_correction(staff["officer"], app, "补充", D + dt.timedelta(days=10), on=D)
    with pytest.raises(ValidationError, match="尚未届满"):
        actions.lapse_correction(staff["officer"], app, on=D + dt.timedelta(days=10))
    actions.lapse_correction(staff["officer"], app, on=D + dt.timedelta(days=11))
    app.refresh_from_db()
    assert (app.outcome, app.outcome_row, app.is_open, app.due_date) == ("correction_lapsed", "r6_1", False, None)


def test_consultation_pauses_and_extension_needs_a_reviewer(received, staff, calendar):
    app = received(D)
    actions.accept(staff["officer"], app)
    start = calendar.add_workdays(D, 5)
    actions.start_consultation(staff["officer"], app, "third_party", "某企业", on=start)
    app.refresh_from_db()
    assert app.clock_paused and app.due_date is None and app.pause_due == calendar.add_workdays(start, 15)
    end = calendar.add_workdays(start, 10)
    actions.end_consultation(staff["officer"], app, "第三方不同意公开", on=end)
    app.refresh_from_db()
    # 5 workdays used before the pause; 15 left from the resumption
    assert not app.clock_paused and app.due_date == calendar.add_workdays(end, 15)
    actions.request_extension(staff["officer"], app, 10, "涉及面广")
    with pytest.raises(PermissionDenied):
        actions.approve_extension(staff["officer"], app, on=end)
    actions.approve_extension(staff["reviewer"], app, on=end)
    app.refresh_from_db()
    assert app.extended and app.due_date == calendar.add_workdays(end, 25)
    with pytest.raises(ValidationError, match="只能一次"):
        actions.request_extension(staff["officer"], app, 5, "再延")


def test_fee_notice_pause_payment_and_fee_total(received, staff, calendar):
    from gongkai.applications.reporting import fee_total_yuan

    app = received(D)
    actions.accept(staff["officer"], app)
    actions.issue_fee_notice(staff["officer"], app, "by_volume", pages=250, on=D + dt.timedelta(days=3))
    app.refresh_from_db()
    assert app.fee_amount == Decimal("4700") and app.clock_paused
    with pytest.raises(ValidationError, match="4700"):
        actions.record_fee_payment(staff["officer"], app, Decimal("100"), on=D + dt.timedelta(days=5))
    actions.record_fee_payment(staff["officer"], app, Decimal("4700"), on=D + dt.timedelta(days=5))
    assert fee_total_yuan([app.agency_id], 2026) == Decimal("4700")
    assert fee_total_yuan([app.agency_id], 2025) == Decimal("0")


def test_unpaid_fee_closes_as_r6_2(received, staff, calendar):
    app = received(D)
    actions.issue_fee_notice(staff["officer"], app, "by_volume", pages=31, on=D)
    app.refresh_from_db()
    with pytest.raises(ValidationError, match="尚未登记送达"):
        actions.lapse_fee(staff["officer"], app, on=D + dt.timedelta(days=90))
    actions.record_fee_notice_delivery(staff["officer"], app, "post", on=D + dt.timedelta(days=3))
    app.refresh_from_db()
    assert app.pause_due == calendar.add_workdays(D + dt.timedelta(days=3), 20)
    with pytest.raises(ValidationError, match="尚未届满"):
        actions.lapse_fee(staff["officer"], app, on=app.pause_due)
    actions.lapse_fee(staff["officer"], app, on=app.pause_due + dt.timedelta(days=1))
    app.refresh_from_db()
    assert app.outcome_row == "r6_2" and not app.is_open


def test_count_fee_uses_the_applicants_month(received, staff, person):
    apps = [received(D, data=person) for _ in range(11)]
    # the 11th application of the month by the same ID number costs 100 元
    actions.issue_fee_notice(staff["officer"], apps[-1], "by_count", on=D)
    apps[-1].refresh_from_db()
    assert apps[-1].fee_amount == Decimal("100")
    with pytest.raises(ValidationError, match="0 元"):
        actions.issue_fee_notice(staff["officer"], apps[0], "by_count", on=D)


def test_reply_deliver_archive_and_permissions(received, staff):
    app = received(D)
    with pytest.raises(PermissionDenied):
        actions.reply(staff["other_officer"], app, "not_held", on=D)
    with pytest.raises(ValidationError, match="自动形成"):
        actions.reply(staff["officer"], app, "withdrawn", on=D)
    reply_signed(staff["officer"], staff["reviewer"], app, "not_held", on=D + dt.timedelta(days=7))
    app.refresh_from_db()
    assert app.state == State.REPLIED and app.outcome_row == "r4_1" and "第三十六条第（四）项" in app.legal_basis
    with pytest.raises(ValidationError, match="送达"):
        actions.archive(staff["officer"], app)
    actions.deliver(staff["officer"], app, "email", on=D + dt.timedelta(days=8))
    actions.archive(staff["officer"], app, on=D + dt.timedelta(days=9))
    app.refresh_from_db()
    assert app.state == State.ARCHIVED
    assert journal_actions(app) == ["application.registered", "application.reply_submitted",
                                    "application.reply_signed_off", "application.document_issued", "application.replied",
                                    "application.delivered", "application.archived"]
    ev = Event.objects.for_object(app).get(action="application.registered")
    assert "510502199001191234" not in str(ev.after) and "13800001234" not in str(ev.after)


def test_transfer_to_an_agency_on_the_platform(received, staff, agency_tree):
    app = received(D)
    sign_off(staff["officer"], staff["reviewer"], app, "not_responsible")
    actions.transfer(staff["officer"], app, to_agency=agency_tree["other"], on=D + dt.timedelta(days=2))
    app.refresh_from_db()
    assert app.outcome == "not_responsible" and "测试市生态环境局" in app.reply_text
    copy = Application.objects.get(agency=agency_tree["other"])
    assert copy.state == State.REGISTERED and copy.applicant_name == app.applicant_name
    assert copy.tracking_code in app.reply_text and copy.query_password_hash == app.query_password_hash


def test_transfer_only_to_an_agency_that_receives_applications(client, received, staff, agency_tree):
    from django.urls import reverse

    from gongkai.applications.forms import TransferForm

    other = agency_tree["other"]
    other.may_receive_applications = False
    other.save()
    app = received(D)
    with pytest.raises(ValidationError, match="不受理政府信息公开申请"):
        actions.transfer(staff["officer"], app, to_agency=other, on=D + dt.timedelta(days=2))
    app.refresh_from_db()
    assert app.is_open and not Application.objects.filter(agency=other).exists()
    assert other not in TransferForm().fields["to_agency"].queryset
    client.force_login(staff["officer"])
    client.post(reverse("applications:act", args=[app.pk, "transfer"]), {"on": "2026-03-04", "to_agency": other.pk})
    app.refresh_from_db()
    assert app.is_open and not Application.objects.filter(agency=other).exists()


def test_withdrawal_by_applicant(received):
    app = received(D)
    actions.withdraw(actions.APPLICANT_ONLINE, app, "不需要了", on=D + dt.timedelta(days=1))
    app.refresh_from_db()
    assert app.outcome_row == "r6_3" and not app.is_open
