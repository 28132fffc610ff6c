"""依申请公开 applications: the case, its clock entries (the input of rules.clock) and attachments.

The deadline state (due date, paused, provisional …) is materialized on the Application row by
`applications.deadlines.refresh` on every event, so due-soon/overdue lists are indexed queries.
The case timeline is the journal (journal.Event rows for the application).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.agencies.scoping import AgencyScopedQuerySet
from gongkai.applications.storage import attachment_name, private_storage
from gongkai.common.privacy import Masked, mask_email, mask_id, mask_name, mask_phone, mask_text
from gongkai.rules.fees import FEE_METHOD_LABELS
from gongkai.rules.formats import APPLICANT_TYPES
from gongkai.rules.outcomes import OUTCOME_CHOICES
from gongkai.rules.receipt import CHANNEL_LABELS


class State(models.TextChoices):
    REGISTERED = "registered", "登记"
    REVIEW = "review", "审核"
    HANDLING = "handling", "办理"
    REPLIED = "replied", "答复"
    ARCHIVED = "archived", "归档"


OPEN_STATES = (State.REGISTERED, State.REVIEW, State.HANDLING)


class IdType(models.TextChoices):
    ID_CARD = "id_card", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO = "hk_macao", "港澳居民来往内地通行证"
    TAIWAN = "taiwan", "台湾居民来往大陆通行证"
    OTHER = "other", "其他有效证件"


class ProvisionForm(models.TextChoices):
    PAPER = "paper", "纸质文本"
    ELECTRONIC = "electronic", "电子文件"


class DeliveryMethod(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "当面领取"
    ONLINE = "online", "网上查看"


class PauseReason(models.TextChoices):
    NONE = "", "—"
    THIRD_PARTY = "third_party", "征求第三方意见"
    INTER_AGENCY = "inter_agency", "征求其他机关意见"
    FEE = "fee", "等待缴纳信息处理费"


PERSON_TYPES = ("natural_person", "other")  # applicant types whose name is personal data


class ApplicationQuerySet(AgencyScopedQuerySet):
    def open(self):
        return self.filter(is_open=True)


class Application(models.Model):
    agency = models.ForeignKey("agencies.Agency", verbose_name="受理机关", on_delete=models.PROTECT,
                               related_name="applications", db_index=False)  # covered by the indexes below
    tracking_code = models.CharField("查询码", max_length=20, unique=True)
    query_password_hash = models.CharField("查询密码", max_length=200, blank=True)
    submit_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    # applicant (Art. 29 (一))
    applicant_type = models.CharField("申请人类型", max_length=20, choices=APPLICANT_TYPES)
    applicant_name = models.CharField("申请人姓名或名称", max_length=100)
    id_type = models.CharField("证件类型", max_length=12, choices=IdType.choices, blank=True)
    id_number = models.CharField("证件号码", max_length=40, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    legal_representative = models.CharField("法定代表人或负责人", max_length=50, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)

    # information sought (Art. 29 (二)) and form (Art. 29 (三))
    info_name = models.CharField("所需信息名称", max_length=200, blank=True)
    doc_no = models.CharField("文号", max_length=100, blank=True)
    info_description = models.TextField("所需信息的特征描述")
    purpose = models.CharField("用途（选填）", max_length=200, blank=True)
    provision_form = models.CharField("提供形式", max_length=12, choices=ProvisionForm.choices,
                                      default=ProvisionForm.ELECTRONIC)
    delivery_method = models.CharField("获取方式", max_length=12, choices=DeliveryMethod.choices,
                                       default=DeliveryMethod.EMAIL)

    # receipt (Art. 31)
    channel = models.CharField("申请渠道", max_length=20, choices=[(k.value, v) for k, v in CHANNEL_LABELS.items()])
    is_oral = models.BooleanField("口头申请（工作人员代填）", default=False)
    arrival_date = models.DateField("到达日期")
    confirmed_date = models.DateField("确认收到日期", null=True, blank=True)
    receipt_date = models.DateField("收到申请之日", null=True, blank=True, db_index=True)

    # workflow
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.REGISTERED, db_index=True)
    is_open = models.BooleanField("办理中", default=True)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="承办人", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="handled_applications")
    correction_items = models.TextField("补正事项", blank=True)
    correction_requested_on = models.DateField("补正告知日期", null=True, blank=True)
    correction_deadline = models.DateField("补正期限", null=True, blank=True)
    correction_answer = models.TextField("补正内容", blank=True)
    correction_received_on = models.DateField("收到补正日期", null=True, blank=True)
    pause_reason = models.CharField("暂停原因", max_length=20, choices=PauseReason.choices, blank=True)
    pause_party = models.CharField("征求意见对象", max_length=200, blank=True)
    pause_started_on = models.DateField("暂停起始日", null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField("延期工作日数", null=True, blank=True)
    extension_reason = models.TextField("延期理由", blank=True)
    extension_requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                               on_delete=models.SET_NULL, related_name="+")
    extension_approved_on = models.DateField("延期批准日期", null=True, blank=True)
    delayed_until = models.DateField("延迟答复日期（第三十五条）", null=True, blank=True)
    fee_method = models.CharField("收费方式", max_length=12, blank=True,
                                  choices=[(k.value, v) for k, v in FEE_METHOD_LABELS.items()])
    fee_amount = models.DecimalField("信息处理费（元）", max_digits=10, decimal_places=2, null=True, blank=True)
    fee_notice_on = models.DateField("收费通知日期", null=True, blank=True)
    fee_notice_received_on = models.DateField("收费通知送达日期", null=True, blank=True)
    fee_notice_received_via = models.CharField("收费通知送达方式", max_length=12, blank=True)
    fee_paid_on = models.DateField("缴费日期", null=True, blank=True)
    fee_paid_amount = models.DecimalField("实缴金额（元）", max_digits=10, decimal_places=2, null=True, blank=True)
    transfer_to = models.ForeignKey("agencies.Agency", verbose_name="转至机关", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    transfer_to_name = models.CharField("负责公开的机关", max_length=100, blank=True)
    transfer_contact = models.CharField("该机关联系方式", max_length=200, blank=True)

    # the reply draft that refuses or partly refuses, submitted for the reviewer's sign-off before it is issued
    signoff_outcome = models.CharField("送签答复类型", max_length=30, choices=OUTCOME_CHOICES, blank=True)
    signoff_text = models.TextField("送签答复内容", blank=True)
    signoff_basis = models.CharField("送签法律依据", max_length=200, blank=True)
    signoff_submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="送签人", null=True, blank=True,
                                             on_delete=models.SET_NULL, related_name="+")
    signoff_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签发人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    signoff_at = models.DateTimeField("签发时间", null=True, blank=True)

    # reply
    outcome = models.CharField("答复类型", max_length=30, choices=OUTCOME_CHOICES, blank=True)
    outcome_row = models.CharField("表三行", max_length=8, blank=True, db_index=True)
    legal_basis = models.CharField("法律依据", max_length=200, blank=True)
    reply_text = models.TextField("答复内容", blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True, db_index=True)
    delivered_via = models.CharField("送达方式", max_length=12, choices=DeliveryMethod.choices, blank=True)
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    imported = models.BooleanField("台账导入", default=False)

    # the clock, materialized (applications.deadlines.refresh)
    due_date = models.DateField("答复期限", null=True, blank=True)
    clock_paused = models.BooleanField("计时暂停", default=False)
    clock_provisional = models.BooleanField("期限暂定", default=False)
    awaiting_correction = models.BooleanField("等待补正", default=False)
    correction_notice_due = models.DateField("补正告知期限", null=True, blank=True)
    pause_due = models.DateField("对方答复期限", null=True, blank=True)
    extended = models.BooleanField("已延期", default=False)

    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-receipt_date", "-id"]
        indexes = [
            # the due-soon / overdue lists: open cases by due date, per agency or across many (covering)
            models.Index(fields=["agency", "due_date"], name="app_open_agency_due", condition=models.Q(is_open=True)),
            models.Index(fields=["due_date", "agency"], name="app_open_due_agency", condition=models.Q(is_open=True)),
            models.Index(fields=["agency", "receipt_date"], name="app_agency_receipt"),
            models.Index(fields=["agency", "closed_on"], name="app_agency_closed"),
            # earlier and similar requests (applications.related): one agency's recent cases, newest first
            models.Index(fields=["agency", "arrival_date"], name="app_agency_arrival"),
            # the annual report (reporting.table3_counts): every column it reads, so the index covers the query
            models.Index(fields=["agency", "receipt_date", "closed_on", "applicant_type", "outcome_row"],
                         name="app_report_covering"),
            # the dashboard (stats.dashboard): the cases closed in a period (reply times, closed per month),
            # read from the index only. (An index for the extensions and corrections of the cases received
            # was tried: SQLite then chose it for table 3 instead of app_report_covering, which is slower.)
            models.Index(fields=["agency", "closed_on", "receipt_date", "due_date", "extended", "outcome_row"],
                         name="app_dash_closed"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.info_name or self.info_description[:20]}"

    masked_id_number = Masked("id_number", mask_id)
    masked_address = Masked("address", mask_text)
    masked_phone = Masked("phone", mask_phone)
    masked_email = Masked("email", mask_email)

    @property
    def listed_applicant_name(self) -> str:
        """The name as lists and exports show it: a natural person's (or an unclassified applicant's) name is
        masked; an organisation's name is not personal data and stays readable."""
        if self.applicant_type in PERSON_TYPES:
            return mask_name(self.applicant_name)
        return self.applicant_name

    @property
    def outcome_obj(self):
        from gongkai.rules.outcomes import get

        return get(self.outcome) if self.outcome else None

    @property
    def applicant_type_label(self) -> str:
        return dict(APPLICANT_TYPES).get(self.applicant_type, "")


class ClockEntry(models.Model):
    """One event of rules.clock (received, correction, pause/resume, extension, delay, closed)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="clock_entries")
    kind = models.CharField(max_length=24)
    on = models.DateField()
    days = models.PositiveSmallIntegerField(null=True, blank=True)
    due = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.on}"


def attachment_path(instance: Attachment, filename: str) -> str:
    """Kept for migration 0001; new files get a random name in private storage (storage.attachment_name)."""
    return f"applications/{instance.application.agency_id}/{instance.application_id}/{filename}"


class AttachmentKind(models.TextChoices):
    APPLICANT = "applicant", "申请人材料"
    CORRECTION = "correction", "补正材料"
    REPLY = "reply", "答复材料"


class Attachment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField("类别", max_length=12, choices=AttachmentKind.choices, default=AttachmentKind.APPLICANT)
    file = models.FileField(upload_to=attachment_name, storage=private_storage, max_length=200)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    content_type = models.CharField(max_length=100)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self) -> str:
        return self.name


from gongkai.applications.models_documents import DocumentSequence, IssuedDocument  # noqa: E402,F401
