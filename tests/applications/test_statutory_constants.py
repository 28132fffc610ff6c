"""Statutory periods are stated once in rules and formatted from there (letters, notes, forms, pages)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.applications import actions, letters
from gongkai.applications.deadlines import today
from gongkai.applications.forms import ExtensionForm
from gongkai.journal.models import Event
from gongkai.rules import clock, fees, remedies


def test_remedy_periods_come_from_rules(replied, monkeypatch):
    app = replied()
    assert "60日内依法申请行政复议" in remedies.remedy_notice() and "6个月内" in remedies.remedy_notice()
    body = app.agency.reconsideration_body_name()
    assert body == "测试市人民政府"  # a department's 复议机关: 本级人民政府 (default rule)
    assert remedies.remedy_notice(body) in letters.letter_for(app).paragraphs
    monkeypatch.setattr(remedies, "RECONSIDERATION_DAYS", 90)
    assert "90日内向测试市人民政府依法申请行政复议" in remedies.remedy_notice(body)


def test_one_fee_payment_window_and_extension_limit(received, staff, monkeypatch):
    assert not hasattr(fees, "PAYMENT_WORKDAYS") and clock.FEE_PAYMENT_WORKDAYS == 20
    assert ExtensionForm().fields["days"].max_value == clock.EXTENSION_MAX_WORKDAYS
    app = received(dt.date(2026, 3, 2))
    with pytest.raises(ValidationError, match=f"1 至 {clock.EXTENSION_MAX_WORKDAYS} 个工作日"):
        actions.request_extension(staff["officer"], app, clock.EXTENSION_MAX_WORKDAYS + 1, "太多")
    monkeypatch.setattr(actions, "CONSULTATION_WORKDAYS", 12)
    actions.start_consultation(staff["officer"], app, "third_party", "某企业", on=dt.date(2026, 3, 3))
    note = Event.objects.for_object(app).get(action="application.consultation_third_party_started").note
    assert "12个工作日内答复" in note


def test_default_correction_period_is_the_named_constant(client, received, staff, calendar):
    app = received(today())
    client.force_login(staff["officer"])
    page = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    expected = calendar.add_workdays(today(), clock.CORRECTION_DEFAULT_WORKDAYS)
    assert f'value="{expected:%Y-%m-%d}"' in page
    assert f"{clock.DUE_SOON_WORKDAYS}个工作日" in client.get(reverse("applications:queue")).content.decode()
