"""The documents issued on a case (告知书、征求意见函、收费通知书 …), each with its 发文字号, the files as
sent (DOCX and PDF, private storage) and the facts it was made from; and the per-agency, per-kind,
per-year sequence their 序号 come from (no gaps, no duplicates: taken under a row lock in the issuing
transaction, so a rolled-back issue gives its number back)."""

from __future__ import annotations

import secrets

from django.db import models

from gongkai.applications.storage import private_storage
from gongkai.common.models import done_by
from gongkai.rules.documents import DOC_KIND_LABELS


def document_name(instance, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower()[:5]
    return f"documents/{instance.agency_id}/{secrets.token_hex(16)}.{ext}"


class DocumentSequence(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "year"], name="docseq_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.kind} {self.year}: {self.last}"


class DeliveryChannel(models.TextChoices):
    ONLINE = "online", "网上查看（状态页面）"
    POST = "post", "邮寄（签收）"
    PICKUP = "pickup", "当面领取"
    EMAIL = "email", "电子邮件"


class IssuedDocument(models.Model):
    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="documents")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("文书类别", max_length=20, choices=[(k.value, v) for k, v in DOC_KIND_LABELS.items()])
    year = models.PositiveSmallIntegerField("年份")
    serial = models.PositiveIntegerField("序号")
    number = models.CharField("发文字号", max_length=80)
    title = models.CharField("标题", max_length=100)
    recipient = models.CharField("主送", max_length=200)
    issued_on = models.DateField("成文日期")
    issued_by = done_by()
    docx = models.FileField(upload_to=document_name, storage=private_storage, max_length=200)
    pdf = models.FileField(upload_to=document_name, storage=private_storage, max_length=200)
    pages = models.PositiveSmallIntegerField("页数", default=1)
    facts = models.JSONField("成文依据的事实", default=dict)
    delivered_via = models.CharField("送达方式", max_length=12, choices=DeliveryChannel.choices, blank=True)
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "发出的文书"
        verbose_name_plural = "发出的文书"
        ordering = ["issued_on", "id"]
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "year", "serial"], name="issueddoc_unique")]

    def __str__(self) -> str:
        return f"{self.title} {self.number}"

    @property
    def kind_label(self) -> str:
        return self.get_kind_display()

    def file_name(self, fmt: str) -> str:
        return f"{self.title}-{self.number}.{fmt}"
