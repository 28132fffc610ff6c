"""The daily reminder: each agency's mailbox staff get one e-mail listing letters due soon and overdue."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies.models import Agency, Membership
from gongkai.interactions.actions import HANDLE_ROLES
from gongkai.interactions.models import LetterStatus, MailboxLetter
from gongkai.rules.clock import DUE_SOON_WORKDAYS
from gongkai.workcalendar.service import due_soon_limit


def due_letters(today: dt.date) -> dict[int, list[MailboxLetter]]:
    """Open letters due within DUE_SOON_WORKDAYS working days or already overdue, by agency id."""
    limit = due_soon_limit(today)
    by_agency: dict[int, list[MailboxLetter]] = defaultdict(list)
    rows = MailboxLetter.objects.filter(status=LetterStatus.OPEN, due_on__lte=limit).order_by("due_on", "id")
    for letter in rows:
        by_agency[letter.agency_id].append(letter)
    return by_agency


def remind_due_letters(today: dt.date | None = None) -> dict[int, list[str]]:
    """Send the reminders; returns {agency id: recipient addresses} for what was sent."""
    today = today or timezone.localdate()
    sent: dict[int, list[str]] = {}
    grouped = due_letters(today)
    if not grouped:
        return sent
    agencies = Agency.objects.in_bulk(list(grouped))
    staff = defaultdict(set)
    for agency_id, email in (
        Membership.objects.filter(agency_id__in=list(grouped), role__in=HANDLE_ROLES, user__is_active=True)
        .exclude(user__email="").values_list("agency_id", "user__email")
    ):
        staff[agency_id].add(email)
    for agency_id, letters in grouped.items():
        recipients = sorted(staff.get(agency_id, ()))
        if not recipients:
            continue
        overdue = [lt for lt in letters if lt.due_on < today]
        soon = [lt for lt in letters if lt.due_on >= today]
        lines = [f"{agencies[agency_id].name}领导信箱办理提醒（{today:%Y-%m-%d}）：", ""]
        for title, rows in (("已超过答复期限", overdue), (f"{DUE_SOON_WORKDAYS}个工作日内到期", soon)):
            if rows:
                lines.append(f"{title}（{len(rows)} 封）：")
                lines += [f"  {lt.tracking_code}  {lt.subject}  期限 {lt.due_on:%Y-%m-%d}"
                          f"{'（暂定）' if lt.due_provisional else ''}" for lt in rows]
                lines.append("")
        lines.append(f"请登录工作台办理：{reverse('interactions:letters')}?status=open")
        subject = f"【领导信箱】{len(overdue)} 封已超期，{len(soon)} 封即将到期"
        send_mail(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, recipients)
        sent[agency_id] = recipients
    return sent
