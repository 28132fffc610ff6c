import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gongkai.rules.holidays import statutory_holidays
from gongkai.workbench.decorators import staff_required
from gongkai.workcalendar.actions import can_manage_calendar, confirm_year
from gongkai.workcalendar.forms import NoticeForm
from gongkai.workcalendar.models import CalendarYear
from gongkai.workcalendar.service import get_calendar


@staff_required
def year_list(request):
    years = {y.year: y for y in CalendarYear.objects.all()}
    this_year = dt.date.today().year
    rows = [(y, years.get(y)) for y in range(this_year + 2, 2003, -1)]
    return render(request, "workcalendar/year_list.html",
                  {"rows": rows, "can_manage": can_manage_calendar(request.user)})


@staff_required
def year_detail(request, year: int):
    if not 1901 <= year <= 2099:
        raise Http404("只支持 1901–2099 年的工作日历。")
    cal_year = CalendarYear.objects.filter(year=year).first()
    calendar = get_calendar()
    if cal_year is not None and cal_year.status == "confirmed":
        days = [(d.date, d.get_kind_display(), d.name) for d in cal_year.days.all()]
        provisional = False
    else:
        days = [(d, "放假（法定）", n) for d, n in statutory_holidays(year).items()]
        provisional = True
    workday_count = sum(1 for d in _year_days(year) if calendar.is_workday(d))
    return render(request, "workcalendar/year_detail.html",
                  {"year": year, "cal_year": cal_year, "days": days, "provisional": provisional,
                   "workday_count": workday_count, "can_manage": can_manage_calendar(request.user)})


def _year_days(year: int):
    d = dt.date(year, 1, 1)
    while d.year == year:
        yield d
        d += dt.timedelta(days=1)


@staff_required
@require_http_methods(["GET", "POST"])
def confirm(request):
    if not can_manage_calendar(request.user):
        raise PermissionDenied("只有系统管理员或本级政务公开办可以确认节假日安排。")
    preview = None
    form = NoticeForm(request.POST or None, initial={"year": request.GET.get("year")})
    if request.method == "POST" and form.is_valid():
        parsed = form.cleaned_data["parsed"]
        if request.POST.get("confirm") == "1":
            try:
                confirm_year(request.user, form.cleaned_data["year"], parsed.holidays, parsed.workdays,
                             notice_text=form.cleaned_data["notice_text"], source=form.cleaned_data["source"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"{form.cleaned_data['year']}年节假日安排已确认，相关期限已重新计算。")
                return redirect("workcalendar:year", year=form.cleaned_data["year"])
        rows = [(d, "放假", n) for d, n in parsed.holidays.items()] + [
            (d, "调休上班", n) for d, n in parsed.workdays.items()]
        preview = {"rows": sorted(rows), "unread": parsed.unread,
                   "holiday_count": len(parsed.holidays), "workday_count": len(parsed.workdays)}
    return render(request, "workcalendar/confirm.html", {"form": form, "preview": preview})

