"""The public portal of each agency: 政府信息公开 home, 公开指南, 公开目录, item lists and pages, search,
RSS/Atom. Readable without JavaScript; only public items (published or expired) are ever shown."""

from __future__ import annotations

import datetime as dt

import segno
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db import connection
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

from gongkai.agencies.models import Agency
from gongkai.common.feeds import SafeAtomFeed, SafeRssFeed
from gongkai.common.params import parse_int, parse_year
from gongkai.disclosures import search as search_index
from gongkai.disclosures.models import CatalogueNode, DisclosureItem, DocType, Guide, Status
from gongkai.rules import disclosure as rules

PAGE = 20


def _agency(slug: str) -> Agency:
    return get_object_or_404(Agency, slug=slug)


def _public(agency: Agency | None = None):
    qs = DisclosureItem.objects.public()
    return qs.filter(agency=agency) if agency is not None else qs


def _tree(agency: Agency, current: CatalogueNode | None = None) -> str:
    """The agency's 公开目录 as nested lists (built here rather than by recursive template includes)."""
    nodes = list(CatalogueNode.objects.filter(agency=agency).order_by().only("id", "parent_id", "name", "sort_order"))
    children: dict = {}
    for n in nodes:
        children.setdefault(n.parent_id, []).append(n)

    def build(parent_id) -> str:
        entries = []
        for n in sorted(children.get(parent_id, []), key=lambda x: (x.sort_order, x.name)):
            url = reverse("disclosures_public:node", args=[agency.slug, n.pk])
            current_attr = mark_safe(' aria-current="page"') if current is not None and current.pk == n.pk else ""
            entries.append(format_html('<li><a href="{}"{}>{}</a>{}</li>', url, current_attr, n.name,
                                       build(n.pk) if n.pk in children else ""))
        return format_html('<ul class="tree">{}</ul>', mark_safe("".join(entries))) if entries else ""

    return build(None)


def index(request):
    agencies = Agency.objects.order_by("path")
    latest = _public().select_related("agency").order_by("-published_on", "-id")[:10]
    return render(request, "disclosures/public/index.html", {"agencies": agencies, "latest": latest})


def agency_home(request, slug):
    agency = _agency(slug)
    latest = _public(agency).select_related("node").order_by("-published_on", "-id")[:10]
    normative = _public(agency).filter(doc_type__in=[DocType.REGULATION, DocType.NORMATIVE]).order_by("-published_on")[:5]
    interpretations = _public(agency).filter(doc_type=DocType.INTERPRETATION).order_by("-published_on")[:5]
    return render(request, "disclosures/public/agency.html", {
        "agency": agency, "tree": _tree(agency), "latest": latest, "normative": normative,
        "interpretations": interpretations, "has_guide": Guide.objects.filter(agency=agency).exists(),
    })


def guide(request, slug):
    agency = _agency(slug)
    g = Guide.objects.filter(agency=agency).first()
    return render(request, "disclosures/public/guide.html", {"agency": agency, "guide": g})


def _year_choices():
    this = dt.date.today().year
    return list(range(this, this - 12, -1))


def item_list(request, slug, node_id=None):
    agency = _agency(slug)
    node = get_object_or_404(CatalogueNode, pk=node_id, agency=agency) if node_id else None
    qs = _public(agency) if node is None else _public()  # a node belongs to the agency already
    if node is not None:
        ids = node.subtree_ids()
        qs = qs.filter(node_id=ids[0]) if len(ids) == 1 else qs.filter(node_id__in=ids)
    year = parse_year(request.GET.get("year"))
    if year is not None:
        qs = qs.filter(published_on__gte=dt.date(year, 1, 1), published_on__lte=dt.date(year, 12, 31))
    art20 = request.GET.get("item", "")
    if art20 in rules.ART20_CODES:
        qs = qs.filter(art20_item=art20)
    doc_type = request.GET.get("type", "")
    if doc_type in DocType.values:
        qs = qs.filter(doc_type=doc_type)
    newest = request.GET.get("sort") != "old"
    order = ("-published_on", "-id") if newest else ("published_on", "id")
    fields = ("id", "title", "published_on", "doc_no", "index_no", "status", "agency_id")
    if node is not None and len(ids) > 1 and doc_type not in DocType.values:
        # a node with children: find the page's ids without reading the children's rows (see IndexedPage)
        rows = IndexedPage(qs.order_by(*order), fields, node_id=node.pk, year=year,
                           art20_item=art20 if art20 in rules.ART20_CODES else "", newest_first=newest)
    else:
        rows = qs.order_by(*order).only(*fields)
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "disclosures/public/list.html", {
        "agency": agency, "node": node, "page": page, "tree": _tree(agency, node), "years": _year_choices(),
        "art20": rules.ART20_ITEMS, "doc_types": DocType.choices, "params": params.urlencode(),
        "breadcrumbs": CatalogueNode.objects.filter(pk__in=node.ancestor_ids()).order_by("path") if node else [],
    })


class IndexedPage:
    """A sequence for Paginator over a parent node's subtree: the count from the list index; a page's ids
    from the FTS index on SQLite (already in date order: no sort over the children's items), and on
    PostgreSQL from an index-only top-N over the list index — then only the page's rows are read."""

    def __init__(self, qs, fields, **filters):
        self.qs, self.fields, self.filters = qs, fields, filters

    def count(self) -> int:
        return self.qs.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("IndexedPage only supports slices")
        offset, stop = key.start or 0, key.stop
        if connection.vendor == "sqlite":
            ids = search_index.browse(offset=offset, limit=max(0, stop - offset), **self.filters)
        else:
            ids = list(self.qs.values_list("id", flat=True)[offset:stop])
        found = DisclosureItem.objects.only(*self.fields).in_bulk(ids)
        return [found[i] for i in ids if i in found]


def qr_svg(url: str) -> str:
    """An inline SVG QR code of `url` (no external request, no JavaScript)."""
    svg = segno.make(url, error="m").svg_inline(scale=3, title="手机扫码阅读本页", svgclass="qr", lineclass=None)
    return mark_safe(svg)


def item_page(request, slug, pk):
    agency = _agency(slug)
    item = get_object_or_404(_public(agency).select_related("node", "agency"), pk=pk)
    url = request.build_absolute_uri(item.get_absolute_url())
    return render(request, "disclosures/public/item.html", {
        "agency": agency, "item": item, "qr": qr_svg(url), "url": url,
        "versions": item.versions.all(), "attachments": item.attachments.all(),
        "interpretations": item.interpretations.filter(status__in=[Status.PUBLISHED, Status.EXPIRED]),
        "interprets": item.interprets.filter(status__in=[Status.PUBLISHED, Status.EXPIRED]),
        "breadcrumbs": CatalogueNode.objects.filter(pk__in=item.node.ancestor_ids()).order_by("path")
        if item.node_id else [],
    })


def search(request, slug=None):
    agency = _agency(slug) if slug else None
    q = request.GET.get("q", "").strip()[:100]
    if agency is None and request.GET.get("agency"):
        agency = Agency.objects.filter(slug=request.GET["agency"]).first()
    node = None
    if agency and parse_int(request.GET.get("node")) is not None:
        node = CatalogueNode.objects.filter(pk=parse_int(request.GET["node"]), agency=agency).first()
    year = parse_year(request.GET.get("year"))
    art20 = request.GET.get("item", "") if request.GET.get("item", "") in rules.ART20_CODES else ""
    page_no = parse_int(request.GET.get("page"), 1, 1, 10000)
    sort = request.GET.get("sort") if request.GET.get("sort") in ("new", "old") else "relevance"
    newest = sort != "old"
    results, result = [], None
    if q:
        result = search_index.search(q, agency_id=agency.pk if agency else None, node_id=node.pk if node else None,
                                     year=year, art20_item=art20, order=sort,
                                     offset=(page_no - 1) * PAGE, limit=PAGE)
        # through the public queryset (as the API does): an index entry never shows an item that is not public
        items = _public().select_related("agency").in_bulk(result.item_ids)
        for item_id in result.item_ids:
            item = items.get(item_id)
            if item is None:  # an index entry whose item has just gone: skip it
                continue
            results.append({"item": item, "title": search_index.highlight(item.title, result.terms),
                            "snippet": search_index.snippet(item.body, result.terms)})
    params = request.GET.copy()
    params.pop("page", None)
    single_char = bool(result and result.terms and all(len(t) == 1 for t in result.terms))
    pages = -(-result.total // PAGE) if result else 0
    page_links = sorted({1, pages, *range(max(1, page_no - 3), min(pages, page_no + 3) + 1)} - {0}) if pages else []
    return render(request, "disclosures/public/search.html", {
        "q": q, "agency": agency, "node": node, "year": year, "art20_value": art20, "results": results,
        "result": result, "page_no": page_no, "pages": pages, "page_links": page_links, "sort": sort,
        "has_next": bool(result and (page_no * PAGE < result.total or (result.capped and len(results) == PAGE))),
        "params": params.urlencode(), "agencies": Agency.objects.order_by("path"), "years": _year_choices(),
        "start": (page_no - 1) * PAGE + 1,
        "art20": rules.ART20_ITEMS, "nodes": CatalogueNode.objects.filter(agency=agency).order_by("path")
        if agency else [], "newest": newest, "single_char": single_char,
    })


class NodeFeed(Feed):
    """RSS 2.0 of the newest public items of an agency or one of its catalogue nodes (with its subtree)."""

    description_template = None
    feed_type = SafeRssFeed

    def get_object(self, request, slug, node_id=None):
        agency = _agency(slug)
        node = get_object_or_404(CatalogueNode, pk=node_id, agency=agency) if node_id else None
        return agency, node

    def title(self, obj):
        agency, node = obj
        return f"{agency.name} · {node.name if node else '政府信息公开'}"

    def link(self, obj):
        agency, node = obj
        if node:
            return reverse("disclosures_public:node", args=[agency.slug, node.pk])
        return reverse("disclosures_public:agency", args=[agency.slug])

    def description(self, obj):
        return f"{self.title(obj)}的最新主动公开信息"

    def items(self, obj):
        agency, node = obj
        qs = _public(agency)
        if node is not None:
            qs = qs.filter(node_id__in=node.subtree_ids())
        return qs.select_related("agency").order_by("-published_on", "-id")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        text = strip_tags(item.body)
        return text[:300] + ("…" if len(text) > 300 else "")

    def item_pubdate(self, item):
        return dt.datetime.combine(item.published_on, dt.time(9, 0))

    def item_updateddate(self, item):
        return item.updated_at

    def item_guid(self, item):
        return item.index_no or str(item.pk)

    item_guid_is_permalink = False


class NodeAtomFeed(NodeFeed):
    feed_type = SafeAtomFeed
    subtitle = NodeFeed.description
