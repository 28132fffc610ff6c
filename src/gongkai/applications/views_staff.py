"""Staff workbench: queue, registration, case page with every handling action, letters, case file,
export. Every view starts from Application.objects.for_user(request.user)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from gongkai.agencies.models import Membership
from gongkai.agencies.scoping import has_role, roles_at, staff_agencies
from gongkai.applications import actions, forms, letters, queues
from gongkai.applications.clock import today
from gongkai.applications.models import Application, State
from gongkai.applications.terms import TERMS
from gongkai.common.params import parse_int, parse_year
from gongkai.journal.models import Event
from gongkai.rules.clock import CORRECTION_DEFAULT_WORKDAYS
from gongkai.rules.formats import APPLICANT_TYPES
from gongkai.workbench.decorators import staff_required
from gongkai.workcalendar.service import get_calendar, provisional_note

PAGE_SIZE = 50


def filtered(request, qs=None):
    """The queue's queryset for the request's filters, and the filters as a dict.

    `q` (GET) searches tracking code, information name/description and 文号; the applicant's name is
    searched only from a POST form (`applicant`), so personal names never end up in URLs or access logs.
    """
    qs = Application.objects.for_user(request.user) if qs is None else qs
    f = {k: request.GET.get(k, "").strip() for k in ("q", "state", "due", "agency", "type", "mine", "year")}
    f["applicant"] = request.POST.get("applicant", "").strip()[:100] if request.method == "POST" else ""
    day = today()
    if f["due"] == "soon":
        qs = queues.due_soon(qs, day)
    elif f["due"] == "overdue":
        qs = queues.overdue(qs, day)
    elif f["due"] == "paused":
        qs = qs.filter(is_open=True, clock_paused=True)
    elif f["due"] == "unconfirmed":
        qs = qs.filter(is_open=True, receipt_date__isnull=True)
    if f["state"] == "open":
        qs = qs.filter(is_open=True)
    elif f["state"] in State.values:
        qs = qs.filter(state=f["state"])
    elif not f["state"] and not f["q"] and not f["year"] and not f["applicant"]:
        qs = qs.filter(is_open=True)
        f["state"] = "open"
    agency_id = parse_int(f["agency"], minimum=1)
    f["agency"] = str(agency_id) if agency_id else ""
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    if f["type"] in dict(APPLICANT_TYPES):
        qs = qs.filter(applicant_type=f["type"])
    if f["mine"]:
        qs = qs.filter(handler=request.user)
    year = parse_year(f["year"])
    f["year"] = str(year) if year else ""
    if year:
        qs = qs.filter(receipt_date__gte=dt.date(year, 1, 1), receipt_date__lte=dt.date(year, 12, 31))
    if f["q"]:
        q = f["q"]
        qs = qs.filter(Q(tracking_code__icontains=q) | Q(info_name__icontains=q) | Q(doc_no__icontains=q)
                       | Q(info_description__icontains=q))
    if f["applicant"]:
        qs = qs.filter(applicant_name__icontains=f["applicant"])
    return qs, f


STATE_LABELS = dict(State.choices)
TYPE_LABELS = dict(APPLICANT_TYPES)
PAUSE_LABELS = {"third_party": "征求第三方意见", "inter_agency": "征求其他机关意见", "fee": "等待缴纳信息处理费"}


def _row(a: Application, day: dt.date, limit: dt.date) -> dict:
    """Display values of one queue row, prepared in Python (a page of 50 rows stays cheap to render)."""
    state = STATE_LABELS.get(a.state, a.state)
    if a.awaiting_correction:
        state += "·待补正"
    if a.clock_paused:
        state += "·" + PAUSE_LABELS.get(a.pause_reason, "暂停")
    info = a.info_name or a.info_description
    return {
        "pk": a.pk, "code": a.tracking_code, "agency": a.agency.short_name or a.agency.name,
        "applicant": a.listed_applicant_name, "type": TYPE_LABELS.get(a.applicant_type, ""),
        "info": info if len(info) <= 30 else info[:29] + "…",
        "receipt": f"{a.receipt_date:%Y-%m-%d}" if a.receipt_date else "待确认", "state": state,
        "due": f"{a.due_date:%Y-%m-%d}" if a.due_date else "", "provisional": a.clock_provisional,
        "open": a.is_open, "closed": f"{a.closed_on:%Y-%m-%d}" if a.closed_on else "",
        "urgency": queues.urgency(a, day, limit), "handler": a.handler.display_name if a.handler else "",
    }


def _agency_options(user, selected: str) -> str:
    """<option>s of the agency filter, built in one go (a supervisor may see hundreds of agencies)."""
    return format_html_join("", '<option value="{}"{}>{}</option>', (
        (pk, mark_safe(" selected") if str(pk) == selected else "", name)
        for pk, name in staff_agencies(user).values_list("id", "name")
    ))


@staff_required
def queue(request):
    """GET: the filtered queue. POST (CSRF-protected): the same, also searched by applicant name (first page)."""
    qs, f = filtered(request)
    qs = queues.for_list(qs, by_due=f["due"] in ("soon", "overdue"))
    page = Paginator(qs, PAGE_SIZE).get_page(None if f["applicant"] else request.GET.get("page"))
    day = today()
    limit = queues.soon_limit(day)
    rows = [_row(a, day, limit) for a in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "applications/staff/queue.html", {
        "page": page, "rows": rows, "f": f, "detail_base": reverse("applications:queue"), "query": query.urlencode(), "today": day, "soon_limit": limit, "terms": TERMS, "page_size": PAGE_SIZE,
        "agency_options": _agency_options(request.user, f["agency"]), "states": State.choices, "types": APPLICANT_TYPES,
    })


@staff_required
def export(request):
    from gongkai.applications.excel import export_xlsx

    qs, _ = filtered(request)
    body = export_xlsx(qs.select_related("agency", "handler").order_by("receipt_date", "id"))
    resp = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f'attachment; filename="applications-{today():%Y%m%d}.xlsx"'
    return resp


@staff_required
def register(request):
    agencies = [a for a in staff_agencies(request.user) if has_role(request.user, a, *actions.HANDLE_ROLES)]
    if not agencies:
        raise PermissionDenied("您没有登记申请的权限。")
    form = forms.StaffRegisterForm(request.POST or None, request.FILES or None)
    agency_id = request.POST.get("agency") or (str(agencies[0].pk) if agencies else "")
    if request.method == "POST" and form.is_valid():
        agency = next((a for a in agencies if str(a.pk) == agency_id), None)
        if agency is None:
            raise PermissionDenied("您不能为该机关登记申请。")
        data = {k: v for k, v in form.cleaned_data.items()
                if k not in ("channel", "arrival_date", "confirmed_date", "attachments")}
        try:
            app, password = actions.register(request.user, agency, data, channel=form.cleaned_data["channel"],
                                             arrival=form.cleaned_data["arrival_date"],
                                             confirmed=form.cleaned_data["confirmed_date"],
                                             files=form.cleaned_data["attachments"])
        except ValidationError as exc:
            from gongkai.applications.views_public import _form_errors

            _form_errors(form, exc)
        else:
            messages.success(request, f"已登记，查询码 {app.tracking_code}，查询密码 {password}（请告知申请人，只显示这一次）。")
            return redirect("applications:detail", app.pk)
    return render(request, "applications/staff/register.html",
                  {"form": form, "agencies": agencies, "agency_id": agency_id})


def _get(request, pk) -> Application:
    return get_object_or_404(Application.objects.for_user(request.user).select_related("agency", "handler"), pk=pk)


def _handlers(app):
    from gongkai.accounts.models import User

    ids = Membership.objects.filter(agency=app.agency, role__in=actions.HANDLE_ROLES).values("user_id")
    return User.objects.filter(id__in=ids, is_active=True).order_by("username")


def _action_forms(app: Application, roles: set[str]) -> dict:
    d = today()
    can_handle = bool(roles & set(actions.HANDLE_ROLES))
    can_approve = bool(roles & set(actions.APPROVE_ROLES))
    out: dict = {}
    if not app.is_open:
        if can_handle and app.state == State.REPLIED:
            if not app.delivered_on:
                out["deliver"] = forms.DeliverForm(initial={"on": d, "via": app.delivery_method})
            out["archive"] = forms.DateForm(initial={"on": d})
        return out
    if not can_handle and not can_approve:
        return out
    if app.state == State.REGISTERED:
        out["confirm"] = forms.DateForm(initial={"on": d})
    if can_handle:
        out["assign"] = forms.AssignForm(handlers=_handlers(app), initial={"handler": app.handler_id})
    if app.state == State.REVIEW and not app.awaiting_correction and can_handle:
        out["accept"] = None
    if app.receipt_date and can_handle:
        if not app.correction_requested_on:
            deadline = get_calendar().add_workdays(d, CORRECTION_DEFAULT_WORKDAYS)
            out["correction"] = forms.CorrectionRequestForm(initial={"on": d, "deadline": deadline})
        if app.awaiting_correction:
            out["correction_answer"] = forms.ConsultationEndForm(initial={"on": d})
            out["correction_lapse"] = forms.DateForm(initial={"on": d})
        elif app.clock_paused and app.pause_reason in ("third_party", "inter_agency"):
            out["consultation_end"] = forms.ConsultationEndForm(initial={"on": d})
        elif app.clock_paused and app.pause_reason == "fee":
            out["fee_paid"] = forms.FeePaymentForm(initial={"on": d, "amount": app.fee_amount})
            out["fee_lapse"] = forms.DateForm(initial={"on": d})
        else:
            out["consultation"] = forms.ConsultationForm(initial={"on": d})
            if not app.fee_notice_on:
                out["fee_notice"] = forms.FeeNoticeForm(initial={"on": d})
            if not app.extension_days:
                out["extension"] = forms.ExtensionForm()
            out["delay"] = forms.DelayForm(initial={"on": d})
            out["reply"] = forms.ReplyForm(initial={"on": d})
            out["transfer"] = forms.TransferForm(initial={"on": d})
        out["withdraw"] = forms.WithdrawForm(initial={"on": d})
    if app.extension_days and not app.extension_approved_on and can_approve:
        out["extension_approve"] = forms.DateForm(initial={"on": d})
        out["extension_reject"] = None
    return out


def _action_forms_with_ids(app: Application, roles: set[str]) -> dict:
    out = _action_forms(app, roles)
    for name, form in out.items():
        if form is not None:
            form.auto_id = f"{name}-%s"  # unique ids: several action forms share field names
    return out


@staff_required
def detail(request, pk):
    app = _get(request, pk)
    roles = roles_at(request.user, app.agency)
    cal = get_calendar()
    events = Event.objects.for_object(app).order_by("at", "id")
    return render(request, "applications/staff/detail.html", {
        "app": app, "events": events, "forms": _action_forms_with_ids(app, roles),
        "note": provisional_note(cal, app.receipt_date, app.due_date) if app.clock_provisional else "",
        "urgency": queues.urgency(app, today(), queues.soon_limit(today(), cal)),
        "related_appeals": app.appeals.all(), "terms": TERMS,
    })


def _on(form) -> dt.date:
    return form.cleaned_data["on"]


ACTIONS = {
    "confirm": (forms.DateForm, lambda u, a, f, r: actions.confirm_receipt(u, a, _on(f))),
    "assign": (None, None),
    "accept": (None, lambda u, a, f, r: actions.accept(u, a)),
    "correction": (forms.CorrectionRequestForm,
                   lambda u, a, f, r: actions.request_correction(u, a, f.cleaned_data["items"],
                                                                 f.cleaned_data["deadline"], on=_on(f))),
    "correction_answer": (forms.ConsultationEndForm,
                          lambda u, a, f, r: actions.answer_correction(a, f.cleaned_data["result"], on=_on(f), actor=u)),
    "correction_lapse": (forms.DateForm, lambda u, a, f, r: actions.lapse_correction(u, a, on=_on(f))),
    "consultation": (forms.ConsultationForm,
                     lambda u, a, f, r: actions.start_consultation(u, a, f.cleaned_data["kind"], f.cleaned_data["party"],
                                                                   on=_on(f))),
    "consultation_end": (forms.ConsultationEndForm,
                         lambda u, a, f, r: actions.end_consultation(u, a, f.cleaned_data["result"], on=_on(f))),
    "extension": (forms.ExtensionForm,
                  lambda u, a, f, r: actions.request_extension(u, a, f.cleaned_data["days"], f.cleaned_data["reason"])),
    "extension_approve": (forms.DateForm, lambda u, a, f, r: actions.approve_extension(u, a, on=_on(f))),
    "extension_reject": (None, lambda u, a, f, r: actions.reject_extension(u, a, r.POST.get("reason", ""))),
    "delay": (forms.DelayForm,
              lambda u, a, f, r: actions.set_delayed_reply(u, a, f.cleaned_data["until"], f.cleaned_data["reason"],
                                                           on=_on(f))),
    "fee_notice": (forms.FeeNoticeForm,
                   lambda u, a, f, r: actions.issue_fee_notice(u, a, f.cleaned_data["method"],
                                                               pages=f.cleaned_data["pages"] or 0,
                                                               items=f.cleaned_data["items"] or 1, on=_on(f))),
    "fee_paid": (forms.FeePaymentForm,
                 lambda u, a, f, r: actions.record_fee_payment(u, a, f.cleaned_data["amount"], on=_on(f))),
    "fee_lapse": (forms.DateForm, lambda u, a, f, r: actions.lapse_fee(u, a, on=_on(f))),
    "transfer": (forms.TransferForm,
                 lambda u, a, f, r: actions.transfer(u, a, to_agency=f.cleaned_data["to_agency"],
                                                     to_name=f.cleaned_data["to_name"], contact=f.cleaned_data["contact"],
                                                     on=_on(f))),
    "withdraw": (forms.WithdrawForm, lambda u, a, f, r: actions.withdraw(a, f.cleaned_data["reason"], on=_on(f), actor=u)),
    "reply": (forms.ReplyForm,
              lambda u, a, f, r: actions.reply(u, a, f.cleaned_data["outcome"], text=f.cleaned_data["text"],
                                               basis=f.cleaned_data["basis"], on=_on(f))),
    "deliver": (forms.DeliverForm, lambda u, a, f, r: actions.deliver(u, a, f.cleaned_data["via"], on=_on(f))),
    "archive": (forms.DateForm, lambda u, a, f, r: actions.archive(u, a, on=_on(f))),
}


@staff_required
@require_POST
def act(request, pk, name):
    app = _get(request, pk)
    if name not in ACTIONS:
        raise Http404("没有这个操作。")
    form_class, run = ACTIONS[name]
    if name == "assign":
        form = forms.AssignForm(request.POST, handlers=_handlers(app))
        run = lambda u, a, f, r: actions.assign(u, a, f.cleaned_data["handler"])  # noqa: E731
    else:
        form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        errs = "；".join(f"{form.fields[k].label if k in form.fields else ''}{'：' if k in form.fields else ''}{'，'.join(v)}"
                        for k, v in form.errors.items())
        messages.error(request, f"操作未完成：{errs}")
        return redirect("applications:detail", app.pk)
    try:
        run(request.user, app, form, request)
    except ValidationError as exc:
        messages.error(request, "操作未完成：" + "；".join(exc.messages))
    else:
        messages.success(request, "操作已完成。")
    return redirect("applications:detail", app.pk)


@staff_required
def letter(request, pk, fmt):
    from gongkai.applications.views_public import letter_response

    app = _get(request, pk)
    if not app.outcome:
        raise Http404("尚未作出答复。")
    return letter_response(app, fmt)


@staff_required
def case_file(request, pk):
    app = _get(request, pk)
    if request.GET.get("format") == "pdf":
        resp = HttpResponse(letters.render_case_file_pdf(app), content_type="application/pdf")
        resp["Content-Disposition"] = f'attachment; filename="casefile-{app.tracking_code}.pdf"'
        return resp
    return render(request, "applications/case_file.html", letters.case_file_context(app))


@staff_required
def attachment(request, pk, att_id):
    from gongkai.applications.views_public import attachment_response

    app = _get(request, pk)
    return attachment_response(get_object_or_404(app.attachments, pk=att_id))


