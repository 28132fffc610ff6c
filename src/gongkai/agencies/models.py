"""Agencies (行政机关) as a tree, and staff membership with a role per agency."""

from django.conf import settings
from django.db import models

from gongkai.common.tree import PathTree


class Level(models.TextChoices):
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡级"


class Kind(models.TextChoices):
    GOVERNMENT = "government", "人民政府"
    DEPARTMENT = "department", "政府部门"
    DISPATCHED = "dispatched", "派出机构"
    OTHER = "other", "其他"


class Role(models.TextChoices):
    OFFICER = "officer", "公开专员"
    REVIEWER = "reviewer", "审核人"
    SECRECY_REVIEWER = "secrecy_reviewer", "保密审查员"
    LEADER = "leader", "分管领导"
    SUPERVISOR = "supervisor", "政务公开办"
    AUDITOR = "auditor", "安全审计员"
    SYSADMIN = "sysadmin", "系统管理员"


# Roles that handle an agency's business data (not the auditor, not the sysadmin: separation of duties).
BUSINESS_ROLES = frozenset({Role.OFFICER, Role.REVIEWER, Role.SECRECY_REVIEWER, Role.LEADER, Role.SUPERVISOR})


class AgencyQuerySet(models.QuerySet):
    def subtree(self, agency: "Agency") -> "AgencyQuerySet":
        return self.filter(path__startswith=agency.path)

    def visible_to(self, user, roles=None) -> "AgencyQuerySet":
        from gongkai.agencies.scoping import visible_agency_ids

        return self.filter(id__in=visible_agency_ids(user, roles))


class Agency(PathTree):
    parent = models.ForeignKey(
        "self", verbose_name="上级机关", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField("机关名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=50, blank=True)
    slug = models.SlugField("网址标识", max_length=50, unique=True, allow_unicode=False)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    level = models.CharField("层级", max_length=10, choices=Level.choices, default=Level.CITY)
    kind = models.CharField("类型", max_length=12, choices=Kind.choices, default=Kind.DEPARTMENT)
    address = models.CharField("地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    phone = models.CharField("电话", max_length=40, blank=True)
    website = models.URLField("网站", blank=True)
    disclosure_office = models.CharField("政府信息公开工作机构", max_length=100, blank=True)
    office_hours = models.CharField("办公时间", max_length=100, blank=True)
    may_receive_applications = models.BooleanField("受理政府信息公开申请", default=True)
    # what the letters to applicants print (公文 发文字号, 救济途径, contact block)
    doc_code = models.CharField("发文机关代字", max_length=30, blank=True,
                                help_text="发文字号中的机关代字，如“泸统”；不填则用简称或全称。")
    reconsideration_body = models.CharField("行政复议机关", max_length=100, blank=True,
                                            help_text="不填则为本级人民政府（政府为上一级人民政府）；垂直管理系统请填写上一级主管部门。")
    court = models.CharField("行政诉讼管辖法院", max_length=100, blank=True,
                             help_text="答复告知书中写明的人民法院，不填则写“有管辖权的人民法院”。")
    contact_person = models.CharField("依申请公开联系人", max_length=50, blank=True)
    contact_phone = models.CharField("依申请公开联系电话", max_length=40, blank=True,
                                     help_text="告知书中的联系电话，不填则用机关电话。")
    reply_signoff = models.BooleanField(
        "不予公开等答复须经审核签发", default=True,
        help_text="部分公开、不予公开、无法提供、不予处理的答复告知书，须经审核人或分管领导签发后才能发出。")
    sort_order = models.PositiveIntegerField("排序", default=0)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = "行政机关"
        verbose_name_plural = "行政机关"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_government(self) -> bool:
        return self.kind == Kind.GOVERNMENT

    @property
    def letter_code(self) -> str:
        """The 机关代字 of its letters' 发文字号."""
        return self.doc_code or self.short_name or self.name

    @property
    def letter_phone(self) -> str:
        return self.contact_phone or self.phone

    def reconsideration_body_name(self) -> str:
        """The 复议机关 its letters name: configured, or by the default rule of rules.remedies."""
        if self.reconsideration_body:
            return self.reconsideration_body
        from gongkai.rules.remedies import default_reconsideration_body

        govs = [a for a in self.ancestors() if a.kind == Kind.GOVERNMENT]
        own = self if self.is_government else (govs[-1] if govs else None)
        upper = [g for g in govs if own is None or g.pk != own.pk]
        return default_reconsideration_body(is_government=self.is_government,
                                            own_government=own.name if own else "",
                                            upper_government=upper[-1].name if upper else "")

    def ancestors(self):
        ids = [int(p) for p in self.path.strip("/").split("/")[:-1] if p]
        return Agency.objects.filter(id__in=ids).order_by("path")

    def descendants(self, include_self: bool = False):
        qs = Agency.objects.subtree(self)
        return qs if include_self else qs.exclude(pk=self.pk)


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "岗位"
        verbose_name_plural = "岗位"
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"
