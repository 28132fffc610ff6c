"""Read endpoints (public, no token): agencies, the catalogue, search, the public statistics, published
annual reports (JSON interchange) and the working-day calculator. Nothing personal is ever read here: the
items are public ones, the statistics are counts, the reports are as published."""


import datetime as dt
import json
from typing import Literal

from django.urls import reverse
from ninja import Query, Router

from gongkai.agencies.models import Agency
from gongkai.api.errors import ApiError
from gongkai.api.limits import read_limited
from gongkai.api.schemas import (
    AgencyOut,
    DocTypeEnum,
    ErrorOut,
    ItemDetailOut,
    ItemPage,
    ReportInterchange,
    ReportPage,
    SearchPage,
    StatsOut,
    WorkdaysOut,
)
from gongkai.disclosures import search as search_index
from gongkai.disclosures.models import DisclosureItem
from gongkai.reports.models import AnnualReport, State
from gongkai.reports.published import stored_file
from gongkai.rules.workday_span import MAX_WORKDAYS, explain_add_workdays
from gongkai.stats.public import COLUMNS, figures_by_agency
from gongkai.workcalendar.service import get_calendar
from gongkai.workcalendar.views_public import FIRST_YEAR as CALENDAR_FIRST_YEAR
from gongkai.workcalendar.views_public import LAST_YEAR as CALENDAR_LAST_YEAR

router = Router(tags=["公开数据（无需令牌）"])

FIRST_YEAR, LAST_YEAR = 2008, 2100
MAX_PAGE = 10000
SLUG = r"^[A-Za-z0-9_-]+$"


# the query parameters the list endpoints share (one declaration each, the same in the OpenAPI schema)
AGENCY = Query(None, max_length=50, pattern=SLUG, description="机关的网址标识")
PAGE = Query(1, ge=1, le=MAX_PAGE, description="页码")
PAGE_SIZE = Query(20, ge=1, le=100, description="每页条数")


def errors(*codes: int) -> dict:
    return {code: ErrorOut for code in (400, 429, *codes)}


def _agency(slug: str | None) -> Agency | None:
    if not slug:
        return None
    found = Agency.objects.filter(slug=slug).first()
    if found is None:
        raise ApiError(404, "not_found", f"没有网址标识为“{slug[:50]}”的机关；可用的机关见 /api/v1/agencies。")
    return found


def _of_agency(qs, slug: str | None):
    """`qs` narrowed to the agency named by `slug` (404 when there is none), or all of it without one."""
    one = _agency(slug)
    return qs if one is None else qs.filter(agency=one)


def _agency_ref(agency: Agency) -> dict:
    return {"slug": agency.slug, "name": agency.name}


def _item(item: DisclosureItem) -> dict:
    return {
        "id": item.pk, "title": item.title, "index_no": item.index_no, "doc_no": item.doc_no,
        "publisher": item.publisher, "formed_on": item.formed_on, "published_on": item.published_on,
        "topic": item.topic, "topic_label": item.get_topic_display() if item.topic else "", "doc_type": item.doc_type,
        "doc_type_label": item.get_doc_type_display(), "art20_item": item.art20_item, "validity": item.validity,
        "validity_label": item.get_validity_display() if item.validity else "", "status": item.status,
        "agency": _agency_ref(item.agency), "url": item.get_absolute_url(),
    }


def _public_items():
    return DisclosureItem.objects.public().select_related("agency")


def _page(qs, page: int, page_size: int, *order: str) -> dict:
    """One page of `qs` in `order`, with the total count: {"total", "page", "page_size", "items": [rows]}."""
    start = (page - 1) * page_size
    return {"total": qs.count(), "page": page, "page_size": page_size,
            "items": list(qs.order_by(*order)[start:start + page_size])}


@router.get("/agencies", response={200: list[AgencyOut], **errors()}, summary="机关列表",
            description="全部机关（网址标识用于其他接口的 agency 参数）。")
@read_limited
def agencies(request):
    rows = Agency.objects.select_related("parent").order_by("path")
    return [{"slug": a.slug, "name": a.name, "short_name": a.short_name, "level": a.level, "kind": a.kind,
             "parent": a.parent.slug if a.parent_id else None} for a in rows]


def _paged(path: str, out, summary: str, description: str):
    """A paged list endpoint (`out` carries total, page, page_size, items); an unknown agency is a 404."""
    def wrap(view):
        return router.get(path, response={200: out, **errors(404)}, summary=summary,
                          description=description)(read_limited(view))
    return wrap


@_paged("/catalogue/items", ItemPage, summary="主动公开目录",
        description="已公开的主动公开信息及其索引号等元数据，按发布日期从新到旧；可按机关、信息类型、年度筛选。")
def catalogue(
    request,
    agency: str | None = AGENCY,
    doc_type: DocTypeEnum | None = Query(None, description="信息类型"),
    year: int | None = Query(None, ge=FIRST_YEAR, le=LAST_YEAR, description="发布年度"),
    page: int = PAGE,
    page_size: int = PAGE_SIZE,
):
    qs = _of_agency(_public_items(), agency)
    if doc_type is not None:
        qs = qs.filter(doc_type=doc_type.value)
    if year is not None:
        qs = qs.filter(published_on__gte=dt.date(year, 1, 1), published_on__lte=dt.date(year, 12, 31))
    found = _page(qs, page, page_size, "-published_on", "-id")
    return {**found, "items": [_item(i) for i in found["items"]]}


@router.get("/catalogue/items/{item_id}", response={200: ItemDetailOut, **errors(404)}, summary="一条主动公开信息",
            description="一条已公开信息的元数据和正文。")
@read_limited
def catalogue_item(request, item_id: int):
    item = _public_items().filter(pk=item_id).first() if 0 < item_id < 2**62 else None
    if item is None:
        raise ApiError(404, "not_found", f"没有编号为 {item_id} 的已公开信息。")
    return {**_item(item), "body": item.body, "channels": list(item.channels), "effective_on": item.effective_on,
            "version": item.version}


@router.get("/search", response={200: SearchPage, **errors(404)}, summary="全文检索",
            description="在已公开信息的标题、文号、正文和附件中检索（与门户网站的检索相同）。默认按相关度排序（标题命中在前，再按正文命中密度和发布日期）；order=new 按发布日期从新到旧，order=old 从旧到新。")
@read_limited
def search(
    request,
    q: str = Query(..., max_length=100, description="检索词，多个词以空格分隔（没有可检索的字时结果为空）"),
    agency: str | None = AGENCY,
    year: int | None = Query(None, ge=FIRST_YEAR, le=LAST_YEAR, description="发布年度"),
    page: int = Query(1, ge=1, le=50, description="页码"),
    page_size: int = Query(20, ge=1, le=100, description="每页条数"),
    order: Literal["relevance", "new", "old"] = Query("relevance", description="排序：相关度、最新、最早"),
):
    one = _agency(agency)
    result = search_index.search(q, agency_id=one.pk if one else None, year=year,
                                 offset=(page - 1) * page_size, limit=page_size, order=order)
    by_id = {i.pk: i for i in _public_items().filter(pk__in=result.item_ids)}
    items = [_item(by_id[pk]) for pk in result.item_ids if pk in by_id]
    return {"total": result.total, "capped": result.capped, "terms": list(result.terms), "page": page,
            "page_size": page_size, "items": items}


@router.get("/statistics", response={200: StatsOut, **errors(404)}, summary="依申请公开和主动公开统计",
            description="每个机关一年的统计（与门户“数据开放”相同）：新收、办结、法定期限内答复率、答复用时、"
                        "办理结果、各渠道主动公开数，以及年度报告表三。只有数量，没有任何个人信息。")
@read_limited
def statistics(
    request,
    year: int = Query(..., ge=FIRST_YEAR, le=LAST_YEAR, description="统计年度"),
    agency: str | None = Query(None, max_length=50, pattern=SLUG, description="只看一个机关"),
):
    one = _agency(agency)
    agencies_ = [one] if one else list(Agency.objects.order_by("path"))
    return {"year": year, "columns": [{"key": k, "label": label} for k, label in COLUMNS],
            "rows": figures_by_agency(agencies_, year)}


def _published():
    return AnnualReport.objects.filter(state=State.PUBLISHED, published_version__gte=1).select_related("agency")


@_paged("/annual-reports", ReportPage, summary="已发布的年度报告",
        description="已发布的政府信息公开工作年度报告（当前发布版本）。")
def reports(
    request,
    agency: str | None = AGENCY,
    year: int | None = Query(None, ge=FIRST_YEAR, le=LAST_YEAR, description="报告年度"),
    page: int = PAGE,
    page_size: int = PAGE_SIZE,
):
    qs = _of_agency(_published(), agency)
    if year is not None:
        qs = qs.filter(year=year)
    found = _page(qs, page, page_size, "-year", "agency__path", "pk")
    return {**found, "items": [{
        "id": r.pk, "agency": _agency_ref(r.agency), "year": r.year, "format": r.format, "title": r.title,
        "published_version": r.published_version, "published_at": r.published_at,
        "url": reverse("reports_public:detail", args=[r.pk]),
        "json_url": reverse("api_v1:report", kwargs={"report_id": r.pk})} for r in found["items"]]}


@router.get("/annual-reports/{report_id}", response={200: ReportInterchange, **errors(404)},
            summary="一份年度报告（JSON 数据交换格式）", url_name="report",
            description="已发布版本的表二、表三、表四和正文，即门户下载的 JSON 文件（format、agency、year、"
                        "table2、table3、table4、findings 等）。")
@read_limited
def report(request, report_id: int):
    found = _published().filter(pk=report_id).first() if 0 < report_id < 2**62 else None
    if found is None:
        raise ApiError(404, "not_found", f"没有编号为 {report_id} 的已发布年度报告。")
    return json.loads(stored_file(found, "json"))


@router.get("/workdays", response={200: WorkdaysOut, **errors()}, summary="工作日计算",
            description="起算日加 N 个工作日（起算日当天不计）得到的日期，列出跳过的节假日和计入的调休上班日；"
                        "节假日安排尚未公布的年度按暂定日历计算并标明。")
@read_limited
def workdays(
    request,
    start: dt.date = Query(..., description="起算日期，如 2026-12-15"),
    days: int = Query(..., ge=0, le=MAX_WORKDAYS, description="工作日数（法定期限：15、20、40）"),
):
    if not CALENDAR_FIRST_YEAR <= start.year <= CALENDAR_LAST_YEAR:
        raise ApiError(400, "bad_request", f"起算日期应在 {CALENDAR_FIRST_YEAR} 年至 {CALENDAR_LAST_YEAR} 年之间。")
    span = explain_add_workdays(get_calendar(), start, days)
    return {"start": span.start, "workdays": span.workdays, "due": span.due,
            "holidays": [{"date": d, "name": n} for d, n in span.holidays],
            "makeup_workdays": [{"date": d, "name": n} for d, n in span.makeup_workdays],
            "weekend_days": span.weekend_days, "provisional": span.provisional,
            "provisional_years": list(span.provisional_years)}


