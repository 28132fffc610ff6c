"""Changing the calendar: confirm (or re-confirm) a year from the 国务院办公厅 notice.

Atomic: the year's exception days are replaced, the journal records before → after, and every stored
deadline that depends on the year is recomputed by the receivers of `calendar_changed` (they journal
each deadline they change) — all in one transaction.

The calendar belongs to no agency, so its permission is not an agency role (what `envelope.change`
checks): a system administrator, a supervisor (政务公开办) of a top-level government, or `SYSTEM`. The
action follows the envelope's order itself: actor → permission → lock → write → diff → journal.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Membership, Role
from gongkai.agencies.scoping import is_sysadmin
from gongkai.journal.actors import action, is_system
from gongkai.journal.services import record
from gongkai.workcalendar import service
from gongkai.workcalendar.models import CalendarYear, DayKind, ExceptionDay, YearStatus
from gongkai.workcalendar.signals import calendar_changed


def can_manage_calendar(user) -> bool:
    if is_system(user) or is_sysadmin(user):
        return True
    return Membership.objects.filter(user_id=user.pk, role=Role.SUPERVISOR, agency__parent__isnull=True).exists()


def _days(year: int) -> dict[str, list[str]]:
    rows = ExceptionDay.objects.filter(year_id=year).order_by("date")
    return {
        "holidays": [f"{d.date.isoformat()} {d.name}" for d in rows if d.kind == DayKind.HOLIDAY],
        "workdays": [f"{d.date.isoformat()} {d.name}" for d in rows if d.kind == DayKind.WORKDAY],
    }


@action
def confirm_year(
    actor,
    year: int,
    holidays: dict[dt.date, str],
    workdays: dict[dt.date, str],
    *,
    notice_text: str = "",
    source: str = "",
) -> CalendarYear:
    if not can_manage_calendar(actor):
        raise PermissionDenied("只有系统管理员或本级政务公开办可以确认节假日安排。")
    if not 1901 <= year <= 2099:
        raise ValidationError(f"年份 {year} 超出支持范围（1901–2099）。")
    both = set(holidays) & set(workdays)
    if both:
        raise ValidationError("同一天不能既放假又调休上班：" + "、".join(sorted(d.isoformat() for d in both)))
    # 元旦 may begin on 30/31 December of the year before; days outside the year belong to that year.
    strays = [d for d in [*holidays, *workdays] if d.year not in (year, year - 1)]
    if strays:
        raise ValidationError("以下日期不属于该年度：" + "、".join(sorted(d.isoformat() for d in strays)))
    for d in workdays:
        if d.weekday() < 5:
            raise ValidationError(f"{d.isoformat()} 是工作日，不需要登记为调休上班日。")

    with transaction.atomic():
        cal_year, created = CalendarYear.objects.select_for_update().get_or_create(year=year)
        before = {"status": cal_year.status, **_days(year)} if not created else None
        ExceptionDay.objects.filter(year=cal_year).delete()
        by_year: dict[int, CalendarYear] = {year: cal_year}
        rows = []
        for kind, days in ((DayKind.HOLIDAY, holidays), (DayKind.WORKDAY, workdays)):
            for d, name in days.items():
                if d.year not in by_year:
                    by_year[d.year], _ = CalendarYear.objects.get_or_create(year=d.year)
                rows.append(ExceptionDay(date=d, year=by_year[d.year], kind=kind, name=name[:30]))
        # a day of the previous year re-entered here replaces what that year had for it
        ExceptionDay.objects.filter(date__in=[r.date for r in rows]).delete()
        ExceptionDay.objects.bulk_create(rows)
        cal_year.status = YearStatus.CONFIRMED
        cal_year.notice_text = notice_text
        cal_year.source = source or "国务院办公厅节假日安排通知"
        cal_year.confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
        cal_year.confirmed_at = timezone.now()
        cal_year.save()
        record(
            "calendar.year_confirmed",
            actor=actor,
            obj=cal_year,
            before=before,
            after={"status": cal_year.status, **_days(year)},
            note=f"{year}年节假日安排已确认：放假 {len(holidays)} 天，调休上班 {len(workdays)} 天",
        )
        service.clear_cache()
        calendar_changed.send(sender=CalendarYear, years=set(by_year), actor=actor)
    return cal_year
