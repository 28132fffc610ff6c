"""行政复议 / 行政诉讼 concerning 政府信息公开 (table 4 of the annual report)."""

from django.db import models

from gongkai.common.models import AgencyOwned
from gongkai.rules.formats import TABLE4_GROUPS, TABLE4_RESULTS, TABLE4_SUPER_GROUP


def _group_label(group: tuple[str, str, str]) -> str:
    """行政复议 stays; the two lawsuit groups print under 行政诉讼 in table 4, so they get it as a prefix."""
    key, label, _ = group
    return label if key == TABLE4_GROUPS[0][0] else f"{TABLE4_SUPER_GROUP}（{label}）"


_GROUPS = {g[0]: _group_label(g) for g in TABLE4_GROUPS}
_RESULTS = {key: label.removeprefix("结果") for key, label in TABLE4_RESULTS}  # 结果维持 → 维持


class AppealKind(models.TextChoices):
    RECONSIDERATION = TABLE4_GROUPS[0][0], _GROUPS[TABLE4_GROUPS[0][0]]
    LAWSUIT_DIRECT = TABLE4_GROUPS[1][0], _GROUPS[TABLE4_GROUPS[1][0]]
    LAWSUIT_AFTER = TABLE4_GROUPS[2][0], _GROUPS[TABLE4_GROUPS[2][0]]


class AppealResult(models.TextChoices):
    """The table-4 results of one case (the 总计 column is a sum, not a result)."""

    UPHELD = TABLE4_RESULTS[0][0], _RESULTS[TABLE4_RESULTS[0][0]]
    CORRECTED = TABLE4_RESULTS[1][0], _RESULTS[TABLE4_RESULTS[1][0]]
    OTHER = TABLE4_RESULTS[2][0], _RESULTS[TABLE4_RESULTS[2][0]]
    PENDING = TABLE4_RESULTS[3][0], _RESULTS[TABLE4_RESULTS[3][0]]


class Appeal(AgencyOwned):
    agency = models.ForeignKey("agencies.Agency", verbose_name="被申请/被诉机关", on_delete=models.PROTECT,
                               related_name="appeals")
    application = models.ForeignKey("applications.Application", verbose_name="关联申请", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="appeals")
    kind = models.CharField("类型", max_length=40, choices=AppealKind.choices)
    case_no = models.CharField("案号", max_length=100, blank=True)
    appellant = models.CharField("申请人/原告", max_length=100, blank=True)
    body = models.CharField("复议机关/审理法院", max_length=100, blank=True)
    filed_on = models.DateField("申请/立案日期", db_index=True)
    result = models.CharField("结果", max_length=12, choices=AppealResult.choices, default=AppealResult.PENDING)
    closed_on = models.DateField("审结日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "行政复议/诉讼"
        verbose_name_plural = "行政复议/诉讼"
        ordering = ["-filed_on", "-id"]
        indexes = [models.Index(fields=["agency", "filed_on"], name="appeal_agency_filed")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_no or self.filed_on}"
