"""Staff workbench: queue, registration, case page with every handling action, letters, case file,
export. Every view starts from Application.objects.for_user(request.user). Which handling actions a
case offers is declared once, in `applications.available`."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from gongkai.agencies.scoping import agencies_with_role, staff_agencies
from gongkai.applications import actions, forms, letters, listing, queues, related
from gongkai.applications.available import CASE_MENU, CONTACT_MENU, MENU
from gongkai.applications.deadlines import today
from gongkai.applications.models import Application, PauseReason, State
from gongkai.applications.terms import TERMS
from gongkai.common.actionview import action_view
from gongkai.common.cleantext import clean_text
from gongkai.common.params import parse_int, parse_year
from gongkai.disclosures.models import DisclosureItem
from gongkai.journal.display import decorate
from gongkai.journal.models import Event
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
    f["applicant"] = clean_text(request.POST.get("applicant", "")).strip()[:100] if request.method == "POST" else ""
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
PAUSE_LABELS = {k: v for k, v in PauseReason.choices if k}


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
    """GET: the filtered queue (without any parameter: the default this browser saved, if any).
    POST (CSRF-protected): the same, also searched by applicant name (first page)."""
    saved = listing.saved_default(request)
    if request.method == "GET" and not request.GET and saved:
        return redirect(f"{reverse('applications:queue')}?{saved}")
    qs, f = filtered(request)
    sort = request.GET.get("sort", "")
    qs = listing.order(qs, sort) or queues.for_list(qs, by_due=f["due"] in ("soon", "overdue"))
    qs = qs.select_related("agency", "handler").only(*queues.LIST_FIELDS)
    page = Paginator(qs, PAGE_SIZE).get_page(None if f["applicant"] else request.GET.get("page"))
    day = today()
    cal = get_calendar()
    limit = queues.soon_limit(day, cal)
    rows = []
    for a in page.object_list:
        row = _row(a, day, limit)
        row["remaining"] = listing.remaining(a, day, cal)
        rows.append(row)
    query = request.GET.copy()
    query.pop("page", None)
    current = listing.clean_query(request.GET)
    return render(request, "applications/staff/queue.html", {
        "page": page, "rows": rows, "f": f, "detail_base": reverse("applications:queue"), "query": query.urlencode(),
        "today": day, "soon_limit": limit, "terms": TERMS, "page_size": PAGE_SIZE,
        "agency_options": _agency_options(request.user, f["agency"]), "states": State.choices, "types": APPLICANT_TYPES,
        "headers": listing.headers(sort, query.urlencode()), "page_links": listing.page_links(page),
        "presets": listing.PRESETS, "saved": saved, "current": current, "is_saved": bool(saved) and saved == current,
        "can_promote": agencies_with_role(request.user, *actions.PROMOTE_ROLES).exists(),
    })


@staff_required
@require_POST
def save_default(request):
    """Remember the list's current filter as this browser's default (a signed cookie; `clear` forgets it).
    A display preference of one browser, not business data: nothing to journal."""
    target = reverse("applications:queue")
    if request.POST.get("clear"):
        resp = redirect(f"{target}?state=open")
        resp.delete_cookie(listing.COOKIE, path=target)
        messages.success(request, "已取消默认筛选，打开列表时显示全部办理中的申请。")
        return resp
    query = listing.clean_query(request.POST)
    resp = redirect(f"{target}?{query}" if query else target)
    resp.set_cookie(listing.COOKIE, signing.dumps(query, salt=listing.COOKIE_SALT), max_age=366 * 24 * 3600,
                    path=target, httponly=True, samesite="Lax", secure=request.is_secure())
    messages.success(request, "已保存为默认筛选，下次打开申请列表时自动使用。")
    return resp


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
    agencies = list(agencies_with_role(request.user, *actions.HANDLE_ROLES))
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
            # the case page computes the earlier and similar requests (once) and says so after a registration
            request.session[JUST_REGISTERED] = app.pk
            return redirect("applications:detail", app.pk)
    return render(request, "applications/staff/register.html",
                  {"form": form, "agencies": agencies, "agency_id": agency_id})


def _get(request, pk) -> Application:
    return get_object_or_404(Application.objects.for_user(request.user).select_related("agency", "handler"), pk=pk)


JUST_REGISTERED = "applications_just_registered"  # session: the case registered by the last POST


@staff_required
def detail(request, pk):
    app = _get(request, pk)
    cal = get_calendar()
    events = decorate(Event.objects.for_object(app).order_by("at", "id"))
    found = related.related(request.user, app)
    if request.session.get(JUST_REGISTERED) == app.pk:
        del request.session[JUST_REGISTERED]
        if found["same_applicant"] or found["similar"]:
            messages.warning(request, f"发现同一申请人的较早申请 {len(found['same_applicant'])} 件、"
                                      f"内容相近的较早申请 {len(found['similar'])} 件，见本页“较早的申请”，请核对后自行判断。")
    return render(request, "applications/staff/detail.html", {
        "app": app, "events": events, "action_forms": MENU.forms(app, request.user),
        "note": provisional_note(cal, app.receipt_date, app.due_date) if app.clock_provisional else "",
        "urgency": queues.urgency(app, today(), queues.soon_limit(today(), cal)),
        "related_appeals": app.appeals.all(), "terms": TERMS,
        "reveal": CONTACT_MENU.available(app, request.user), "revealed": actions.contact_revealed_to(request.user, app),
        "related": found, "case_forms": CASE_MENU.forms(app, request.user),
        "promoted": app.promoted_items.filter(pk__in=DisclosureItem.objects.for_user(request.user).values("pk")),
    })


# every handling action of the case page, through the one action view (the menu says which are allowed)
act = action_view(get=_get, menu=MENU, done="applications:detail")
reveal = action_view(get=_get, menu=CONTACT_MENU, done="applications:detail")
case_act = action_view(get=_get, menu=CASE_MENU, done="applications:detail")


@staff_required
def letter(request, pk, fmt):
    from gongkai.applications.views_public import letter_response

    app = _get(request, pk)
    if not app.outcome:
        raise Http404("尚未作出答复。")
    return letter_response(app, fmt)


@staff_required
def document(request, pk, doc_id, fmt):
    from gongkai.applications.views_public import document_response

    app = _get(request, pk)
    return document_response(get_object_or_404(app.documents, pk=doc_id), fmt)


@staff_required
def case_file(request, pk):
    app = _get(request, pk)
    if request.GET.get("format") == "zip":
        from gongkai.applications import casefile

        resp = HttpResponse(casefile.export_zip(app), content_type="application/zip")
        resp["Content-Disposition"] = f'attachment; filename="casefile-{app.tracking_code}.zip"'
        return resp
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




@staff_required
@require_POST
def promote(request):
    """The list's bulk "转为主动公开" (《条例》第四十四条): the ticked cases (from the user's scoped queryset)
    go to the one action, which checks the role at their agency and journals every case and the draft."""
    form = forms.BulkPromoteForm(request.POST)
    if not form.is_valid():
        from gongkai.common.actionview import error_text

        messages.error(request, f"操作未完成：{error_text(form)}")
        return redirect("applications:queue")
    ids = form.cleaned_data["ids"]
    apps = list(Application.objects.for_user(request.user).select_related("agency").filter(pk__in=ids))
    if len(apps) != len(ids):
        raise Http404("所选申请中有您无权查看或已不存在的申请。")
    try:
        item = actions.promote_to_proactive(request.user, apps, title=form.cleaned_data["title"])
    except ValidationError as exc:
        messages.error(request, "操作未完成：" + "；".join(exc.messages))
        return redirect("applications:queue")
    messages.success(request, f"已由 {len(apps)} 件申请建立主动公开信息草稿“{item.title}”（《条例》第四十四条），"
                              "请完善内容后提交审核。")
    return redirect("disclosures:detail", item.pk)
