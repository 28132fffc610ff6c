"""Forms of the staff pages (labels in Chinese; they only validate input — actions do the writing)."""

from __future__ import annotations

from django import forms

from gongkai.common import forms as clean
from gongkai.common import uploads
from gongkai.disclosures.models import (
    Attachment,
    CatalogueNode,
    Channel,
    DisclosureItem,
    DocType,
    Guide,
    Status,
    Validity,
)
from gongkai.rules import disclosure as rules

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ItemForm(clean.ModelForm):
    channels = forms.MultipleChoiceField(
        label="公开渠道", choices=Channel.choices, widget=forms.CheckboxSelectMultiple, required=False,
        initial=[Channel.WEBSITE],
    )
    art21_extra = forms.ChoiceField(label="第二十一条事项", required=False)
    interprets = forms.ModelMultipleChoiceField(
        label="解读的文件（仅政策解读）", queryset=DisclosureItem.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    change_note = forms.CharField(label="变更说明（修改已公开的信息时必填）", required=False, max_length=300)

    class Meta:
        model = DisclosureItem
        fields = [
            "title", "doc_no", "publisher", "formed_on", "topic", "art20_item", "art21_extra", "doc_type", "node",
            "body", "channels", "special_deadline_basis", "requires_interpretation", "effective_on",
            "valid_until",
        ]
        widgets = {"formed_on": DATE, "effective_on": DATE, "valid_until": DATE,
                   "body": forms.Textarea(attrs={"rows": 12})}
        help_texts = {
            "body": "可使用段落、标题、列表、表格和链接；其他格式会被清除。",
            "special_deadline_basis": "法律、法规对公开期限另有规定的，写明依据；填写后不按20个工作日判断超期。",
            "formed_on": "成文或变更之日；自该日起20个工作日内应当公开（《条例》第二十六条）。",
            "valid_until": "规章、规范性文件规定了有效期的，填写有效期的最后一天；到期前90天起在统计看板上提示。",
        }

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.fields["node"].queryset = CatalogueNode.objects.filter(agency=agency).order_by("path")
        self.fields["node"].label_from_instance = lambda n: "　" * n.depth + n.name
        self.fields["art20_item"].choices = [("", "（不属于第二十条所列事项）")] + rules.art20_choices()
        self.fields["art21_extra"].choices = [("", "（无）")] + list(rules.art21_extras(agency.level))
        self.fields["interprets"].queryset = DisclosureItem.objects.filter(
            agency=agency, published_on__isnull=False
        ).exclude(doc_type=DocType.INTERPRETATION).exclude(status=Status.WITHDRAWN).order_by("-published_on")[:200]
        self.fields["interprets"].queryset = DisclosureItem.objects.filter(
            pk__in=[i.pk for i in self.fields["interprets"].queryset]
        )
        if self.instance.pk:
            self.fields["interprets"].initial = list(self.instance.interprets.all())
        self.fields["publisher"].required = False
        self.fields["publisher"].initial = agency.name


class ReviewForm(clean.Form):
    note = forms.CharField(label="审核意见", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(clean.Form):
    reason = forms.CharField(label="原因", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class ValidityForm(clean.Form):
    validity = forms.ChoiceField(label="效力状态", choices=Validity.choices)
    changed_on = forms.DateField(label="变更日期", required=False, widget=DATE)
    note = forms.CharField(label="说明", required=False, max_length=300)


class ChannelForm(clean.Form):
    channel = forms.ChoiceField(label="渠道", choices=Channel.choices)
    published_on = forms.DateField(label="发布日期", widget=DATE)
    account = forms.CharField(label="账号或载体", required=False, max_length=100)
    url = forms.URLField(label="链接", required=False)


class AttachmentForm(clean.Form):
    file = forms.FileField(label="附件（PDF、Word、Excel、图片）", error_messages={"required": "请选择要上传的文件。"})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = uploads.configured_max_bytes()
        if upload.size > limit:  # before it is read into memory
            raise forms.ValidationError(f"“{upload.name}”超过 {limit // 1048576} MB 的上限，请压缩或拆分后再上传。")
        return upload


class DetachForm(clean.Form):
    """Which attachment of the item to remove (a hidden field in the attachment list)."""

    attachment = forms.ModelChoiceField(label="附件", queryset=Attachment.objects.none(), widget=forms.HiddenInput,
                                        error_messages={"invalid_choice": "这个附件不存在或已经删除，请刷新页面。"})

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].queryset = item.attachments.all()


LEDGER_MAX_BYTES = 5 * 1024 * 1024


class UploadForm(clean.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.check(upload, ("xlsx",), LEDGER_MAX_BYTES)  # before openpyxl ever opens it
        return upload


class NodeForm(clean.Form):
    name = forms.CharField(label="栏目名称", max_length=60)
    parent = forms.ModelChoiceField(label="上级栏目", queryset=CatalogueNode.objects.none(), required=False,
                                    empty_label="（顶级栏目）")
    sort_order = forms.IntegerField(label="排序", min_value=0, initial=0)
    art20_item = forms.ChoiceField(label="默认第二十条事项", required=False)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = CatalogueNode.objects.filter(agency=agency).order_by("path")
        self.fields["parent"].label_from_instance = lambda n: "　" * n.depth + n.name
        self.fields["art20_item"].choices = [("", "（无）")] + rules.art20_choices()


class GuideForm(clean.ModelForm):
    class Meta:
        model = Guide
        fields = ["intro", "office", "address", "postcode", "office_hours", "phone", "fax", "email",
                  "proactive_scope", "proactive_channels", "application_channels", "application_process", "fees",
                  "remedies"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in [
            "intro", "proactive_scope", "proactive_channels", "application_channels", "application_process",
            "fees", "remedies"]}


class SettingsForm(clean.Form):
    index_pattern = forms.CharField(
        label="索引号规则", max_length=100,
        help_text="可用：{统一社会信用代码} {机关代码} {年} {月} {分类} {序号:05}（序号补零到5位）。",
    )


class LedgerFilterForm(clean.Form):
    q = forms.CharField(label="标题或文号", required=False)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部")] + list(Status.choices))
    year = forms.IntegerField(label="发布年份", required=False, min_value=2000, max_value=2100)
    art20_item = forms.ChoiceField(label="第二十条事项", required=False)
    doc_type = forms.ChoiceField(label="信息类型", required=False, choices=[("", "全部")] + list(DocType.choices))
    late = forms.BooleanField(label="只看超期", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["art20_item"].choices = [("", "全部")] + [(c, n) for c, n, _ in rules.ART20_ITEMS]
