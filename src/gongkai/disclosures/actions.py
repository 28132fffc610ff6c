"""Every change to the 主动公开 ledger: check permission and state, write, maintain the search index and
journal it — in one transaction. Views, imports, the demo and the CLI call these; nothing else writes.

Workflow (先审查、后公开): draft → content review (审核人/分管领导) → 保密审查 (保密审查员, a different
person) → published; a reviewer may send it back to draft with a note. A published item is withdrawn
(撤回) or expires (过期) with a reason. Changing a published item makes a new version: the version as it
was is kept (`ItemVersion`), and the change goes through review again.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import has_role, require_role
from gongkai.disclosures import search
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
from gongkai.disclosures.uploads import check_upload
from gongkai.journal.services import changes, record, snapshot
from gongkai.rules import disclosure as rules
from gongkai.workcalendar.service import get_calendar

EDIT_ROLES = (Role.OFFICER,)
REVIEW_ROLES = (Role.REVIEWER, Role.LEADER)
SECRECY_ROLES = (Role.SECRECY_REVIEWER,)
MANAGE_ROLES = (Role.OFFICER, Role.REVIEWER, Role.LEADER)

ITEM_FIELDS = [
    "title", "doc_no", "publisher", "formed_on", "topic", "art20_item", "art21_extra", "doc_type", "node",
    "body", "channels", "special_deadline_basis", "requires_interpretation", "validity", "effective_on",
]
VERSION_FIELDS = ITEM_FIELDS + ["index_no", "published_on", "validity_changed_on"]


class ActionError(ValueError):
    """A refused action; the message is for the user (Chinese)."""


def _today() -> dt.date:
    return timezone.localdate()


def _check_state(item: DisclosureItem, *allowed: str) -> None:
    if item.status not in allowed:
        names = "、".join(Status(s).label for s in allowed)
        raise ActionError(f"“{item.title}”当前状态为“{item.get_status_display()}”，此操作只适用于：{names}。")


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
        raise ActionError("所选公开目录栏目不属于本机关。")
    if item.art20_item and item.art20_item not in rules.ART20_CODES:
        raise ActionError("第二十条事项无法识别。")
    allowed21 = {c for c, _ in rules.art21_extras(item.agency.level)}
    if item.art21_extra and item.art21_extra not in allowed21:
        raise ActionError("所选第二十一条事项不适用于本机关的层级。")
    if item.doc_type in (DocType.REGULATION, DocType.NORMATIVE):
        item.validity = item.validity or Validity.VALID
        if item.art20_item == "":
            item.art20_item = "A20_01"
    else:
        item.validity, item.effective_on = "", None
    if not item.title:
        raise ActionError("请填写标题。")
    if not item.publisher:
        item.publisher = item.agency.name


def create_item(actor, agency, data: dict) -> DisclosureItem:
    require_role(actor, agency, *EDIT_ROLES)
    with transaction.atomic():
        item = DisclosureItem(agency=agency, created_by=actor if getattr(actor, "pk", None) else None)
        if "channels" not in data:
            data = {**data, "channels": [Channel.WEBSITE]}
        _apply(item, data)
        item.save()
        if "interprets" in data:
            _set_interprets(item, data["interprets"])
        record("disclosure.create", actor=actor, obj=item, after=snapshot(item))
    return item


def _set_interprets(item: DisclosureItem, documents) -> None:
    docs = list(documents or [])
    if docs and item.doc_type != DocType.INTERPRETATION:
        raise ActionError("只有“政策解读”类信息才能关联被解读的文件。")
    if any(d.agency_id != item.agency_id or d.pk == item.pk for d in docs):
        raise ActionError("被解读的文件必须是本机关的其他信息。")
    item.interprets.set(docs)


def update_item(actor, item: DisclosureItem, data: dict, change_note: str = "") -> DisclosureItem:
    """Edit a draft in place; a published (or expired) item gets a new version and goes back to review."""
    require_role(actor, item.agency, *EDIT_ROLES)
    with transaction.atomic():
        item = DisclosureItem.objects.select_for_update().get(pk=item.pk)
        _check_state(item, Status.DRAFT, Status.PUBLISHED, Status.EXPIRED)
        before = snapshot(item)
        revising = item.status in PUBLIC_STATES
        if revising:
            if not change_note.strip():
                raise ActionError("修改已公开的信息必须填写变更说明，原版本将保留在历史版本中。")
            ItemVersion.objects.create(
                item=item, number=item.version, data=snapshot(item, VERSION_FIELDS),
                published_on=item.published_on, replaced_by=actor, change_note=change_note.strip()[:300],
            )
            item.version += 1
            item.status = Status.CONTENT_REVIEW
            item.content_reviewed_by = item.secrecy_reviewed_by = None
            search.unindex_item(item)
        _apply(item, data)
        item.save()
        if "interprets" in data:
            _set_interprets(item, data["interprets"])
        b, a = changes(before, snapshot(item))
        record("disclosure.revise" if revising else "disclosure.update", actor=actor, obj=item, before=b, after=a,
               note=change_note)
    return item


def submit_item(actor, item: DisclosureItem) -> DisclosureItem:
    require_role(actor, item.agency, *EDIT_ROLES)
    with transaction.atomic():
        item = DisclosureItem.objects.select_for_update().get(pk=item.pk)
        _check_state(item, Status.DRAFT)
        item.status, item.review_note = Status.CONTENT_REVIEW, ""
        item.save(update_fields=["status", "review_note", "updated_at"])
        record("disclosure.submit", actor=actor, obj=item, before={"status": Status.DRAFT},
               after={"status": item.status})
    return item


def approve_content(actor, item: DisclosureItem, note: str = "") -> DisclosureItem:
    require_role(actor, item.agency, *REVIEW_ROLES)
    with transaction.atomic():
        item = DisclosureItem.objects.select_for_update().get(pk=item.pk)
        _check_state(item, Status.CONTENT_REVIEW)
        item.status, item.content_reviewed_by, item.review_note = Status.SECRECY_REVIEW, actor, note.strip()[:300]
        item.save(update_fields=["status", "content_reviewed_by", "review_note", "updated_at"])
        record("disclosure.content_approve", actor=actor, obj=item, before={"status": Status.CONTENT_REVIEW},
               after={"status": item.status}, note=note)
    return item


def return_to_draft(actor, item: DisclosureItem, note: str) -> DisclosureItem:
    """A reviewer (content or secrecy) sends the item back with the reason."""
    if not note.strip():
        raise ActionError("退回时请写明退回理由，便于公开专员修改。")
    item = DisclosureItem.objects.get(pk=item.pk)
    roles = REVIEW_ROLES if item.status == Status.CONTENT_REVIEW else SECRECY_ROLES
    require_role(actor, item.agency, *roles)
    with transaction.atomic():
        item = DisclosureItem.objects.select_for_update().get(pk=item.pk)
        _check_state(item, Status.CONTENT_REVIEW, Status.SECRECY_REVIEW)
        before = item.status
        item.status, item.review_note = Status.DRAFT, note.strip()[:300]
        item.content_reviewed_by = None
        item.save(update_fields=["status", "review_note", "content_reviewed_by", "updated_at"])
        record("disclosure.return", actor=actor, obj=item, before={"status": before}, after={"status": item.status},
               note=note)
    return item


def _next_index_no(item: DisclosureItem, day: dt.date) -> str:
    conf = DisclosureSettings.objects.filter(agency=item.agency).first()
    pattern = conf.index_pattern if conf else rules.DEFAULT_INDEX_PATTERN
    year = day.year if rules.pattern_uses_year(pattern) else 0
    counter, _ = IndexCounter.objects.select_for_update().get_or_create(agency=item.agency, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return rules.format_index_no(
        pattern, seq=counter.last, year=day.year, month=day.month, credit_code=item.agency.credit_code,
        agency_code=item.agency.slug, category=item.topic,
    )


def _timeliness(item: DisclosureItem, calendar=None) -> rules.Timeliness:
    return rules.timeliness(item.formed_on, item.published_on, calendar or get_calendar(), item.special_deadline_basis)


def approve_secrecy(actor, item: DisclosureItem, note: str = "", published_on: dt.date | None = None) -> DisclosureItem:
    """保密审查 passed: the item is published (first time: 索引号, Art. 26 check, channel publications)."""
    require_role(actor, item.agency, *SECRECY_ROLES)
    with transaction.atomic():
        item = DisclosureItem.objects.select_for_update(of=("self",)).select_related("agency", "node").get(pk=item.pk)
        _check_state(item, Status.SECRECY_REVIEW)
        if item.content_reviewed_by_id and getattr(actor, "pk", None) == item.content_reviewed_by_id:
            raise ActionError("保密审查须由内容审核人以外的人员进行。")
        before = snapshot(item, ["status", "index_no", "published_on", "late"])
        first = item.published_on is None
        if first:
            item.published_on = published_on or _today()
            if item.published_on < item.formed_on:
                raise ActionError("发布日期不能早于成文日期，请核对成文日期。")
            item.index_no = item.index_no or _next_index_no(item, item.published_on)
            t = _timeliness(item)
            item.publication_workdays, item.late = t.workdays, t.late
            for channel in item.channels:
                ItemChannel.objects.get_or_create(item=item, channel=channel, published_on=item.published_on)
        item.status, item.secrecy_reviewed_by = Status.PUBLISHED, actor
        item.save()
        search.index_item(item)
        record("disclosure.publish" if first else "disclosure.republish", actor=actor, obj=item, before=before,
               after=snapshot(item, ["status", "index_no", "published_on", "late"]), note=note)
    return item


def _end(actor, item: DisclosureItem, reason: str, status: str, roles, action: str) -> DisclosureItem:
    if not reason.strip():
        raise ActionError("请填写原因。")
    require_role(actor, item.agency, *roles)
    with transaction.atomic():
        item = DisclosureItem.objects.select_for_update().get(pk=item.pk)
        _check_state(item, Status.PUBLISHED, *( [Status.EXPIRED] if status == Status.WITHDRAWN else []))
        before = item.status
        item.status, item.end_reason, item.ended_on = status, reason.strip()[:300], _today()
        item.save(update_fields=["status", "end_reason", "ended_on", "updated_at"])
        search.index_item(item)
        record(action, actor=actor, obj=item, before={"status": before},
               after={"status": status, "end_reason": item.end_reason}, note=reason)
    return item


def withdraw_item(actor, item: DisclosureItem, reason: str) -> DisclosureItem:
    """撤回: off the portal and out of every count."""
    return _end(actor, item, reason, Status.WITHDRAWN, REVIEW_ROLES, "disclosure.withdraw")


def expire_item(actor, item: DisclosureItem, reason: str) -> DisclosureItem:
    """过期: stays readable, marked as no longer current."""
    return _end(actor, item, reason, Status.EXPIRED, MANAGE_ROLES, "disclosure.expire")


def set_validity(actor, item: DisclosureItem, validity: str, changed_on: dt.date | None, note: str = "") -> DisclosureItem:
    require_role(actor, item.agency, *MANAGE_ROLES)
    if not item.is_normative:
        raise ActionError("只有规章和行政规范性文件才有效力状态。")
    try:
        rules.check_validity_change(item.validity, validity, changed_on, item.effective_on)
    except ValueError as exc:
        raise ActionError(str(exc)) from exc
    with transaction.atomic():
        before = snapshot(item, ["validity", "validity_changed_on"])
        item.validity = validity
        item.validity_changed_on = changed_on if validity != Validity.VALID else None
        item.save(update_fields=["validity", "validity_changed_on", "updated_at"])
        record("disclosure.validity", actor=actor, obj=item, before=before,
               after=snapshot(item, ["validity", "validity_changed_on"]), note=note)
    return item


def add_attachment(actor, item: DisclosureItem, name: str, data: bytes) -> Attachment:
    require_role(actor, item.agency, *EDIT_ROLES)
    if item.status not in (Status.DRAFT,):
        raise ActionError("只能给草稿添加附件；已公开的信息请先修改（生成新版本）。")
    try:
        kind = check_upload(name, data)
    except ValueError as exc:
        raise ActionError(str(exc)) from exc
    safe_name = name.replace("/", "_").replace("\\", "_")[-150:]
    with transaction.atomic():
        item = DisclosureItem.objects.select_for_update().get(pk=item.pk)  # the state may have moved on
        if item.status != Status.DRAFT:
            raise ActionError("只能给草稿添加附件；已公开的信息请先修改（生成新版本）。")
        att = Attachment(item=item, original_name=safe_name, kind=kind, size=len(data),
                         sha256=hashlib.sha256(data).hexdigest())
        att.file.save(f"{att.sha256[:16]}.{kind}", ContentFile(data), save=False)
        att.save()
        record("disclosure.attach", actor=actor, obj=item, after={"attachment": safe_name, "size": len(data)})
    return att


def remove_attachment(actor, attachment: Attachment) -> None:
    item = attachment.item
    require_role(actor, item.agency, *EDIT_ROLES)
    if item.status != Status.DRAFT:
        raise ActionError("只能从草稿中删除附件。")
    with transaction.atomic():
        item = DisclosureItem.objects.select_for_update().get(pk=item.pk)
        if item.status != Status.DRAFT:
            raise ActionError("只能从草稿中删除附件。")
        record("disclosure.detach", actor=actor, obj=item, before={"attachment": attachment.original_name})
        attachment.delete()


def record_publication(actor, item: DisclosureItem, channel: str, published_on: dt.date, account: str = "",
                       url: str = "") -> ItemChannel:
    """One more post of a published item on a channel (a WeChat article, a newspaper…)."""
    require_role(actor, item.agency, *MANAGE_ROLES)
    if channel not in Channel.values:
        raise ActionError("渠道无法识别。")
    if item.published_on is None or item.status == Status.WITHDRAWN:
        raise ActionError("只有已公开的信息才能登记渠道发布。")
    with transaction.atomic():
        item = DisclosureItem.objects.select_for_update().get(pk=item.pk)
        if item.published_on is None or item.status == Status.WITHDRAWN:
            raise ActionError("只有已公开的信息才能登记渠道发布。")
        pub, created = ItemChannel.objects.get_or_create(
            item=item, channel=channel, published_on=published_on, defaults={"account": account, "url": url}
        )
        if not created:
            raise ActionError("这条渠道发布记录已经存在。")
        record("disclosure.channel", actor=actor, obj=item,
               after={"channel": channel, "published_on": published_on, "account": account})
    return pub


def save_tallies(actor, agency, rows: list[tuple[str, dt.date, int, str]]) -> int:
    """Monthly channel tallies (channel, first day of month, count, note): replaces the same months."""
    require_role(actor, agency, *MANAGE_ROLES)
    with transaction.atomic():
        for channel, month, count, note in rows:
            tally, created = ChannelTally.objects.get_or_create(
                agency=agency, channel=channel, month=month, defaults={"count": count, "note": note}
            )
            before = None if created else {"count": tally.count}
            if not created:
                tally.count, tally.note = count, note
                tally.save(update_fields=["count", "note"])
            record("disclosure.tally", actor=actor, obj=tally, agency=agency, before=before,
                   after={"channel": channel, "month": month, "count": count})
    return len(rows)


def import_items(actor, agency, parsed) -> int:
    """Create the validated rows of a ledger import (`excel.parse_ledger`) in one transaction."""
    require_role(actor, agency, *EDIT_ROLES, Role.REVIEWER, Role.LEADER)
    if any(p.published_on for p in parsed) and not has_role(actor, agency, Role.REVIEWER, Role.LEADER):
        raise ActionError("已公开的历史记录须由审核人或分管领导导入。")
    calendar = get_calendar()
    with transaction.atomic():
        for p in parsed:
            item = DisclosureItem(agency=agency, created_by=actor)
            _apply(item, p.data)
            if p.published_on:
                item.status, item.published_on = Status.PUBLISHED, p.published_on
                item.index_no = p.index_no or _next_index_no(item, p.published_on)
                t = rules.timeliness(item.formed_on, item.published_on, calendar, item.special_deadline_basis)
                item.publication_workdays, item.late = t.workdays, t.late
            else:
                item.index_no = p.index_no
            item.save()
            if p.published_on:
                ItemChannel.objects.bulk_create(
                    [ItemChannel(item=item, channel=c, published_on=p.published_on) for c in p.channels]
                )
                search.index_item(item)
            record("disclosure.import", actor=actor, obj=item, after=snapshot(item), note=f"Excel 第{p.row}行")
    return len(parsed)


# --- catalogue, guide, settings ------------------------------------------------------------------
def save_node(actor, agency, *, name: str, parent: CatalogueNode | None = None, sort_order: int = 0,
              art20_item: str = "", node: CatalogueNode | None = None) -> CatalogueNode:
    require_role(actor, agency, *MANAGE_ROLES)
    name = name.strip()
    if not name:
        raise ActionError("请填写栏目名称。")
    if parent is not None and parent.agency_id != agency.id:
        raise ActionError("上级栏目不属于本机关。")
    if node is not None and parent is not None and parent.path.startswith(node.path):
        raise ActionError("不能把栏目移到它自己或它的下级栏目之下。")
    dupe = CatalogueNode.objects.filter(agency=agency, parent=parent, name=name)
    if node is not None:
        dupe = dupe.exclude(pk=node.pk)
    if dupe.exists():
        raise ActionError(f"同一级下已有名为“{name}”的栏目。")
    with transaction.atomic():
        before = snapshot(node) if node else None
        node = node or CatalogueNode(agency=agency)
        node.name, node.parent, node.sort_order, node.art20_item = name, parent, sort_order, art20_item
        node.save()
        record("catalogue.save", actor=actor, obj=node, agency=agency, before=before, after=snapshot(node))
        if before and before.get("parent") != node.parent_id:
            _reindex_node_items(node)
    return node


def _reindex_node_items(node: CatalogueNode) -> None:
    for item in DisclosureItem.objects.public().filter(node_id__in=node.subtree_ids()).select_related("node"):
        search.index_item(item)


def delete_node(actor, node: CatalogueNode) -> None:
    require_role(actor, node.agency, *MANAGE_ROLES)
    if node.children.exists():
        raise ActionError(f"“{node.name}”下还有下级栏目，请先移走或删除它们。")
    if node.items.exists():
        raise ActionError(f"“{node.name}”中还有 {node.items.count()} 条信息，请先把它们移到其他栏目。")
    with transaction.atomic():
        record("catalogue.delete", actor=actor, obj=node, agency=node.agency, before=snapshot(node))
        node.delete()


def save_guide(actor, agency, data: dict) -> Guide:
    require_role(actor, agency, *MANAGE_ROLES)
    missing = [label for field, label in Guide.REQUIRED if not str(data.get(field) or "").strip()]
    if missing:
        raise ActionError("公开指南缺少必备内容：" + "、".join(missing) + "。")
    email = str(data.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ActionError(f"电子邮箱“{email}”格式不正确。") from exc
    with transaction.atomic():
        guide = Guide.objects.filter(agency=agency).first()
        before = snapshot(guide) if guide else None
        guide = guide or Guide(agency=agency)
        for field in [f.name for f in Guide._meta.concrete_fields if f.name not in {"id", "agency", "updated_on"}]:
            if field in data:
                setattr(guide, field, str(data[field] or "").strip())
        guide.updated_on = _today()
        guide.save()
        after = snapshot(guide)
        b, a = changes(before, after) if before else (None, after)
        record("guide.save", actor=actor, obj=guide, agency=agency, before=b, after=a)
    return guide


def set_index_pattern(actor, agency, pattern: str) -> DisclosureSettings:
    require_role(actor, agency, Role.REVIEWER, Role.LEADER)
    try:
        rules.validate_index_pattern(pattern.strip())
    except ValueError as exc:
        raise ActionError(str(exc)) from exc
    with transaction.atomic():
        conf, _ = DisclosureSettings.objects.get_or_create(agency=agency)
        before = {"index_pattern": conf.index_pattern}
        conf.index_pattern = pattern.strip()
        conf.save()
        record("disclosure.settings", actor=actor, obj=conf, agency=agency, before=before,
               after={"index_pattern": conf.index_pattern})
    return conf


# --- the calendar changed: recompute stored Art. 26 results --------------------------------------
def recompute_lateness(years: set[int], actor) -> int:
    """Recompute `late` for published items whose forming-to-publication span touches `years`."""
    calendar = get_calendar()
    changed = 0
    with transaction.atomic():
        qs = DisclosureItem.objects.filter(published_on__isnull=False)
        lo, hi = min(years), max(years)
        qs = qs.filter(formed_on__year__lte=hi, published_on__year__gte=lo)
        for item in qs.select_for_update():
            t = _timeliness(item, calendar)
            if (t.workdays, t.late) != (item.publication_workdays, item.late):
                before = {"publication_workdays": item.publication_workdays, "late": item.late}
                item.publication_workdays, item.late = t.workdays, t.late
                item.save(update_fields=["publication_workdays", "late"])
                record("disclosure.lateness_recomputed", actor=actor, obj=item, before=before,
                       after={"publication_workdays": t.workdays, "late": t.late},
                       note="工作日历变更：" + "、".join(f"{y}年" for y in sorted(years)))
                changed += 1
    return changed
