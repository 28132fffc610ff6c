"""The leader's mailbox (领导信箱) and online surveys (网上调查): the agency's 回应关切 ledgers.

A letter's reply deadline is stored (`due_on`, `due_provisional`), computed in working days from the
agency's `MailboxSettings.reply_days`, and recomputed when the calendar changes (see receivers.py).
"""

from __future__ import annotations

from django.db import models

from gongkai.common.models import AgencyOwned, done_by
from gongkai.common.privacy import Masked, mask_email, mask_name, mask_phone

DEFAULT_CATEGORIES = ["咨询", "建议", "投诉", "求助", "其他"]
DEFAULT_REPLY_DAYS = 10


class MailboxSettings(AgencyOwned):
    """Per-agency configuration of the mailbox."""

    agency = models.OneToOneField(
        "agencies.Agency", verbose_name="机关", on_delete=models.CASCADE, related_name="mailbox_settings"
    )
    enabled = models.BooleanField("开通领导信箱", default=True)
    mailbox_name = models.CharField("信箱名称", max_length=50, default="领导信箱")
    reply_days = models.PositiveSmallIntegerField("答复期限（工作日）", default=DEFAULT_REPLY_DAYS)
    categories = models.TextField(
        "来信类别", default="\n".join(DEFAULT_CATEGORIES), help_text="每行一个类别，例如：咨询、建议、投诉、求助、其他"
    )
    intro = models.TextField("信箱说明", blank=True)

    class Meta:
        verbose_name = "信箱设置"
        verbose_name_plural = "信箱设置"

    def __str__(self) -> str:
        return f"{self.agency} · {self.mailbox_name}"

    def category_list(self) -> list[str]:
        items = [c.strip() for c in self.categories.splitlines() if c.strip()]
        return items or list(DEFAULT_CATEGORIES)


class LetterStatus(models.TextChoices):
    OPEN = "open", "待答复"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已办结（不予答复）"


class MailboxLetter(AgencyOwned):
    agency = models.ForeignKey("agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="letters")
    tracking_code = models.CharField("查询码", max_length=20, unique=True)
    query_password_hash = models.CharField(max_length=200)
    category = models.CharField("类别", max_length=20)
    writer_name = models.CharField("姓名", max_length=50)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    subject = models.CharField("标题", max_length=100)
    body = models.TextField("来信内容")
    consent_publish = models.BooleanField("同意公开", default=False)
    received_at = models.DateTimeField("来信时间", db_index=True)
    received_on = models.DateField("来信日期", db_index=True)
    due_on = models.DateField("答复期限", db_index=True)
    due_provisional = models.BooleanField("期限为暂定", default=False)
    reply_days = models.PositiveSmallIntegerField("答复期限（工作日）", default=DEFAULT_REPLY_DAYS)
    status = models.CharField("状态", max_length=10, choices=LetterStatus.choices, default=LetterStatus.OPEN)
    answered_on = models.DateField("答复日期", null=True, blank=True, db_index=True)
    # Publication of the Q&A (with the writer's consent, personal data removed by staff before publishing)
    published_on = models.DateField("公开日期", null=True, blank=True, db_index=True)
    public_subject = models.CharField("公开标题", max_length=100, blank=True)
    public_question = models.TextField("公开的来信内容", blank=True)
    public_answer = models.TextField("公开的答复内容", blank=True)

    class Meta:
        verbose_name = "来信"
        verbose_name_plural = "来信"
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["agency", "received_on"]), models.Index(fields=["status", "due_on"])]

    # as lists and the letter page show them until "查看完整信息" (interactions.actions, journaled)
    masked_name = Masked("writer_name", mask_name)
    masked_phone = Masked("phone", mask_phone)
    masked_email = Masked("email", mask_email)

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.subject}"

    @property
    def is_published(self) -> bool:
        return self.published_on is not None

    @property
    def sent_reply(self) -> MailboxReply | None:
        return self.replies.filter(state=ReplyState.SENT).order_by("-sent_at").first()

    @property
    def current_reply(self) -> MailboxReply | None:
        return self.replies.exclude(state=ReplyState.SENT).order_by("-id").first()


class ReplyState(models.TextChoices):
    DRAFT = "draft", "草稿"
    REVIEWED = "reviewed", "已审核"
    SENT = "sent", "已发送"


class MailboxReply(models.Model):
    letter = models.ForeignKey(MailboxLetter, verbose_name="来信", on_delete=models.CASCADE, related_name="replies")
    body = models.TextField("答复内容")
    state = models.CharField("状态", max_length=10, choices=ReplyState.choices, default=ReplyState.DRAFT)
    replier = models.CharField("答复单位署名", max_length=100, blank=True)
    drafted_by = done_by()
    drafted_at = models.DateTimeField("起草时间", null=True, blank=True)
    reviewed_by = done_by()
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_note = models.TextField("审核意见", blank=True)
    sent_by = done_by()
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "答复"
        verbose_name_plural = "答复"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.letter.tracking_code} 答复（{self.get_state_display()}）"

    @property
    def agency(self):
        return self.letter.agency


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    OPEN = "open", "征集中"
    CLOSED = "closed", "已结束"


class Survey(AgencyOwned):
    agency = models.ForeignKey("agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="surveys")
    title = models.CharField("调查标题", max_length=100)
    description = models.TextField("调查说明", blank=True)
    opens_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期")
    status = models.CharField("状态", max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    opened_at = models.DateTimeField("发布时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    results_published_on = models.DateField("结果公布日期", null=True, blank=True)
    created_by = done_by()
    demo_key = models.CharField(max_length=40, blank=True, db_index=True)

    class Meta:
        verbose_name = "网上调查"
        verbose_name_plural = "网上调查"
        ordering = ["-opens_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def results_published(self) -> bool:
        return self.results_published_on is not None

    def accepts_responses(self, today) -> bool:
        return self.status == SurveyStatus.OPEN and self.opens_on <= today <= self.closes_on


class QuestionKind(models.TextChoices):
    SINGLE = "single", "单选"
    MULTIPLE = "multiple", "多选"


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField("问题", max_length=200)
    kind = models.CharField("题型", max_length=10, choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    required = models.BooleanField("必答", default=True)
    position = models.PositiveSmallIntegerField("序号", default=0)

    class Meta:
        verbose_name = "调查问题"
        verbose_name_plural = "调查问题"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class SurveyOption(models.Model):
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="options")
    text = models.CharField("选项", max_length=100)
    position = models.PositiveSmallIntegerField("序号", default=0)

    class Meta:
        verbose_name = "选项"
        verbose_name_plural = "选项"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    """One participation. `session_hash` is a keyed hash of the browser session (one response per session)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    session_hash = models.CharField(max_length=64)
    submitted_at = models.DateTimeField("提交时间")

    class Meta:
        verbose_name = "调查答卷"
        verbose_name_plural = "调查答卷"
        constraints = [
            models.UniqueConstraint(fields=["survey", "session_hash"], name="one_response_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.survey} 答卷 {self.pk}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(SurveyOption, on_delete=models.CASCADE, related_name="answers")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "option"], name="one_answer_per_option")
        ]

    def __str__(self) -> str:
        return f"{self.question} → {self.option}"
