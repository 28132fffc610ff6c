"""Forms: public intake, staff registration, the handling actions, status lookup, ledger import."""

from __future__ import annotations

from django import forms

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application, DeliveryMethod
from gongkai.applications.models_documents import DeliveryChannel
from gongkai.common import forms as clean
from gongkai.rules import idcard
from gongkai.rules.clock import EXTENSION_MAX_WORKDAYS
from gongkai.rules.fees import FEE_METHOD_LABELS
from gongkai.rules.outcomes import OUTCOMES, SYSTEM_OUTCOMES, needs_signoff
from gongkai.rules.receipt import CHANNEL_LABELS, date_problems

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data]
        items = [super(MultipleFileField, self).clean(d, initial) for d in items if d]
        from gongkai.applications.actions import check_attachments

        return check_attachments(items)


class ApplicantForm(clean.ModelForm):
    """Art. 29: who applies, what is sought, in which form."""

    class Meta:
        model = Application
        fields = [
            "applicant_type", "applicant_name", "id_type", "id_number", "credit_code", "legal_representative",
            "contact_person", "phone", "email", "address", "postcode", "info_name", "doc_no", "info_description",
            "purpose", "provision_form", "delivery_method",
        ]
        widgets = {"info_description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "id_number": "自然人必填；仅用于核实身份，列表和导出中会隐去中间位数。",
            "credit_code": "法人或其他组织必填（18位）。",
            "info_description": "请写明所需政府信息的名称、文号或便于查询的其他特征性描述。",
        }

    def clean(self):
        data = super().clean()
        kind = data.get("applicant_type")
        if kind == "natural_person":
            if not data.get("id_number"):
                self.add_error("id_number", "自然人申请须填写身份证件号码。")
            if not data.get("id_type"):
                self.add_error("id_type", "请选择证件类型。")
        elif kind:
            code = (data.get("credit_code") or "").strip().upper()
            if len(code) != 18:
                self.add_error("credit_code", "统一社会信用代码应为18位，请核对。")
            data["credit_code"] = code
        if data.get("id_type") == "id_card" and data.get("id_number"):
            num = idcard.normalize(data["id_number"])
            if problem := idcard.problem(num):  # 18 digits, a date of birth, the GB 11643 check digit
                self.add_error("id_number", problem)
            data["id_number"] = num
        if not (data.get("phone") or data.get("email") or data.get("address")):
            self.add_error("phone", "请至少填写一种联系方式（电话、电子邮箱或通信地址）。")
        if data.get("delivery_method") == DeliveryMethod.EMAIL and not data.get("email"):
            self.add_error("email", "选择电子邮件获取时，请填写电子邮箱。")
        if data.get("delivery_method") == DeliveryMethod.POST and not data.get("address"):
            self.add_error("address", "选择邮寄时，请填写通信地址。")
        return data


class PublicApplyForm(ApplicantForm):
    agency = forms.ModelChoiceField(Agency.objects.filter(may_receive_applications=True), label="向哪个机关申请",
                                    empty_label="请选择机关")
    attachments = MultipleFileField(label="附件（选填）", required=False,
                                    help_text="身份证明等材料，PDF/JPG/PNG/Word，每个不超过10MB，最多5个。")
    # one per rendered form (a uuid hex): letters, digits, "-" and "_" only, so it never takes a key of
    # another namespace ("api<token>:<external id>", "demo:…") and fits the column
    token = forms.RegexField(regex=r"^[A-Za-z0-9_-]{1,64}$", widget=forms.HiddenInput,
                             error_messages={"invalid": "表单已失效，请刷新页面后重新填写提交。",
                                             "required": "表单已失效，请刷新页面后重新填写提交。"})
    confirm = forms.BooleanField(label="我确认以上信息真实有效", required=True)

    field_order = ["agency", "applicant_type"]


class StaffRegisterForm(ApplicantForm):
    channel = forms.ChoiceField(label="申请渠道", choices=[(k.value, v) for k, v in CHANNEL_LABELS.items()])
    arrival_date = forms.DateField(label="到达日期（邮寄为签收日）", widget=DATE)
    confirmed_date = forms.DateField(label="双方确认收到日期", widget=DATE, required=False,
                                     help_text="平常信函、网上、电子邮件、传真申请须填写（《条例》第三十一条）。")
    attachments = MultipleFileField(label="附件", required=False)

    field_order = ["channel", "arrival_date", "confirmed_date", "applicant_type"]

    def clean(self):
        from gongkai.applications.deadlines import today

        data = super().clean()
        for field, problem in date_problems(data.get("arrival_date"), data.get("confirmed_date"), today()).items():
            self.add_error(field, problem)
        return data


class StatusLookupForm(clean.Form):
    tracking_code = forms.CharField(label="查询码", max_length=20)
    password = forms.CharField(label="查询密码", max_length=40, widget=forms.PasswordInput)


class CorrectionAnswerForm(clean.Form):
    text = forms.CharField(label="补正内容", widget=forms.Textarea(attrs={"rows": 4}))
    attachments = MultipleFileField(label="补正材料（选填）", required=False)


class DateForm(clean.Form):
    on = forms.DateField(label="日期", widget=DATE)


class CorrectionRequestForm(DateForm):
    items = forms.CharField(label="需要补正的事项", widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label="补正期限", widget=DATE)


class ConsultationForm(DateForm):
    kind = forms.ChoiceField(label="征求对象", choices=[("third_party", "第三方（第三十二条）"),
                                                        ("inter_agency", "其他机关（第三十四条）")])
    party = forms.CharField(label="名称", max_length=200)


class ConsultationEndForm(DateForm):
    result = forms.CharField(label="意见结果", max_length=500, required=False)


class ExtensionForm(clean.Form):
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=EXTENSION_MAX_WORKDAYS)
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))


class DelayForm(DateForm):
    until = forms.DateField(label="延迟答复至", widget=DATE)
    reason = forms.CharField(label="理由", max_length=500)


class FeeNoticeForm(DateForm):
    method = forms.ChoiceField(label="收费方式", choices=[(k.value, v) for k, v in FEE_METHOD_LABELS.items()])
    pages = forms.IntegerField(label="页数（按量计收）", min_value=0, required=False)
    items = forms.IntegerField(label="件数（按件计收，一事一申请拆分后）", min_value=1, initial=1, required=False)


class FeePaymentForm(DateForm):
    amount = forms.DecimalField(label="实缴金额（元）", min_value=0, decimal_places=2)


class TransferForm(DateForm):
    to_agency = forms.ModelChoiceField(Agency.objects.filter(may_receive_applications=True), label="平台上的机关",
                                       required=False, help_text="只能选择受理政府信息公开申请的机关。")
    to_name = forms.CharField(label="或填写平台外机关名称", max_length=100, required=False)
    contact = forms.CharField(label="该机关联系方式", max_length=200, required=False)


class ReplyForm(DateForm):
    outcome = forms.ChoiceField(label="答复类型", choices=[(o.code, o.label) for o in OUTCOMES
                                                           if o.code not in SYSTEM_OUTCOMES])
    basis = forms.CharField(label="法律依据（留空则用默认依据）", max_length=200, required=False)
    text = forms.CharField(label="答复内容（说明理由、获取方式等）", widget=forms.Textarea(attrs={"rows": 4}),
                           required=False)
    attachments = MultipleFileField(label="随答复提供的信息（附件，选填）", required=False)


class SignoffForm(clean.Form):
    """The reply draft that refuses or partly refuses, submitted for the reviewer's sign-off."""

    outcome = forms.ChoiceField(label="答复类型", choices=[(o.code, o.label) for o in OUTCOMES
                                                           if o.code not in SYSTEM_OUTCOMES and needs_signoff(o.code)])
    basis = forms.CharField(label="法律依据（留空则用默认依据）", max_length=200, required=False)
    text = forms.CharField(label="答复内容（说明理由）", widget=forms.Textarea(attrs={"rows": 4}), required=False)


class DeliverForm(DateForm):
    via = forms.ChoiceField(label="送达方式", choices=DeliveryMethod.choices)


class FeeDeliveryForm(clean.Form):
    on = forms.DateField(label="申请人收到（签收）日期", widget=DATE)
    via = forms.ChoiceField(label="送达方式", choices=[(k, v) for k, v in DeliveryChannel.choices if k != "online"])


class AssignForm(clean.Form):
    handler = forms.ModelChoiceField(queryset=None, label="承办人")

    def __init__(self, *args, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers


class ReasonForm(clean.Form):
    """Not approving an extension: the page sends no reason; a client may (it goes to the journal note)."""

    reason = forms.CharField(max_length=500, required=False, widget=forms.HiddenInput)


class WithdrawForm(DateForm):
    reason = forms.CharField(label="撤回理由（选填）", max_length=200, required=False)


class ImportForm(clean.Form):
    file = forms.FileField(label="台账文件（.xlsx）", help_text="Excel 2007 及以上格式，不超过 5 MB。")

    def clean_file(self):
        from gongkai.applications.excel import check_file

        f = self.cleaned_data["file"]
        check_file(f)
        return f


class PromoteForm(clean.Form):
    """转为主动公开 (《条例》第四十四条): the title of the disclosure draft (editable later in the ledger)."""

    title = forms.CharField(label="主动公开信息标题", max_length=300,
                            error_messages={"required": "请填写主动公开信息的标题。"})


class CounterPasswordResetForm(clean.Form):
    identity_checked = forms.BooleanField(
        label="已当面核验申请人（或其代理人）的身份证件",
        error_messages={"required": "请先当面核验申请人的身份证件，再重置查询密码。"})


class PasswordResetRequestForm(clean.Form):
    tracking_code = forms.CharField(label="查询码", max_length=20)


class BulkPromoteForm(clean.Form):
    """The list's bulk 转为主动公开: the ticked cases (ids) and the draft's title (default: the first case's)."""

    ids = forms.CharField(required=False)
    title = forms.CharField(label="主动公开信息标题", max_length=300, required=False)
    MAX = 100

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self._ids = data.getlist("ids") if data is not None and hasattr(data, "getlist") else []

    def clean_ids(self):
        from gongkai.common.params import parse_int

        ids = sorted({i for i in (parse_int(x, minimum=1) for x in self._ids[: self.MAX + 1]) if i})
        if not ids:
            raise forms.ValidationError("请先在列表中勾选要转为主动公开的申请。")
        if len(ids) > self.MAX:
            raise forms.ValidationError(f"一次最多选择 {self.MAX} 件申请。")
        return ids
