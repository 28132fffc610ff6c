"""Every change to the 主动公开 ledger: check permission and state, write, maintain the search index and
journal it — in one transaction, through the shared envelope (`gongkai.journal.envelope`: the row is
locked first, then its state and the actor's role are checked, then it is changed and journaled).
Views, imports, the demo and the CLI call these; nothing else writes.

Workflow (先审查、后公开): draft → content review (审核人/分管领导) → 保密审查 (保密审查员, a different
person) → published; a reviewer may send it back to draft with a note. A published item is withdrawn
(撤回) or expires (过期) with a reason. Changing a published item makes a new version: the version as it
was is kept (`ItemVersion`), and the change goes through review again.

A refused action raises `ValidationError` (the user's mistake or the item's state; the message says
what to do, in Chinese) or `PermissionDenied` (the actor lacks the role). Every public function that
changes state is an `@action`: called without an actor it raises `MissingActor` before anything runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Role
from gongkai.common import uploads
from gongkai.disclosures import attachment_text, search
from gongkai.disclosures.models import (
    PUBLIC_STATES,
    Attachment,
    CatalogueNode,
    Channel,
    ChannelTally,
    DisclosureItem,
    DisclosureSettings,
    DocType,
    Guide,
    IndexCounter,
    ItemChannel,
    ItemVersion,
    Status,
    Validity,
)
from gongkai.disclosures.sanitize import clean_html
from gongkai.journal.actors import action, authorize, is_system
from gongkai.journal.envelope import change, create, delete, record_batch
from gongkai.journal.services import record, snapshot
from gongkai.rules import disclosure as rules
from gongkai.workcalendar.service import get_calendar

EDIT_ROLES = (Role.OFFICER,)
REVIEW_ROLES = (Role.REVIEWER, Role.LEADER)
SECRECY_ROLES = (Role.SECRECY_REVIEWER,)
MANAGE_ROLES = (Role.OFFICER, Role.REVIEWER, Role.LEADER)
RETURN_ROLES = REVIEW_ROLES + SECRECY_ROLES  # which of the two depends on the state (checked under the lock)
IMPORT_ROLES = EDIT_ROLES + REVIEW_ROLES
HISTORY_ROLES = REVIEW_ROLES  # records of items already published (imports, bulk loads)
SETTINGS_ROLES = REVIEW_ROLES

ITEM_FIELDS = [
    "title", "doc_no", "publisher", "formed_on", "topic", "art20_item", "art21_extra", "doc_type", "node",
    "body", "channels", "special_deadline_basis", "requires_interpretation", "validity", "effective_on",
    "valid_until",
]
VERSION_FIELDS = ITEM_FIELDS + ["index_no", "published_on", "validity_changed_on"]
PUBLISH_FIELDS = ["status", "index_no", "published_on", "late"]
ATTACHMENT_ONLY = "只能给草稿添加附件；已公开的信息请先修改（生成新版本）。"
# what a disclosure item may carry (checked by content through common.uploads)
ATTACHMENT_TYPES = ("pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png")


def _today() -> dt.date:
    return timezone.localdate()


def _account(actor):
    """The staff account behind an actor, for the `…_by` columns (None for SYSTEM and the public)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def _may(actor, agency, roles) -> bool:
    try:
        authorize(actor, agency, roles)
    except PermissionDenied:
        return False
    return True


def _check_state(item: DisclosureItem, *allowed: str) -> None:
    if item.status not in allowed:
        names = "、".join(Status(s).label for s in allowed)
        raise ValidationError(f"“{item.title}”当前状态为“{item.get_status_display()}”，此操作只适用于：{names}。")


def _changed_meanwhile(item: DisclosureItem) -> ValidationError:
    return ValidationError(f"“{item.title}”的状态刚刚变为“{item.get_status_display()}”，请刷新页面后再操作。")


def _apply(item: DisclosureItem, data: dict) -> None:
    for field in ITEM_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if field == "body":
            value = clean_html(value)
        elif field == "channels":
            value = [c for c in Channel.values if c in (value or [])]
        elif field in {"title", "doc_no", "publisher", "special_deadline_basis"}:
            value = (value or "").strip()
        setattr(item, field, value)
    if item.node_id and item.node.agency_id != item.agency_id:
        raise ValidationError("所选公开目录栏目不属于本机关。")
    if item.art20_item and item.art20_item not in rules.ART20_CODES:
        raise ValidationError("第二十条事项无法识别。")
    allowed21 = {c for c, _ in rules.art21_extras(item.agency.level)}
    if item.art21_extra and item.art21_extra not in allowed21:
        raise ValidationError("所选第二十一条事项不适用于本机关的层级。")
    if item.doc_type in (DocType.REGULATION, DocType.NORMATIVE):
        item.validity = item.validity or Validity.VALID
        if item.art20_item == "":
            item.art20_item = "A20_01"
        start = item.effective_on or item.formed_on
        if item.valid_until and start and item.valid_until < start:
            raise ValidationError(f"有效期至（{item.valid_until:%Y-%m-%d}）早于施行日期或成文日期"
                                  f"（{start:%Y-%m-%d}），请改正。")
    else:
        item.validity, item.effective_on, item.valid_until = "", None, None
    if not item.title:
        raise ValidationError("请填写标题。")
    if not item.publisher:
        item.publisher = item.agency.name


def _set_interprets(item: DisclosureItem, documents) -> None:
    docs = list(documents or [])
    if docs and item.doc_type != DocType.INTERPRETATION:
        raise ValidationError("只有“政策解读”类信息才能关联被解读的文件。")
    if any(d.agency_id != item.agency_id or d.pk == item.pk for d in docs):
        raise ValidationError("被解读的文件必须是本机关的其他信息。")
    item.interprets.set(docs)


# --- the review workflow -------------------------------------------------------------------------
@action
def create_item(actor, agency, data: dict, *, note: str = "") -> DisclosureItem:
    """A new draft. `data["source_applications"]`: the applications it was made from (《条例》第四十四条,
    applications.actions.promote_to_proactive), all of this agency."""
    sources = list(data.get("source_applications") or [])
    if any(a.agency_id != agency.pk for a in sources):
        raise ValidationError("来源申请必须是本机关受理的申请。")

    def build() -> DisclosureItem:
        item = DisclosureItem(agency=agency, created_by=_account(actor))
        _apply(item, data if "channels" in data else {**data, "channels": [Channel.WEBSITE]})
        item.save()
        if "interprets" in data:
            _set_interprets(item, data["interprets"])
        if sources:
            item.source_applications.set(sources)
        return item

    return create(actor, agency, "disclosure.create", build, roles=EDIT_ROLES, note=note)


@action
def update_item(actor, item: DisclosureItem, data: dict, change_note: str = "") -> DisclosureItem:
    """Edit a draft in place; a published (or expired) item gets a new version and goes back to review."""
    revising = item.status in PUBLIC_STATES  # names the journal entry; confirmed under the lock

    def mutate(locked: DisclosureItem) -> str:
        _check_state(locked, Status.DRAFT, Status.PUBLISHED, Status.EXPIRED)
        if (locked.status in PUBLIC_STATES) != revising:
            raise _changed_meanwhile(locked)
        if revising:
            if not change_note.strip():
                raise ValidationError("修改已公开的信息必须填写变更说明，原版本将保留在历史版本中。")
            ItemVersion.objects.create(
                item=locked, number=locked.version, data=snapshot(locked, VERSION_FIELDS),
                published_on=locked.published_on, replaced_by=_account(actor), change_note=change_note.strip()[:300],
            )
            locked.version += 1
            locked.status = Status.CONTENT_REVIEW
            locked.content_reviewed_by = locked.secrecy_reviewed_by = None
            search.unindex_item(locked)
        _apply(locked, data)
        if "interprets" in data:
            _set_interprets(locked, data["interprets"])
        return change_note

    return change(actor, item, "disclosure.revise" if revising else "disclosure.update", mutate, roles=EDIT_ROLES)


@action
def submit_item(actor, item: DisclosureItem) -> DisclosureItem:
    def mutate(locked: DisclosureItem) -> None:
        _check_state(locked, Status.DRAFT)
        locked.status, locked.review_note = Status.CONTENT_REVIEW, ""

    return change(actor, item, "disclosure.submit", mutate, roles=EDIT_ROLES, fields=["status"])


@action
def approve_content(actor, item: DisclosureItem, note: str = "") -> DisclosureItem:
    def mutate(locked: DisclosureItem) -> str:
        _check_state(locked, Status.CONTENT_REVIEW)
        locked.status, locked.content_reviewed_by = Status.SECRECY_REVIEW, _account(actor)
        locked.review_note = note.strip()[:300]
        return note

    return change(actor, item, "disclosure.content_approve", mutate, roles=REVIEW_ROLES, fields=["status"])


@action
def return_to_draft(actor, item: DisclosureItem, note: str) -> DisclosureItem:
    """A reviewer (content or secrecy) sends the item back with the reason. Which role may do it depends
    on the state the item is in, so it is decided under the row lock."""
    if not note.strip():
        raise ValidationError("退回时请写明退回理由，便于公开专员修改。")

    def mutate(locked: DisclosureItem) -> str:
        _check_state(locked, Status.CONTENT_REVIEW, Status.SECRECY_REVIEW)
        authorize(actor, locked.agency, REVIEW_ROLES if locked.status == Status.CONTENT_REVIEW else SECRECY_ROLES)
        locked.status, locked.review_note = Status.DRAFT, note.strip()[:300]
        locked.content_reviewed_by = None
        return note

    return change(actor, item, "disclosure.return", mutate, roles=RETURN_ROLES, fields=["status"])


def _format_index_no(agency, pattern: str, seq: int, day: dt.date, topic: str) -> str:
    return rules.format_index_no(pattern, seq=seq, year=day.year, month=day.month, credit_code=agency.credit_code,
                                 agency_code=agency.slug, category=topic)


def _index_pattern(agency) -> str:
    conf = DisclosureSettings.objects.filter(agency=agency).first()
    return conf.index_pattern if conf else rules.DEFAULT_INDEX_PATTERN


def _counter(agency, pattern: str, day: dt.date) -> IndexCounter:
    year = day.year if rules.pattern_uses_year(pattern) else 0
    return IndexCounter.objects.select_for_update().get_or_create(agency=agency, year=year)[0]


def _next_index_no(item: DisclosureItem, day: dt.date) -> str:
    pattern = _index_pattern(item.agency)
    counter = _counter(item.agency, pattern, day)
    counter.last += 1
    counter.save(update_fields=["last"])
    return _format_index_no(item.agency, pattern, counter.last, day, item.topic)


def _timeliness(item: DisclosureItem, calendar=None) -> rules.Timeliness:
    return rules.timeliness(item.formed_on, item.published_on, calendar or get_calendar(), item.special_deadline_basis)


@action
def approve_secrecy(actor, item: DisclosureItem, note: str = "", published_on: dt.date | None = None) -> DisclosureItem:
    """保密审查 passed: the item is published (first time: 索引号, Art. 26 check, channel publications)."""
    first = item.published_on is None  # names the journal entry; confirmed under the lock

    def mutate(locked: DisclosureItem) -> str:
        _check_state(locked, Status.SECRECY_REVIEW)
        if locked.content_reviewed_by_id and getattr(actor, "pk", None) == locked.content_reviewed_by_id:
            raise ValidationError("保密审查须由内容审核人以外的人员进行。")
        if (locked.published_on is None) != first:
            raise _changed_meanwhile(locked)
        if first:
            locked.published_on = published_on or _today()
            if locked.published_on < locked.formed_on:
                raise ValidationError("发布日期不能早于成文日期，请核对成文日期。")
            locked.index_no = locked.index_no or _next_index_no(locked, locked.published_on)
            t = _timeliness(locked)
            locked.publication_workdays, locked.late = t.workdays, t.late
            for channel in locked.channels:
                ItemChannel.objects.get_or_create(item=locked, channel=channel, published_on=locked.published_on)
        locked.status, locked.secrecy_reviewed_by = Status.PUBLISHED, _account(actor)
        search.index_item(locked)
        return note

    return change(actor, item, "disclosure.publish" if first else "disclosure.republish", mutate,
                  roles=SECRECY_ROLES, fields=PUBLISH_FIELDS)


def _end(actor, item: DisclosureItem, reason: str, status: str, roles, name: str) -> DisclosureItem:
    if not reason.strip():
        raise ValidationError("请填写原因。")
    allowed = (Status.PUBLISHED, Status.EXPIRED) if status == Status.WITHDRAWN else (Status.PUBLISHED,)

    def mutate(locked: DisclosureItem) -> str:
        _check_state(locked, *allowed)
        locked.status, locked.end_reason, locked.ended_on = status, reason.strip()[:300], _today()
        search.index_item(locked)
        return reason

    return change(actor, item, name, mutate, roles=roles, fields=["status", "end_reason"])


@action
def withdraw_item(actor, item: DisclosureItem, reason: str) -> DisclosureItem:
    """撤回: off the portal and out of every count."""
    return _end(actor, item, reason, Status.WITHDRAWN, REVIEW_ROLES, "disclosure.withdraw")


@action
def expire_item(actor, item: DisclosureItem, reason: str) -> DisclosureItem:
    """过期: stays readable, marked as no longer current."""
    return _end(actor, item, reason, Status.EXPIRED, MANAGE_ROLES, "disclosure.expire")


@action
def set_validity(actor, item: DisclosureItem, validity: str, changed_on: dt.date | None, note: str = "") -> DisclosureItem:
    def mutate(locked: DisclosureItem) -> str:
        if not locked.is_normative:
            raise ValidationError("只有规章和行政规范性文件才有效力状态。")
        try:
            rules.check_validity_change(locked.validity, validity, changed_on, locked.effective_on)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        locked.validity = validity
        locked.validity_changed_on = changed_on if validity != Validity.VALID else None
        return note

    return change(actor, item, "disclosure.validity", mutate, roles=MANAGE_ROLES,
                  fields=["validity", "validity_changed_on"])


# --- attachments and channel publications (journaled on the item, which is not itself changed) ------
@action
def add_attachment(actor, item: DisclosureItem, name: str, data: bytes) -> Attachment:
    safe_name = name.replace("/", "_").replace("\\", "_")[-150:]
    added: list[Attachment] = []

    def mutate(locked: DisclosureItem) -> None:
        if locked.status != Status.DRAFT:
            raise ValidationError(ATTACHMENT_ONLY)
        kind = uploads.check_bytes(name, data, ATTACHMENT_TYPES, uploads.configured_max_bytes())
        att = Attachment(item=locked, original_name=safe_name, kind=kind, size=len(data),
                         sha256=hashlib.sha256(data).hexdigest(), text=attachment_text.extract(kind, data, safe_name))
        att.file.save(f"{att.sha256[:16]}.{kind}", ContentFile(data), save=False)
        att.save()
        added.append(att)

    change(actor, item, "disclosure.attach", mutate, roles=EDIT_ROLES, fields=[], save=False,
           extra=lambda locked: ({}, {"attachment": safe_name, "size": len(data)}))
    return added[0]


@action
def remove_attachment(actor, attachment: Attachment) -> None:
    name = attachment.original_name

    def mutate(locked: DisclosureItem) -> None:
        if locked.status != Status.DRAFT:
            raise ValidationError("只能从草稿中删除附件。")
        if not Attachment.objects.filter(pk=attachment.pk, item=locked).delete()[0]:
            raise ValidationError(f"附件“{name}”已经删除。")

    change(actor, attachment.item, "disclosure.detach", mutate, roles=EDIT_ROLES, fields=[], save=False,
           extra=lambda locked: ({"attachment": name}, {"attachment": None}))


@action
def record_publication(actor, item: DisclosureItem, channel: str, published_on: dt.date, account: str = "",
                       url: str = "") -> ItemChannel:
    """One more post of a published item on a channel (a WeChat article, a newspaper…)."""
    if channel not in Channel.values:
        raise ValidationError("渠道无法识别。")
    added: list[ItemChannel] = []

    def mutate(locked: DisclosureItem) -> None:
        if locked.published_on is None or locked.status == Status.WITHDRAWN:
            raise ValidationError("只有已公开的信息才能登记渠道发布。")
        pub, created = ItemChannel.objects.get_or_create(
            item=locked, channel=channel, published_on=published_on, defaults={"account": account, "url": url}
        )
        if not created:
            raise ValidationError("这条渠道发布记录已经存在。")
        added.append(pub)

    change(actor, item, "disclosure.channel", mutate, roles=MANAGE_ROLES, fields=[], save=False,
           extra=lambda locked: ({}, {"channel": channel, "published_on": published_on, "account": account}))
    return added[0]


# --- imports (one journal event per row: an import is a few hundred rows at most) -----------------
def _tally_builder(agency, channel: str, month: dt.date, count: int, note: str):
    return lambda: ChannelTally.objects.create(agency=agency, channel=channel, month=month, count=count, note=note)


def _tally_setter(count: int, note: str):
    def mutate(tally: ChannelTally) -> None:
        tally.count, tally.note = count, note

    return mutate


@action
def save_tallies(actor, agency, rows: list[tuple[str, dt.date, int, str]]) -> int:
    """Monthly channel tallies (channel, first day of month, count, note): replaces the same months."""
    authorize(actor, agency, MANAGE_ROLES)
    with transaction.atomic():
        for channel, month, count, note in rows:
            tally = ChannelTally.objects.filter(agency=agency, channel=channel, month=month).first()
            if tally is None:
                create(actor, agency, "disclosure.tally", _tally_builder(agency, channel, month, count, note),
                       roles=MANAGE_ROLES, fields=["channel", "month", "count"])
            else:
                change(actor, tally, "disclosure.tally", _tally_setter(count, note), roles=MANAGE_ROLES,
                       fields=["count"])
    return len(rows)


def _import_builder(actor, agency, p, calendar):
    def build() -> DisclosureItem:
        item = DisclosureItem(agency=agency, created_by=_account(actor))
        _apply(item, p.data)
        if p.published_on:
            item.status, item.published_on = Status.PUBLISHED, p.published_on
            item.index_no = p.index_no or _next_index_no(item, p.published_on)
            t = _timeliness(item, calendar)
            item.publication_workdays, item.late = t.workdays, t.late
        else:
            item.index_no = p.index_no
        item.save()
        if p.published_on:
            ItemChannel.objects.bulk_create(  # bulk_create skips ItemChannel.save: the item's copy is set here
                [ItemChannel(item=item, channel=c, published_on=p.published_on).copy_from(item) for c in p.channels]
            )
            search.index_item(item)
        return item

    return build


@action
def import_items(actor, agency, parsed) -> int:
    """Create the validated rows of a ledger import (`excel.parse_ledger`) in one transaction, one
    journal event per row (naming its row in the Excel file)."""
    authorize(actor, agency, IMPORT_ROLES)
    if any(p.published_on for p in parsed) and not _may(actor, agency, HISTORY_ROLES):
        raise ValidationError("已公开的历史记录须由审核人或分管领导导入。")
    calendar = get_calendar()
    with transaction.atomic():
        for p in parsed:
            create(actor, agency, "disclosure.import", _import_builder(actor, agency, p, calendar),
                   roles=IMPORT_ROLES, note=f"Excel 第{p.row}行")
    return len(parsed)


# --- bulk loads (demo data, migrations from an old system) -----------------------------------------
BULK_EXTRA_FIELDS = {"status", "published_on", "validity_changed_on", "interprets"}


@action
def bulk_load_items(actor, agency, specs: list[dict], *, note: str = "") -> list[DisclosureItem]:
    """Create many items of one agency at once: each spec holds the item's fields (as for `create_item`)
    plus `status`, `published_on`, `validity_changed_on` and `interprets` (titles of items of the same
    load). Published items get their 索引号 in publication order, their Art. 26 result, channel rows and
    search entries, as `approve_secrecy` would give them.

    Journaled as ONE batch event per agency and kind (`record_batch`: one for the items, one for their
    channel rows), each listing every id created — not one event per row: the demo alone loads
    thousands of rows per run (and the benchmarks far more), and as many identical "created" events
    would bury the journal's real history while adding nothing the id list does not already say."""
    authorize(actor, agency, HISTORY_ROLES)
    calendar = get_calendar()
    pattern = _index_pattern(agency)
    with transaction.atomic():
        counters: dict[int, IndexCounter] = {}
        items: list[DisclosureItem] = []
        for spec in sorted(specs, key=lambda s: (s.get("published_on") or dt.date.max, s["title"])):
            unknown = set(spec) - set(ITEM_FIELDS) - BULK_EXTRA_FIELDS
            if unknown:
                raise ValueError(f"bulk_load_items: unknown fields {sorted(unknown)}")
            item = DisclosureItem(agency=agency, created_by=_account(actor), status=spec.get("status", Status.DRAFT),
                                  published_on=spec.get("published_on"),
                                  validity_changed_on=spec.get("validity_changed_on"))
            _apply(item, spec)
            if item.published_on:
                if item.published_on < item.formed_on:
                    raise ValidationError(f"“{item.title}”的发布日期早于成文日期，请核对。")
                key = item.published_on.year if rules.pattern_uses_year(pattern) else 0
                if key not in counters:
                    counters[key] = _counter(agency, pattern, item.published_on)
                counter = counters[key]
                counter.last += 1
                item.index_no = _format_index_no(agency, pattern, counter.last, item.published_on, item.topic)
                t = _timeliness(item, calendar)
                item.publication_workdays, item.late = t.workdays, t.late
            items.append(item)
        DisclosureItem.objects.bulk_create(items, batch_size=500)
        for counter in counters.values():
            counter.save(update_fields=["last"])
        channels = ItemChannel.objects.bulk_create(  # bulk_create skips ItemChannel.save: copy_from sets the copy
            [ItemChannel(item=i, channel=c, published_on=i.published_on).copy_from(i) for i in items if i.published_on
             for c in i.channels],
            batch_size=1000,
        )
        by_title = {i.title: i for i in items}
        for spec in specs:
            if spec.get("interprets"):
                _set_interprets(by_title[spec["title"]], [by_title[t] for t in spec["interprets"]])
        search.bulk_index([search.index_row(i) for i in items if i.is_public and i.published_on])
        record_batch(actor, agency, "disclosure.bulk_load", items, note=note)
        record_batch(actor, agency, "disclosure.channel_bulk_load", channels, note=note)
    return items


@action
def bulk_create_nodes(actor, agency, tree, *, note: str = "") -> dict[str, CatalogueNode]:
    """Create a whole catalogue at once from `[(name, Art. 20 item, [(child, Art. 20 item), …]), …]`;
    returns the nodes by name. One batch event lists them (see `bulk_load_items` for why)."""
    authorize(actor, agency, MANAGE_ROLES)
    nodes: dict[str, CatalogueNode] = {}
    with transaction.atomic():
        for order, (name, item, children) in enumerate(tree):
            parent = CatalogueNode(agency=agency, name=name, art20_item=item, sort_order=order)
            parent.save()  # a node's path needs its id: saved one by one
            nodes[name] = parent
            for child_order, (child, child_item) in enumerate(children):
                node = CatalogueNode(agency=agency, parent=parent, name=child, art20_item=child_item,
                                     sort_order=child_order)
                node.save()
                nodes[child] = node
        record_batch(actor, agency, "catalogue.bulk_load", nodes.values(), note=note)
    return nodes


# --- catalogue, guide, settings ------------------------------------------------------------------
def _check_node(agency, name: str, parent: CatalogueNode | None, node: CatalogueNode | None) -> None:
    if not name:
        raise ValidationError("请填写栏目名称。")
    if parent is not None and parent.agency_id != agency.id:
        raise ValidationError("上级栏目不属于本机关。")
    if node is not None and parent is not None and parent.path.startswith(node.path):
        raise ValidationError("不能把栏目移到它自己或它的下级栏目之下。")
    dupe = CatalogueNode.objects.filter(agency=agency, parent=parent, name=name)
    if node is not None:
        dupe = dupe.exclude(pk=node.pk)
    if dupe.exists():
        raise ValidationError(f"同一级下已有名为“{name}”的栏目。")


@action
def save_node(actor, agency, *, name: str, parent: CatalogueNode | None = None, sort_order: int = 0,
              art20_item: str = "", node: CatalogueNode | None = None) -> CatalogueNode:
    name = name.strip()
    if node is None:
        def build() -> CatalogueNode:
            _check_node(agency, name, parent, None)
            new = CatalogueNode(agency=agency, name=name, parent=parent, sort_order=sort_order, art20_item=art20_item)
            new.save()
            return new

        return create(actor, agency, "catalogue.save", build, roles=MANAGE_ROLES)
    if node.agency_id != agency.pk:
        raise ValidationError("栏目不属于本机关。")

    def mutate(locked: CatalogueNode) -> None:
        _check_node(agency, name, parent, locked)
        moved = locked.parent_id != (parent.pk if parent else None)
        locked.name, locked.parent, locked.sort_order, locked.art20_item = name, parent, sort_order, art20_item
        locked.save()  # before the reindex: the items' tags come from the node's new path
        if moved:
            _reindex_node_items(locked)

    return change(actor, node, "catalogue.save", mutate, roles=MANAGE_ROLES, save=False)


def _reindex_node_items(node: CatalogueNode) -> None:
    for item in DisclosureItem.objects.public().filter(node_id__in=node.subtree_ids()).select_related("node"):
        search.index_item(item)


@action
def delete_node(actor, node: CatalogueNode) -> None:
    """Delete an empty node. Whether it is empty is read under its row lock (an item or a child added
    meanwhile makes it refuse, with the same message, instead of failing)."""

    def check(locked: CatalogueNode) -> None:
        if locked.children.exists():
            raise ValidationError(f"“{locked.name}”下还有下级栏目，请先移走或删除它们。")
        count = locked.items.count()
        if count:
            raise ValidationError(f"“{locked.name}”中还有 {count} 条信息，请先把它们移到其他栏目。")

    delete(actor, node, "catalogue.delete", roles=MANAGE_ROLES, check=check)


GUIDE_FIELDS = [f.name for f in Guide._meta.concrete_fields if f.name not in {"id", "agency", "updated_on"}]


@action
def save_guide(actor, agency, data: dict, *, updated_on: dt.date | None = None) -> Guide:
    """Write the agency's 公开指南 (every element the rules require must be there). `updated_on`
    defaults to today (the demo gives a fixed date)."""

    def fill(guide: Guide) -> None:
        missing = [label for field, label in Guide.REQUIRED if not str(data.get(field) or "").strip()]
        if missing:
            raise ValidationError("公开指南缺少必备内容：" + "、".join(missing) + "。")
        email = str(data.get("email") or "").strip()
        if email:
            try:
                validate_email(email)
            except ValidationError as exc:
                raise ValidationError(f"电子邮箱“{email}”格式不正确。") from exc
        for field in GUIDE_FIELDS:
            if field in data:
                setattr(guide, field, str(data[field] or "").strip())
        guide.updated_on = updated_on or _today()

    guide = Guide.objects.filter(agency=agency).first()
    if guide is None:
        def build() -> Guide:
            new = Guide(agency=agency)
            fill(new)
            new.save()
            return new

        return create(actor, agency, "guide.save", build, roles=MANAGE_ROLES)
    return change(actor, guide, "guide.save", fill, roles=MANAGE_ROLES)


@action
def set_index_pattern(actor, agency, pattern: str) -> DisclosureSettings:
    pattern = pattern.strip()

    def set_pattern(conf: DisclosureSettings) -> None:
        try:
            rules.validate_index_pattern(pattern)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        conf.index_pattern = pattern

    conf = DisclosureSettings.objects.filter(agency=agency).first()
    if conf is None:
        def build() -> DisclosureSettings:
            new = DisclosureSettings(agency=agency)
            set_pattern(new)
            new.save()
            return new

        return create(actor, agency, "disclosure.settings", build, roles=SETTINGS_ROLES, fields=["index_pattern"])
    return change(actor, conf, "disclosure.settings", set_pattern, roles=SETTINGS_ROLES, fields=["index_pattern"])


# --- the calendar changed: recompute stored Art. 26 results --------------------------------------
def _require_calendar_actor(actor) -> None:
    """The recomputation is the consequence of a calendar change, so its actor is whoever may change the
    calendar: SYSTEM (CLI, seeding) or an account the calendar accepts (system administrator or a
    top-level 政务公开办). Anyone else is refused, even where no item would change."""
    if is_system(actor):
        return
    from gongkai.workcalendar.actions import can_manage_calendar

    if not getattr(actor, "is_authenticated", False) or not can_manage_calendar(actor):
        raise PermissionDenied("只有系统管理员或本级政务公开办可以变更工作日历并重新计算公开时效。")


@action
def recompute_lateness(actor, years: set[int]) -> int:
    """Recompute `late` for published items whose forming-to-publication span touches `years`; one
    journal event per item that changed, under the actor who changed the calendar. The rows are
    locked together (SELECT … FOR UPDATE) because the whole set follows one calendar change."""
    _require_calendar_actor(actor)
    if not years:
        return 0
    calendar = get_calendar()
    changed = 0
    note = "工作日历变更：" + "、".join(f"{y}年" for y in sorted(years))
    with transaction.atomic():
        qs = DisclosureItem.objects.filter(published_on__isnull=False)
        qs = qs.filter(formed_on__year__lte=max(years), published_on__year__gte=min(years))
        for item in qs.select_for_update():
            t = _timeliness(item, calendar)
            if (t.workdays, t.late) != (item.publication_workdays, item.late):
                before = {"publication_workdays": item.publication_workdays, "late": item.late}
                item.publication_workdays, item.late = t.workdays, t.late
                item.save(update_fields=["publication_workdays", "late"])
                record("disclosure.lateness_recomputed", actor=actor, obj=item, before=before,
                       after={"publication_workdays": t.workdays, "late": t.late}, note=note)
                changed += 1
    return changed
