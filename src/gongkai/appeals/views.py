import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.agencies.scoping import agencies_with_role
from gongkai.appeals import actions
from gongkai.appeals.forms import AppealForm
from gongkai.appeals.models import Appeal
from gongkai.applications.models import Application
from gongkai.common.params import parse_year
from gongkai.workbench.decorators import staff_required


@staff_required
def appeal_list(request):
    qs = Appeal.objects.for_user(request.user).select_related("agency", "application")
    year = parse_year(request.GET.get("year"))
    if year:
        qs = qs.filter(filed_on__gte=dt.date(year, 1, 1), filed_on__lte=dt.date(year, 12, 31))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "appeals/list.html", {"page": page, "year": year or ""})


def _form_page(request, appeal=None):
    agencies = list(agencies_with_role(request.user, *actions.ROLES))
    if appeal is not None:
        agencies = [appeal.agency] if appeal.agency in agencies else []
    if not agencies:
        raise PermissionDenied("您没有登记复议/诉讼的权限。")
    apps = Application.objects.for_user(request.user).filter(agency__in=agencies).order_by("-receipt_date")
    form = AppealForm(request.POST or None, instance=appeal, applications=apps)
    agency_id = request.POST.get("agency") or str(agencies[0].pk)
    if request.method == "POST" and form.is_valid():
        agency = appeal.agency if appeal else next((a for a in agencies if str(a.pk) == agency_id), None)
        if agency is None:
            raise PermissionDenied("您不能为该机关登记。")
        try:
            if appeal is None:
                actions.create(request.user, agency, form.cleaned_data)
            else:
                actions.update(request.user, appeal, form.cleaned_data)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                form.add_error(None, exc.messages)
            for field, errs in (exc.message_dict if hasattr(exc, "error_dict") else {}).items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, "已保存。")
            return redirect("appeals:list")
    return render(request, "appeals/form.html",
                  {"form": form, "agencies": agencies, "agency_id": agency_id, "appeal": appeal})


@staff_required
def appeal_create(request):
    return _form_page(request)


@staff_required
def appeal_edit(request, pk):
    appeal = get_object_or_404(Appeal.objects.for_user(request.user), pk=pk)
    return _form_page(request, appeal)
