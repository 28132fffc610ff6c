"""The annual report (政府信息公开工作年度报告) and the figures entered by hand for its table 2."""

from __future__ import annotations

import datetime as dt

from django.db import models

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import AgencyScopedQuerySet, visible_agency_ids
from gongkai.common.models import AgencyOwned, done_by
from gongkai.rules.report_data import ReportData
from gongkai.rules.report_deadline import publication_deadline


class Format(models.TextChoices):
    F2019 = "2019", "2019年格式（国办公开办函〔2019〕60号）"
    F2021 = "2021", "2021年格式（国办公开办函〔2021〕30号）"


class State(models.TextChoices):
    DRAFT = "draft", "草稿"
    REVIEWED = "reviewed", "已审核"
    PUBLISHED = "published", "已发布"


EDITABLE_SECTIONS = ("一", "一续", "二", "三", "四", "五", "六")
SECTION_LABELS = {
    "一": "一、总体情况：开头概述（排在自动生成的数字段落之前）",
    "一续": "一、总体情况：续写（政府信息管理、平台建设、监督保障等，排在数字段落之后）",
    "二": "二、主动公开政府信息情况：表下说明",
    "三": "三、收到和处理政府信息公开申请情况：表下说明",
    "四": "四、政府信息公开行政复议、行政诉讼情况：表下说明",
    "五": "五、存在的主要问题及改进情况",
    "六": "六、其他需要报告的事项（2021年格式自动写入信息处理费情况，此处内容接在其后）",
}


def deadline_for(agency, year: int) -> dt.date:
    """Art. 49 (rules.report_deadline) for this agency."""
    return publication_deadline(year, agency.is_government)


# A government roll-up sums (and drills into) its departments' figures: it is compiled by the
# 政务公开办 (supervisor) and approved by the government's 审核人 and 分管领导; the government's
# 公开专员 drafts the government's own report, not the roll-up, and does not see it (design.md, roles).
ROLLUP_VIEW_ROLES = (Role.SUPERVISOR, Role.REVIEWER, Role.LEADER)


class ReportQuerySet(AgencyScopedQuerySet):
    def for_user(self, user, roles=None):
        """The reports `user` may see: those of its agencies, roll-ups only where it holds one of
        ROLLUP_VIEW_ROLES (a supervisor's also below it)."""
        rollup_ok = visible_agency_ids(user, ROLLUP_VIEW_ROLES)
        return super().for_user(user, roles).filter(models.Q(is_rollup=False) | models.Q(agency_id__in=rollup_ok))


class AnnualReport(models.Model):
    agency = models.ForeignKey("agencies.Agency", verbose_name="机关", on_delete=models.PROTECT,
                               related_name="annual_reports")
    year = models.PositiveSmallIntegerField("报告年度")
    format = models.CharField("报告格式", max_length=4, choices=Format.choices)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT, db_index=True)
    is_rollup = models.BooleanField("政府汇总报告", default=False,
                                    help_text="汇总本级政府及所选部门的表格数据")
    members = models.ManyToManyField("agencies.Agency", verbose_name="汇总的部门", blank=True,
                                     related_name="rollup_reports")
    texts = models.JSONField("可编辑正文", default=dict, blank=True)  # section number -> text
    data = models.JSONField("报告数据", default=dict, blank=True)  # ReportData JSON (tables, sections, findings)
    computed_at = models.DateTimeField("数据生成时间", null=True, blank=True)
    reviewed_by = done_by("审核人")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    published_by = done_by("发布人")
    published_at = models.DateTimeField("发布时间", null=True, blank=True, db_index=True)
    override_reason = models.TextField("带错误发布的理由", blank=True)
    published_version = models.PositiveIntegerField("发布版本", default=0,
                                                    help_text="每次发布加一；门户下载的文件按此版本保存")
    first_published_at = models.DateTimeField("首次发布时间", null=True, blank=True,
                                              help_text="第一版在门户网站发布的时间，按期发布据此判断；更正重发不改变")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ["-year", "agency__path"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "format"], name="unique_report_per_agency_year_format")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告"

    @property
    def report_data(self) -> ReportData:
        if not self.data:
            return ReportData.empty(self.format, agency=self.agency.name, year=self.year)
        return ReportData.from_json(self.data)

    @property
    def findings(self) -> list[dict]:
        return list(self.data.get("findings", [])) if self.data else []

    @property
    def errors(self) -> list[dict]:
        return [f for f in self.findings if f.get("severity") == "error"]

    @property
    def warnings(self) -> list[dict]:
        return [f for f in self.findings if f.get("severity") == "warning"]

    @property
    def deadline(self) -> dt.date:
        return deadline_for(self.agency, self.year)

    @property
    def published_late(self) -> bool:
        """Published after the Art. 49 deadline, judged by the first publication on the portal (a
        corrected version published later does not make a report late, nor an early one on time)."""
        first = self.first_published_at or self.published_at
        if first is None:
            return False
        from django.utils import timezone

        return timezone.localdate(first) > self.deadline


class ManualFigure(AgencyOwned):
    """A table-2 figure no ledger holds (行政许可/处罚/强制 decisions, 收费, 政府集中采购), entered by hand
    with its source noted. Keyed by the format spec's row and column keys."""

    agency = models.ForeignKey("agencies.Agency", verbose_name="机关", on_delete=models.PROTECT,
                               related_name="manual_figures")
    year = models.PositiveSmallIntegerField("统计年度")
    row_key = models.CharField("行", max_length=30)
    column_key = models.CharField("列", max_length=30)
    value = models.DecimalField("数值", max_digits=18, decimal_places=6)
    source = models.CharField("数据来源", max_length=200)
    entered_by = done_by("填报人")
    entered_at = models.DateTimeField("填报时间", auto_now=True)

    class Meta:
        verbose_name = "手工填报数"
        verbose_name_plural = "手工填报数"
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "row_key", "column_key"], name="unique_manual_figure")
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year} {self.row_key}/{self.column_key} = {self.value}"


class PublishedVersion(models.Model):
    """One publication of a report on the portal, kept for good: the figures and text as published,
    when and by whom, the SHA-256 of its JSON file, and — from the second version on — the 更正说明
    that says what changed. Nothing deletes or rewrites a version (a report with versions cannot be
    deleted), so a published report cannot be replaced silently."""

    report = models.ForeignKey(AnnualReport, verbose_name="年度报告", on_delete=models.PROTECT,
                               related_name="versions")
    version = models.PositiveIntegerField("发布版本")
    published_at = models.DateTimeField("发布时间")
    published_by = models.CharField("发布人", max_length=150)
    correction = models.TextField("更正说明", blank=True)
    override_reason = models.TextField("带错误发布的理由", blank=True)
    data = models.JSONField("报告数据")  # ReportData JSON as published
    sha256 = models.CharField("SHA-256（JSON文件）", max_length=64)

    class Meta:
        verbose_name = "年度报告发布版本"
        verbose_name_plural = "年度报告发布版本"
        ordering = ["report", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["report", "version"], name="unique_report_version")
        ]

    def __str__(self) -> str:
        return f"{self.report_id} 第{self.version}版"


class PublishedFile(models.Model):
    """A download of a published version (PDF, Word, …), rendered once and served as stored bytes
    (anonymous portal visitors never make the server lay out a PDF), with its SHA-256. Files of every
    version are kept: an earlier version stays downloadable with the hash the portal shows."""

    report = models.ForeignKey(AnnualReport, verbose_name="年度报告", on_delete=models.CASCADE,
                               related_name="published_files")
    version = models.PositiveIntegerField("发布版本")
    ext = models.CharField("文件格式", max_length=5)
    content = models.BinaryField("文件内容")
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    rendered_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = "已发布报告文件"
        verbose_name_plural = "已发布报告文件"
        constraints = [
            models.UniqueConstraint(fields=["report", "version", "ext"], name="unique_published_file")
        ]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.version}.{self.ext}"


class ReminderSent(models.Model):
    """A deadline reminder already sent (so the daily task sends each one once)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    days_before = models.SmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "年度报告提醒"
        verbose_name_plural = "年度报告提醒"
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "days_before"], name="unique_report_reminder")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year} T-{self.days_before}"
from gongkai.reports.models_audit import AuditBatch, AuditItem, BatchState  # noqa: E402,F401  (the batch audit)
