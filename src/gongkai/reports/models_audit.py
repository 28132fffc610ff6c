"""The supervisor's batch audit (issue 10 item 5): a batch of member reports uploaded together (a ZIP
or many files), audited in the background; each file's summary and findings are kept."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class BatchState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "审核中"
    DONE = "done", "已完成"
    FAILED = "failed", "审核中断"


class AuditBatchQuerySet(models.QuerySet):
    def for_user(self, user):
        """A supervisor sees the batches it uploaded, and no one else's."""
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(owner_id=user.pk)


class AuditBatch(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.CASCADE,
                              related_name="audit_batches")
    agency = models.ForeignKey("agencies.Agency", verbose_name="政务公开办", on_delete=models.PROTECT,
                               related_name="audit_batches")
    name = models.CharField("名称", max_length=200)
    state = models.CharField("状态", max_length=10, choices=BatchState.choices, default=BatchState.QUEUED)
    total = models.PositiveIntegerField("文件数", default=0)
    done = models.PositiveIntegerField("已审核", default=0)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)

    objects = AuditBatchQuerySet.as_manager()

    class Meta:
        verbose_name = "批量审核"
        verbose_name_plural = "批量审核"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.total} 份）"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def finished(self) -> bool:
        return self.state in (BatchState.DONE, BatchState.FAILED)


class AuditItem(models.Model):
    batch = models.ForeignKey(AuditBatch, verbose_name="批量审核", on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField("序号")
    name = models.CharField("文件名", max_length=300)
    content = models.BinaryField("文件内容", default=b"")  # emptied once audited
    audited = models.BooleanField("已审核", default=False)
    readable = models.BooleanField("可读取", default=True)
    problem = models.TextField("无法读取的原因", blank=True)
    agency_name = models.CharField("单位", max_length=200, blank=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    format = models.CharField("格式", max_length=4, blank=True)
    kind = models.CharField("文件类型", max_length=10, blank=True)
    errors = models.PositiveIntegerField("错误", default=0)
    warnings = models.PositiveIntegerField("警告", default=0)
    published = models.DateField("发布日期", null=True, blank=True)
    on_time = models.BooleanField("按时发布", null=True, blank=True)
    copied = models.BooleanField("内容雷同", null=True, blank=True)
    result = models.JSONField("审核结果", default=dict, blank=True)  # the interchange, without sections

    class Meta:
        verbose_name = "批量审核文件"
        verbose_name_plural = "批量审核文件"
        ordering = ["batch", "position"]
        constraints = [models.UniqueConstraint(fields=["batch", "position"], name="unique_audit_item_position")]

    def __str__(self) -> str:
        return self.name

    @property
    def findings(self) -> list[dict]:
        return list(self.result.get("findings", []))
