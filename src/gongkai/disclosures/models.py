"""The 主动公开 ledger: items, their versions, attachments and channel publications, the agency's 公开目录
(a node tree) and 公开指南, monthly channel tallies and per-agency settings.

State changes go through `disclosures.actions`; nothing here mutates state on its own. The one thing kept
here is a copy: each channel publication (`ItemChannel`) carries its item's agency and whether the item
counts (`DisclosureItem.is_counted`), so that the channel figures read the publications alone
(`disclosures.reporting`). `DisclosureItem.save` brings its publications' copy in step, `ItemChannel.save`
takes it from the item, and bulk writers (`bulk_create`, raw SQL) must set both columns (NOT NULL, no
default: a writer that forgets fails loudly); loaddata of publications written without the copy (a backup
made before migration 0009) takes it in `disclosures.receivers`. A queryset `.update()` of an item's agency,
status or published_on would bypass it: use `save()` (or `ItemChannel.sync_with`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from gongkai.agencies.scoping import AgencyScopedQuerySet
from gongkai.applications.storage import private_storage
from gongkai.common.models import AgencyOwned, done_by
from gongkai.common.tree import PathTree
from gongkai.rules import disclosure as rules


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    CONTENT_REVIEW = "content_review", "待内容审核"
    SECRECY_REVIEW = "secrecy_review", "待保密审查"
    PUBLISHED = "published", "已公开"
    WITHDRAWN = "withdrawn", "已撤回"
    EXPIRED = "expired", "已过期"


PUBLIC_STATES = (Status.PUBLISHED, Status.EXPIRED)


class DocType(models.TextChoices):
    ORDINARY = "ordinary", "一般信息"
    REGULATION = "regulation", "规章"
    NORMATIVE = "normative", "行政规范性文件"
    INTERPRETATION = "interpretation", "政策解读"


NORMATIVE_TYPES = (DocType.REGULATION, DocType.NORMATIVE)


class Validity(models.TextChoices):
    VALID = rules.Validity.VALID.value, "有效"
    REVISED = rules.Validity.REVISED.value, "已修订"
    REPEALED = rules.Validity.REPEALED.value, "已废止"
    EXPIRED = rules.Validity.EXPIRED.value, "已失效"


class Channel(models.TextChoices):
    WEBSITE = "website", "政府网站"
    WECHAT = "wechat", "政务微信"
    WEIBO = "weibo", "政务微博"
    OTHER_NEW_MEDIA = "other_new_media", "其他政务新媒体"
    PRESS = "press", "报刊、广播、电视"
    SERVICE_HALL = "service_hall", "政务服务场所"


NEW_MEDIA = (Channel.WECHAT, Channel.WEIBO, Channel.OTHER_NEW_MEDIA)
TRADITIONAL = (Channel.PRESS, Channel.SERVICE_HALL)


class DisclosureSettings(AgencyOwned):
    agency = models.OneToOneField("agencies.Agency", on_delete=models.CASCADE, related_name="disclosure_settings")
    index_pattern = models.CharField("索引号规则", max_length=100, default=rules.DEFAULT_INDEX_PATTERN)

    class Meta:
        verbose_name = "公开设置"
        verbose_name_plural = "公开设置"

    def __str__(self) -> str:
        return f"{self.agency} 公开设置"


class IndexCounter(AgencyOwned):
    """The last 序号 used per agency and year (year 0 when the pattern has no {年})."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="unique_index_counter")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


class CatalogueNode(AgencyOwned, PathTree):
    agency = models.ForeignKey("agencies.Agency", verbose_name="机关", on_delete=models.CASCADE, related_name="catalogue")
    parent = models.ForeignKey(
        "self", verbose_name="上级栏目", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField("栏目名称", max_length=60)
    sort_order = models.PositiveIntegerField("排序", default=0)
    art20_item = models.CharField("默认第二十条事项", max_length=8, blank=True, choices=rules.art20_choices())

    class Meta:
        verbose_name = "公开目录栏目"
        verbose_name_plural = "公开目录栏目"
        ordering = ["agency", "path"]
        constraints = [models.UniqueConstraint(fields=["agency", "parent", "name"], name="unique_node_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def subtree_ids(self) -> list[int]:
        return list(CatalogueNode.objects.filter(path__startswith=self.path).order_by().values_list("id", flat=True))

    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p]


class Guide(AgencyOwned):
    """政府信息公开指南: the elements every guide must have are separate required fields."""

    REQUIRED = [
        ("office", "政府信息公开工作机构名称"),
        ("address", "办公地址"),
        ("office_hours", "办公时间"),
        ("phone", "联系电话"),
        ("proactive_scope", "主动公开的范围"),
        ("proactive_channels", "主动公开的方式和渠道"),
        ("application_channels", "依申请公开的受理机构和提交渠道"),
        ("application_process", "依申请公开的办理程序和答复期限"),
        ("fees", "收费标准"),
        ("remedies", "监督和救济途径"),
    ]

    agency = models.OneToOneField("agencies.Agency", on_delete=models.CASCADE, related_name="disclosure_guide")
    intro = models.TextField("概述", blank=True)
    office = models.CharField("政府信息公开工作机构名称", max_length=100)
    address = models.CharField("办公地址", max_length=200)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    office_hours = models.CharField("办公时间", max_length=100)
    phone = models.CharField("联系电话", max_length=40)
    fax = models.CharField("传真", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    proactive_scope = models.TextField("主动公开的范围")
    proactive_channels = models.TextField("主动公开的方式和渠道")
    application_channels = models.TextField("依申请公开的受理机构和提交渠道")
    application_process = models.TextField("依申请公开的办理程序和答复期限")
    fees = models.TextField("收费标准")
    remedies = models.TextField("监督和救济途径")
    updated_on = models.DateField("更新日期")

    class Meta:
        verbose_name = "公开指南"
        verbose_name_plural = "公开指南"

    def __str__(self) -> str:
        return f"{self.agency}政府信息公开指南"


class DisclosureItemQuerySet(AgencyScopedQuerySet):
    def public(self):
        return self.filter(status__in=PUBLIC_STATES)

    def counted(self):
        """Items counted as disclosed in a year: published at some time and not withdrawn."""
        return self.filter(published_on__isnull=False).exclude(status=Status.WITHDRAWN)


class DisclosureItem(models.Model):
    agency = models.ForeignKey("agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="disclosures")
    node = models.ForeignKey(
        CatalogueNode, verbose_name="公开目录栏目", null=True, blank=True, on_delete=models.PROTECT, related_name="items"
    )
    title = models.CharField("标题", max_length=300)
    index_no = models.CharField("索引号", max_length=80, blank=True, db_index=True)
    doc_no = models.CharField("文号", max_length=100, blank=True)
    publisher = models.CharField("发布机构", max_length=100)
    formed_on = models.DateField("成文日期")
    published_on = models.DateField("发布日期", null=True, blank=True)
    topic = models.CharField("主题分类", max_length=2, choices=rules.TOPICS, default="01")
    art20_item = models.CharField("第二十条事项", max_length=8, blank=True, choices=rules.art20_choices())
    art21_extra = models.CharField("第二十一条事项", max_length=10, blank=True)
    doc_type = models.CharField("信息类型", max_length=16, choices=DocType.choices, default=DocType.ORDINARY)
    body = models.TextField("正文", blank=True)  # sanitized HTML (nh3) — see disclosures.sanitize
    channels = models.JSONField("公开渠道", default=list, blank=True)  # planned channels, recorded on publication
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField("版本", default=1)
    # Art. 26 timeliness, stored at publication and recomputed when the calendar changes.
    special_deadline_basis = models.CharField("特别公开期限依据", max_length=200, blank=True)
    publication_workdays = models.IntegerField("形成至公开工作日数", null=True, blank=True)
    late = models.BooleanField("超期公开", default=False, db_index=True)
    # normative documents (规章 / 行政规范性文件)
    validity = models.CharField("效力状态", max_length=10, choices=Validity.choices, blank=True)
    effective_on = models.DateField("施行日期", null=True, blank=True)
    validity_changed_on = models.DateField("效力变更日期", null=True, blank=True)
    # 有效期至: a normative document's own term of validity (e.g. five years); the dashboard lists those lapsing
    valid_until = models.DateField("有效期至", null=True, blank=True)
    # 政策解读
    requires_interpretation = models.BooleanField("需要解读", default=False)
    interprets = models.ManyToManyField(
        "self", verbose_name="解读的文件", symmetrical=False, blank=True, related_name="interpretations"
    )
    # 《条例》第四十四条: the applications this item was made from (转为主动公开); shown to staff only
    source_applications = models.ManyToManyField("applications.Application", verbose_name="来源申请", blank=True,
                                                 related_name="promoted_items")
    end_reason = models.CharField("撤回或过期原因", max_length=300, blank=True)
    ended_on = models.DateField("撤回或过期日期", null=True, blank=True)
    content_reviewed_by = done_by()
    secrecy_reviewed_by = done_by()
    review_note = models.CharField("审核意见", max_length=300, blank=True)
    created_by = done_by()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DisclosureItemQuerySet.as_manager()

    class Meta:
        verbose_name = "主动公开信息"
        verbose_name_plural = "主动公开信息"
        ordering = ["-published_on", "-id"]
        indexes = [
            # public lists: walk a node's (or agency's) items in date order; status is in the index so that
            # counting needs no table lookups
            models.Index(fields=["node", "published_on", "id", "status"], name="disc_node_list"),
            models.Index(fields=["agency", "published_on", "id", "status"], name="disc_agency_list"),
            models.Index(fields=["agency", "doc_type", "published_on"], name="disc_agency_type"),
            # covers the annual report's per-agency aggregates (reports/batch.py) without touching the rows
            models.Index(fields=["agency", "doc_type", "published_on", "formed_on", "status", "validity",
                                 "validity_changed_on", "effective_on"], name="disc_report_cover"),
            # Art. 26 “published late” counts per agency and period (the dashboard, the annual report): about one
            # item in a hundred is late, so this small index answers them without reading the year's items
            models.Index(fields=["agency", "published_on", "status"], name="disc_late",
                         condition=models.Q(late=True)),
            # the dashboard's “validity lapses within 90 days” list: a range on valid_until (NULL for most items)
            models.Index(fields=["valid_until", "agency"], name="disc_valid_until",
                         condition=models.Q(valid_until__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("disclosures_public:item", args=[self.agency.slug, self.pk])

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATES

    @property
    def is_normative(self) -> bool:
        return self.doc_type in NORMATIVE_TYPES

    @property
    def is_counted(self) -> bool:
        """Counted as disclosed (the same test as `DisclosureItemQuerySet.counted`): published at some time
        and not withdrawn. Copied onto its channel publications (`ItemChannel.counted`)."""
        return self.published_on is not None and self.status != Status.WITHDRAWN

    # the item fields its publications copy (ItemChannel.agency, ItemChannel.counted)
    PUBLICATION_COPY = frozenset({"agency", "agency_id", "status", "published_on"})

    def save(self, *args, **kwargs) -> None:
        adding = self._state.adding
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = frozenset(kwargs["update_fields"])  # read twice (a generator would not be)
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if not adding and (fields is None or self.PUBLICATION_COPY & fields):
            ItemChannel.sync_with(self)

    @property
    def art20_label(self) -> str:
        return dict(rules.art20_choices()).get(self.art20_item, "")

    @property
    def art21_label(self) -> str:
        return rules.art21_label(self.art21_extra)

    @property
    def channel_labels(self) -> list[str]:
        names = dict(Channel.choices)
        return [names[c] for c in self.channels if c in names]


class ItemVersion(models.Model):
    """A published version replaced by a change: its content as it was, and why it changed."""

    item = models.ForeignKey(DisclosureItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本")
    data = models.JSONField("内容")
    published_on = models.DateField("原发布日期", null=True, blank=True)
    replaced_at = models.DateTimeField("替换时间", auto_now_add=True)
    replaced_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    change_note = models.CharField("变更说明", max_length=300)

    class Meta:
        verbose_name = "历史版本"
        verbose_name_plural = "历史版本"
        ordering = ["item", "-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="unique_item_version")]

    def __str__(self) -> str:
        return f"{self.item} 第{self.number}版"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"disclosures/{instance.item.agency_id}/{instance.item_id}/{filename}"


class Attachment(models.Model):
    item = models.ForeignKey(DisclosureItem, on_delete=models.CASCADE, related_name="attachments")
    # Private storage: served only by disclosures.views_attachments, which checks the item is public now.
    file = models.FileField("附件", upload_to=attachment_path, max_length=255, storage=private_storage)
    original_name = models.CharField("文件名", max_length=200)
    kind = models.CharField("类型", max_length=8)  # pdf, docx, doc, xlsx, xls
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # extracted once at upload (disclosures.attachment_text), indexed with the item when it is published
    text = models.TextField("检索文本", blank=True, default="", editable=False)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["item", "id"]

    def __str__(self) -> str:
        return self.original_name


class ItemChannel(models.Model):
    """One publication of an item on a channel (the website, a WeChat post, a newspaper…).

    `agency` and `counted` copy the item's agency and `is_counted`, so that the channel figures filter this
    table alone instead of joining every publication with its item (at 5,000,000 items the join dominated
    the dashboard); see the module docstring for who keeps them in step."""

    item = models.ForeignKey(DisclosureItem, on_delete=models.CASCADE, related_name="publications")
    agency = models.ForeignKey("agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="+",
                               editable=False)
    counted = models.BooleanField("计入统计", editable=False)
    channel = models.CharField("渠道", max_length=20, choices=Channel.choices)
    published_on = models.DateField("发布日期")
    account = models.CharField("账号或载体", max_length=100, blank=True)
    url = models.URLField("链接", blank=True)

    class Meta:
        verbose_name = "渠道发布"
        verbose_name_plural = "渠道发布"
        ordering = ["item", "published_on"]
        indexes = [
            models.Index(fields=["channel", "published_on"], name="disc_channel_day"),
            # the channel figures (disclosures.reporting): an agency's counted publications in a date range,
            # grouped by channel (and day) without touching the rows
            models.Index(fields=["agency", "published_on", "channel"], name="disc_channel_agency_day",
                         condition=models.Q(counted=True)),
        ]
        constraints = [
            models.UniqueConstraint(fields=["item", "channel", "published_on"], name="unique_item_channel_day")
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.get_channel_display()}"

    def save(self, *args, **kwargs) -> None:
        self.copy_from(self.item)
        super().save(*args, **kwargs)

    def copy_from(self, item: DisclosureItem) -> ItemChannel:
        """Take the item's agency and counted state (for writers that build rows for `bulk_create`)."""
        self.agency_id, self.counted = item.agency_id, item.is_counted
        return self

    @classmethod
    def sync_with(cls, item: DisclosureItem) -> int:
        """Bring the item's publications' copy in step with the item as it is now (one UPDATE of the
        rows that differ); returns how many changed."""
        return (cls.objects.filter(item=item).exclude(agency_id=item.agency_id, counted=item.is_counted)
                .update(agency_id=item.agency_id, counted=item.is_counted))


class ChannelTally(AgencyOwned):
    """Posts on a channel in one month, recorded as a number (imported from Excel)."""

    agency = models.ForeignKey("agencies.Agency", verbose_name="机关", on_delete=models.CASCADE)
    channel = models.CharField("渠道", max_length=20, choices=Channel.choices)
    month = models.DateField("月份")  # the first day of the month
    count = models.PositiveIntegerField("条数")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "渠道月度统计"
        verbose_name_plural = "渠道月度统计"
        ordering = ["agency", "month", "channel"]
        constraints = [models.UniqueConstraint(fields=["agency", "channel", "month"], name="unique_channel_month")]

    def __str__(self) -> str:
        return f"{self.agency} {self.month:%Y-%m} {self.get_channel_display()} {self.count}"


class SearchDoc(models.Model):
    """The search text of a public item. `id` is the sort key (publication day and item id), so the
    full-text indexes (FTS5 on SQLite, a GIN-indexed bigram array on PostgreSQL, both created by
    migration 0002 with raw SQL) return rows already in date order."""

    id = models.BigIntegerField(primary_key=True)
    item = models.OneToOneField(DisclosureItem, on_delete=models.CASCADE, related_name="search_doc")
    text = models.TextField()
    tags = models.CharField(max_length=255)  # " ag3 nd7 nd9 it04 ": agency, node and ancestors, Art. 20 item

    class Meta:
        verbose_name = "检索文本"
        verbose_name_plural = "检索文本"

    def __str__(self) -> str:
        return f"{self.item_id}"
