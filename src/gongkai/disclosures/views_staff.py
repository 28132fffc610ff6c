"""Staff pages of the ledger: every query starts from `.for_user(request.user)`; every change calls an action."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import agencies_with_role, has_role, roles_at, staff_agencies
from gongkai.common.actionview import action_view, run_action
from gongkai.common.params import parse_int, parse_year
from gongkai.disclosures import actions, excel
from gongkai.disclosures.available import ITEM_ACTIONS, page_actions
from gongkai.disclosures.forms import (
    GuideForm,
    ItemForm,
    LedgerFilterForm,
    NodeForm,
    SettingsForm,
    UploadForm,
)
from gongkai.disclosures.models import (
    CatalogueNode,
    ChannelTally,
    DisclosureItem,
    DisclosureSettings,
    Guide,
    Status,
)
from gongkai.journal.display import decorate
from gongkai.journal.models import Event
from gongkai.rules import disclosure as rules
from gongkai.workbench.decorators import staff_required

PAGE = 50


def _agencies(request, *roles):
    """The agencies where the user holds one of `roles` (without roles: whose data the user may see)."""
    if roles:
        return agencies_with_role(request.user, *roles)
    return staff_agencies(request.user).order_by("path")


def _pick_agency(request, *roles):
    """The agency named by ?agency= (or the only one the user has the role in); 404/403 otherwise."""
    agencies = _agencies(request, *roles)
    wanted = request.GET.get("agency") or request.POST.get("agency")
    if wanted:
        return get_object_or_404(agencies, pk=parse_int(wanted, 0))
    if agencies.count() == 1:
        return agencies.get()
    return None


def _items(request):
    return DisclosureItem.objects.for_user(request.user).select_related("agency", "node")


def _run(request, fn, *args, success: str = "", **kwargs):
    """Call an action from a form view: a refusal, also for want of a role, becomes a message on the page
    (the form keeps its input)."""
    return run_action(request, fn, *args, success=success, denied_as_message=True, **kwargs)


@staff_required
def ledger(request):
    form = LedgerFilterForm(request.GET or None)
    qs = _items(request)
    if request.GET.get("agency"):
        qs = qs.filter(agency_id=parse_int(request.GET["agency"], 0))
    if form.is_valid():
        d = form.cleaned_data
        if d["q"]:
            qs = qs.filter(Q(title__icontains=d["q"]) | Q(doc_no__icontains=d["q"]) | Q(index_no__icontains=d["q"]))
        if d["status"]:
            qs = qs.filter(status=d["status"])
        if d["year"]:
            qs = qs.filter(published_on__year=d["year"])
        if d["art20_item"]:
            qs = qs.filter(art20_item=d["art20_item"])
        if d["doc_type"]:
            qs = qs.filter(doc_type=d["doc_type"])
        if d["late"]:
            qs = qs.filter(late=True)
    qs = qs.order_by("-published_on", "-id")
    if request.GET.get("format") == "xlsx":
        data = excel.export_ledger(qs)
        response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="ledger-{dt.date.today():%Y%m%d}.xlsx"'
        return response
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "disclosures/staff/ledger.html", {
        "form": form, "page": page, "agencies": _agencies(request), "params": params.urlencode(),
        "can_create": _agencies(request, Role.OFFICER).exists(),
    })


@staff_required
def create(request):
    agency = _pick_agency(request, Role.OFFICER)
    if agency is None:
        return render(request, "disclosures/staff/pick_agency.html", {
            "agencies": _agencies(request, Role.OFFICER), "next": reverse("disclosures:create"), "title": "新建信息"})
    form = ItemForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data}
        item = _run(request, actions.create_item, request.user, agency, data, success="已保存为草稿。")
        if item:
            if "submit" in request.POST:
                _run(request, actions.submit_item, request.user, item, success="已提交审核，等待审核人（或分管领导）进行内容审核。")
            return redirect("disclosures:detail", item.pk)
    return render(request, "disclosures/staff/item_form.html", {"form": form, "agency": agency, "item": None})


@staff_required
def edit(request, pk):
    item = get_object_or_404(_items(request), pk=pk)
    form = ItemForm(request.POST or None, instance=item, agency=item.agency)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "change_note"}
        done = _run(request, actions.update_item, request.user, item, data, form.cleaned_data["change_note"],
                    success="已保存。" if item.status == Status.DRAFT else "已生成新版本并提交审核。")
        if done:
            if "submit" in request.POST and done.status == Status.DRAFT:
                _run(request, actions.submit_item, request.user, done, success="已提交审核，等待审核人（或分管领导）进行内容审核。")
            return redirect("disclosures:detail", item.pk)
        item.refresh_from_db()
    return render(request, "disclosures/staff/item_form.html", {"form": form, "agency": item.agency, "item": item})


@staff_required
def detail(request, pk):
    item = get_object_or_404(_items(request).prefetch_related("attachments", "publications", "versions"), pk=pk)
    roles = roles_at(request.user, item.agency)
    events = decorate(Event.objects.for_object(item).order_by("at", "id"))
    return render(request, "disclosures/staff/detail.html", {
        "item": item, "roles": roles, "events": events,
        "acts": page_actions(item, request.user),  # the buttons: exactly what `act` accepts
        "is_officer": Role.OFFICER in roles,
        "interpretations": item.interpretations.exclude(status=Status.WITHDRAWN),
        # 《条例》第四十四条: the cases it was made from, as far as this user may see them
        "source_cases": _source_cases(request.user, item),
    })


def _source_cases(user, item):
    from gongkai.applications.models import Application

    return (Application.objects.for_user(user).filter(promoted_items=item)
            .only("pk", "tracking_code", "info_name", "info_description", "receipt_date").order_by("pk"))


def _get_item(request, pk):
    return get_object_or_404(_items(request), pk=pk)


# POST /<pk>/do/<name>/: the actions of `available.ITEM_ACTIONS`
act = action_view(get=_get_item, menu=ITEM_ACTIONS, done="disclosures:detail")


@staff_required
def queue(request):
    items = _items(request)
    review_ids = [a.pk for a in _agencies(request, Role.REVIEWER, Role.LEADER)]
    secrecy_ids = [a.pk for a in _agencies(request, Role.SECRECY_REVIEWER)]
    return render(request, "disclosures/staff/queue.html", {
        "content": items.filter(status=Status.CONTENT_REVIEW, agency_id__in=review_ids).order_by("updated_at"),
        "secrecy": items.filter(status=Status.SECRECY_REVIEW, agency_id__in=secrecy_ids).order_by("updated_at"),
        "drafts": items.filter(status=Status.DRAFT, agency_id__in=[a.pk for a in _agencies(request, Role.OFFICER)])
        .exclude(review_note="").order_by("updated_at"),
    })


@staff_required
def late(request):
    qs = _items(request).filter(late=True).exclude(status=Status.WITHDRAWN)
    year = parse_year(request.GET.get("year"))
    if year is not None:
        qs = qs.filter(published_on__year=year)
    by_year = qs.values("published_on__year").annotate(n=Count("id")).order_by("-published_on__year")
    page = Paginator(qs.order_by("-published_on", "-id"), PAGE).get_page(request.GET.get("page"))
    # the pager keeps the year: without it page 2 of "2026年超期公开" listed every year's items, so walking
    # the list gave a different number of records than the workbench's count that links to it
    params = f"year={year}" if year is not None else ""
    return render(request, "disclosures/staff/late.html", {
        "page": page, "by_year": by_year, "year": year, "limit": rules.PUBLICATION_WORKDAYS, "params": params,
        "page_links": list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))})


def workbench_panel(request):
    """The disclosure figures on the staff home page: review queues and late publications."""
    user = request.user
    if not user.is_authenticated:
        return ""
    items = DisclosureItem.objects.for_user(user)
    review_ids = list(agencies_with_role(user, *actions.REVIEW_ROLES).values_list("pk", flat=True))
    secrecy_ids = list(agencies_with_role(user, *actions.SECRECY_ROLES).values_list("pk", flat=True))
    officer_ids = list(agencies_with_role(user, Role.OFFICER).values_list("pk", flat=True))
    year = dt.date.today().year
    counts = items.aggregate(
        content=Count("id", filter=Q(status=Status.CONTENT_REVIEW, agency_id__in=review_ids)),
        secrecy=Count("id", filter=Q(status=Status.SECRECY_REVIEW, agency_id__in=secrecy_ids)),
        returned=Count("id", filter=Q(status=Status.DRAFT, agency_id__in=officer_ids) & ~Q(review_note="")),
        late=Count("id", filter=Q(late=True, published_on__year=year) & ~Q(status=Status.WITHDRAWN)),
    )
    recent_late = items.filter(late=True).exclude(status=Status.WITHDRAWN).order_by("-published_on")[:5]
    if not any(counts.values()) and not items.exists():
        return ""
    return render_to_string("disclosures/staff/panel.html", {"counts": counts, "year": year,
                                                              "recent_late": recent_late}, request=request)


# --- catalogue, guide, settings ------------------------------------------------------------------
@staff_required
def catalogue_home(request):
    agencies = _agencies(request, Role.OFFICER, Role.REVIEWER, Role.LEADER)
    if agencies.count() == 1:
        return redirect("disclosures:catalogue", agencies.get().pk)
    return render(request, "disclosures/staff/pick_agency.html", {
        "agencies": agencies, "title": "公开目录与指南", "per_agency": "disclosures:catalogue"})


def _manageable(request, agency_id):
    return get_object_or_404(_agencies(request, Role.OFFICER, Role.REVIEWER, Role.LEADER), pk=agency_id)


def _manageable_record(request, agency_id, model):
    """An agency the user manages and its one `model` record (公开指南, 公开设置): None until first saved."""
    agency = _manageable(request, agency_id)
    return agency, model.objects.filter(agency=agency).first()


@staff_required
def catalogue(request, agency_id):
    agency = _manageable(request, agency_id)
    form = NodeForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _run(request, actions.save_node, request.user, agency, name=d["name"], parent=d["parent"],
                sort_order=d["sort_order"] or 0, art20_item=d["art20_item"], success="栏目已添加。"):
            return redirect("disclosures:catalogue", agency.pk)
    nodes = CatalogueNode.objects.filter(agency=agency).annotate(n=Count("items")).order_by("path")
    return render(request, "disclosures/staff/catalogue.html", {
        "agency": agency, "nodes": _tree_order(nodes), "form": form,
        "has_guide": Guide.objects.filter(agency=agency).exists(),
        "tallies": ChannelTally.objects.filter(agency=agency).order_by("-month", "channel")[:24],
        "upload_form": UploadForm(),
    })


def _tree_order(nodes) -> list:
    """Nodes in tree order, siblings by sort order then name."""
    nodes = list(nodes)
    children: dict = {}
    for n in nodes:
        children.setdefault(n.parent_id, []).append(n)
    out: list = []

    def walk(parent_id):
        for n in sorted(children.get(parent_id, []), key=lambda x: (x.sort_order, x.name)):
            out.append(n)
            walk(n.pk)

    walk(None)
    return out


@staff_required
def node_edit(request, pk):
    node = get_object_or_404(CatalogueNode.objects.for_user(request.user), pk=pk)
    agency = _manageable(request, node.agency_id)
    initial = {"name": node.name, "parent": node.parent, "sort_order": node.sort_order, "art20_item": node.art20_item}
    form = NodeForm(request.POST or None, agency=agency, initial=initial)
    if request.method == "POST":
        if "delete" in request.POST:
            if _run(request, actions.delete_node, request.user, node, success=f"栏目“{node.name}”已删除。"):
                return redirect("disclosures:catalogue", agency.pk)
        elif form.is_valid():
            d = form.cleaned_data
            if _run(request, actions.save_node, request.user, agency, name=d["name"], parent=d["parent"],
                    sort_order=d["sort_order"] or 0, art20_item=d["art20_item"], node=node, success="栏目已保存。"):
                return redirect("disclosures:catalogue", agency.pk)
    return render(request, "disclosures/staff/node_form.html", {"form": form, "node": node, "agency": agency})


@staff_required
def guide(request, agency_id):
    agency, instance = _manageable_record(request, agency_id, Guide)
    initial = {} if instance else {
        "office": agency.disclosure_office or f"{agency.name}办公室", "address": agency.address,
        "postcode": agency.postcode, "office_hours": agency.office_hours, "phone": agency.phone,
        "fees": rules.GUIDE_DEFAULT_FEES,
        "remedies": rules.GUIDE_DEFAULT_REMEDIES,
    }
    form = GuideForm(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, "公开指南未保存：请按提示修改标红的栏目。")
        elif _run(request, actions.save_guide, request.user, agency, form.cleaned_data, success="公开指南已保存。"):
            return redirect("disclosures:guide", agency.pk)
    return render(request, "disclosures/staff/guide_form.html", {"form": form, "agency": agency, "guide": instance})


@staff_required
def agency_settings(request, agency_id):
    agency, conf = _manageable_record(request, agency_id, DisclosureSettings)
    current = conf.index_pattern if conf else rules.DEFAULT_INDEX_PATTERN
    form = SettingsForm(request.POST or None, initial={"index_pattern": current})
    if request.method == "POST" and form.is_valid():
        if _run(request, actions.set_index_pattern, request.user, agency, form.cleaned_data["index_pattern"],
                success="索引号规则已保存，新发布的信息将使用新规则。"):
            return redirect("disclosures:settings", agency.pk)
    sample = ""
    try:
        sample = rules.format_index_no(current, seq=1, year=dt.date.today().year, credit_code=agency.credit_code,
                                       agency_code=agency.slug)
    except ValueError:
        pass
    return render(request, "disclosures/staff/settings.html", {
        "form": form, "agency": agency, "sample": sample,
        "can_edit": has_role(request.user, agency, Role.REVIEWER, Role.LEADER)})


# --- Excel imports ---------------------------------------------------------------------------------
def _import_form(request, agencies, run, *, kind, columns, selected):
    """The upload form of an Excel import: on a valid upload `run(file_bytes)` imports and returns the redirect
    (the import writes through the app's actions, all or nothing); its errors are listed on the same page."""
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            return run(form.cleaned_data["file"].read())
        except excel.LedgerImportError as exc:
            errors = exc.errors
        except ValidationError as exc:
            errors = exc.messages
        except PermissionDenied as exc:
            errors = [str(exc)]
    return render(request, "disclosures/staff/import.html", {
        "form": form, "agencies": agencies, "errors": errors, "columns": columns, "kind": kind,
        "selected": selected})


@staff_required
def import_ledger(request):
    agencies = _agencies(request, Role.OFFICER, Role.REVIEWER, Role.LEADER)

    def run(data: bytes):
        agency = get_object_or_404(agencies, pk=parse_int(request.POST.get("agency"), 0))
        n = excel.import_ledger(request.user, agency, data)
        messages.success(request, f"已导入 {n} 条信息。")
        return redirect(reverse("disclosures:list") + f"?agency={agency.pk}")

    return _import_form(request, agencies, run, kind="ledger", columns=excel.LEDGER_COLUMNS,
                        selected=request.POST.get("agency"))


@staff_required
def import_tallies(request, agency_id):
    agency = _manageable(request, agency_id)

    def run(data: bytes):
        n = excel.import_tallies(request.user, agency, data)
        messages.success(request, f"已导入 {n} 条月度统计。")
        return redirect("disclosures:catalogue", agency.pk)

    return _import_form(request, [agency], run, kind="tallies", columns=excel.TALLY_COLUMNS,
                        selected=str(agency.pk))
