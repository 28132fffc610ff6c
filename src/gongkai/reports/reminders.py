"""Reminders before the statutory publication dates (Art. 49, rules.report_deadline). Each agency
without a published report gets one reminder when 30, 15, 7, 3 and 1 days are left, and one when
the date has passed."""

from __future__ import annotations

import datetime as dt

from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.journal.actors import SYSTEM
from gongkai.journal.services import record
from gongkai.reports.models import AnnualReport, ReminderSent, State, deadline_for
from gongkai.rules.report_deadline import who

REMINDER_DAYS = (30, 15, 7, 3, 1)
OVERDUE = -1
RECIPIENT_ROLES = (Role.OFFICER, Role.LEADER, Role.SUPERVISOR)


def due_step(deadline: dt.date, today: dt.date) -> int | None:
    """The reminder step reached on `today`: the smallest of REMINDER_DAYS not below the days left,
    OVERDUE after the deadline, None when no reminder is due yet."""
    left = (deadline - today).days
    if left < 0:
        return OVERDUE
    reached = [d for d in REMINDER_DAYS if left <= d]
    return min(reached) if reached else None


def message(agency: Agency, year: int, deadline: dt.date, step: int, today: dt.date) -> tuple[str, str]:
    bound = who(agency.is_government)
    if step == OVERDUE:
        subject = f"【逾期】{agency.name}{year}年政府信息公开工作年度报告尚未发布"
        body = (f"{agency.name}：按照《中华人民共和国政府信息公开条例》第四十九条，{bound}应于"
                f"{deadline:%Y年%-m月%-d日}前发布{year}年度报告，现已逾期 {(today - deadline).days} 天。请尽快审核发布。")
    else:
        subject = f"{agency.name}{year}年政府信息公开工作年度报告将于{deadline:%-m月%-d日}到期"
        body = (f"{agency.name}：按照《中华人民共和国政府信息公开条例》第四十九条，{bound}应于"
                f"{deadline:%Y年%-m月%-d日}前发布{year}年度报告，还有 {(deadline - today).days} 天。"
                "报告可在工作台“年度报告”中按台账自动生成、检查、审核后发布。")
    return subject, body


def send_reminders(today: dt.date) -> list[tuple[Agency, int]]:
    year = today.year - 1
    published = set(AnnualReport.objects.filter(year=year, state=State.PUBLISHED, is_rollup=False)
                    .values_list("agency_id", flat=True))
    published |= set(AnnualReport.objects.filter(year=year, state=State.PUBLISHED, is_rollup=True)
                     .values_list("agency_id", flat=True))
    sent: list[tuple[Agency, int]] = []
    for agency in Agency.objects.order_by("path"):
        if agency.pk in published:
            continue
        deadline = deadline_for(agency, year)
        step = due_step(deadline, today)
        if step is None:
            continue
        subject, body = message(agency, year, deadline, step, today)
        try:
            with transaction.atomic():
                ReminderSent.objects.create(agency=agency, year=year, days_before=step)
                record("report.reminder", actor=SYSTEM, agency=agency, object_type="reports.annualreport",
                       object_repr=subject, note=body)
        except IntegrityError:
            continue  # this step was already sent
        recipients = sorted(set(
            Membership.objects.filter(agency=agency, role__in=RECIPIENT_ROLES, user__is_active=True)
            .exclude(user__email="").values_list("user__email", flat=True)
        ))
        if recipients:
            send_mail(subject, body, None, recipients, fail_silently=True)
        sent.append((agency, step))
    return sent
