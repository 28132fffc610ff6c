"""Forms of the mailbox and the surveys (public and staff). Messages say what is wrong and how to fix it."""

from __future__ import annotations

import re

from django import forms

from gongkai.common import forms as clean
from gongkai.interactions.models import LetterStatus, QuestionKind

PHONE_OK = re.compile(r"^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def _req(label: str) -> dict:
    return {"required": f"请填写{label}。"}


class LetterForm(clean.Form):
    category = forms.ChoiceField(label="来信类别", widget=forms.RadioSelect,
                                 error_messages={"required": "请选择来信类别。", "invalid_choice": "请选择列出的来信类别。"})
    writer_name = forms.CharField(label="姓名", max_length=50, error_messages=_req("姓名"),
                                  widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(label="联系电话", max_length=20, required=False,
                            help_text="手机号码或带区号的固定电话；电话和电子邮箱至少填写一项。",
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    email = forms.EmailField(label="电子邮箱", required=False,
                             error_messages={"invalid": "电子邮箱格式不正确，例如 zhangsan@example.com。"},
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    subject = forms.CharField(label="标题", max_length=100, error_messages=_req("标题"))
    body = forms.CharField(label="来信内容", max_length=5000, error_messages=_req("来信内容"),
                           widget=forms.Textarea(attrs={"rows": 8}),
                           help_text="请写明您的问题或建议，不超过 5000 字。")
    consent_publish = forms.BooleanField(
        label="同意在去除个人信息后公开本信及答复", required=False,
        help_text="公开时不会显示您的姓名、电话、邮箱等个人信息。",
    )
    def __init__(self, *args, categories: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c, c) for c in categories]

    def clean_phone(self):
        phone = re.sub(r"\s", "", self.cleaned_data.get("phone", ""))
        if phone and not PHONE_OK.match(phone):
            raise forms.ValidationError("联系电话格式不正确：请填写 11 位手机号码，或带区号的固定电话（如 0830-1234567）。")
        return phone

    def clean(self):
        data = super().clean()
        if not data.get("phone") and not data.get("email") and "phone" not in self.errors and "email" not in self.errors:
            self.add_error("phone", "请至少填写联系电话或电子邮箱中的一项，以便我们联系您。")
        return data


class QueryForm(clean.Form):
    tracking_code = forms.CharField(label="查询码", max_length=20, error_messages=_req("查询码"),
                                    widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}))
    query_password = forms.CharField(label="查询密码", max_length=64, error_messages=_req("查询密码"),
                                     widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class ReplyForm(clean.Form):
    body = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 8}), error_messages=_req("答复内容"))
    replier = forms.CharField(label="答复单位署名", max_length=100, required=False)


class ReviewForm(clean.Form):
    decision = forms.ChoiceField(label="审核结论", widget=forms.RadioSelect,
                                 choices=[("approve", "审核通过"), ("return", "退回修改")],
                                 error_messages={"required": "请选择审核结论。"})
    note = forms.CharField(label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="退回修改时必填。")


class ReasonForm(clean.Form):
    reason = forms.CharField(label="原因", max_length=500, error_messages=_req("原因"))


class PublishForm(clean.Form):
    public_subject = forms.CharField(label="公开标题", max_length=100, error_messages=_req("公开标题"))
    public_question = forms.CharField(label="公开的来信内容", widget=forms.Textarea(attrs={"rows": 6}),
                                      error_messages=_req("公开的来信内容"),
                                      help_text="已自动去除电话、身份证号、邮箱和来信人姓名，请再核对一遍。")
    public_answer = forms.CharField(label="公开的答复内容", widget=forms.Textarea(attrs={"rows": 6}),
                                    error_messages=_req("公开的答复内容"))


class SettingsForm(clean.Form):
    enabled = forms.BooleanField(label="开通领导信箱", required=False)
    mailbox_name = forms.CharField(label="信箱名称", max_length=50, error_messages=_req("信箱名称"))
    reply_days = forms.IntegerField(label="答复期限（工作日）", min_value=1, max_value=60,
                                    error_messages={**_req("答复期限"), "min_value": "答复期限至少 1 个工作日。",
                                                    "max_value": "答复期限不超过 60 个工作日。",
                                                    "invalid": "答复期限请填写整数。"})
    categories = forms.CharField(label="来信类别", widget=forms.Textarea(attrs={"rows": 5}),
                                 help_text="每行一个类别。", error_messages=_req("来信类别"))
    intro = forms.CharField(label="信箱说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class LetterFilterForm(clean.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *LetterStatus.choices])
    due = forms.ChoiceField(label="期限", required=False,
                            choices=[("", "全部"), ("soon", "3个工作日内到期"), ("overdue", "已超期")])
    category = forms.CharField(label="类别", required=False, max_length=20)
    q = forms.CharField(label="查询码或标题", required=False, max_length=50)
    # drill-down from the annual report: ?agency=<id>&subtree=1&year=2020&stat=answered
    agency = forms.IntegerField(required=False, widget=forms.HiddenInput)
    subtree = forms.BooleanField(required=False, widget=forms.HiddenInput)
    year = forms.IntegerField(required=False, min_value=1990, max_value=2100, widget=forms.HiddenInput)
    stat = forms.ChoiceField(required=False, widget=forms.HiddenInput,
                             choices=[("", ""), ("received", "收到"), ("answered", "已答复"), ("published", "已公开")])


DATE_MESSAGES = {"required": "请填写日期。", "invalid": "日期格式不正确，请按 2026-01-31 的格式填写。"}


class SurveyForm(clean.Form):
    title = forms.CharField(label="调查标题", max_length=100, error_messages=_req("调查标题"))
    description = forms.CharField(label="调查说明", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    opens_on = forms.DateField(label="开始日期", error_messages=DATE_MESSAGES,
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    closes_on = forms.DateField(label="截止日期", error_messages=DATE_MESSAGES,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", "截止日期不能早于开始日期。")
        return data


class QuestionForm(clean.Form):
    text = forms.CharField(label="问题", max_length=200, error_messages=_req("问题"))
    kind = forms.ChoiceField(label="题型", choices=QuestionKind.choices, widget=forms.RadioSelect,
                             initial=QuestionKind.SINGLE)
    required = forms.BooleanField(label="必答", required=False, initial=True)
    options = forms.CharField(label="选项", widget=forms.Textarea(attrs={"rows": 4}), help_text="每行一个选项，至少两个。",
                              error_messages=_req("选项"))

    def clean_options(self):
        items = [o.strip() for o in self.cleaned_data["options"].splitlines() if o.strip()]
        if len(items) < 2:
            raise forms.ValidationError("至少要有两个选项（每行一个）。")
        if len(set(items)) != len(items):
            raise forms.ValidationError("选项有重复，请删除重复的行。")
        if any(len(o) > 100 for o in items):
            raise forms.ValidationError("每个选项不超过 100 个字。")
        return items


def survey_answer_form(survey, data=None):
    """A form with one field per question (radio buttons for single choice, checkboxes for multiple)."""
    form = clean.Form(data)
    for q in survey.questions.prefetch_related("options"):
        choices = [(str(o.id), o.text) for o in q.options.all()]
        label = f"{q.position}. {q.text}"
        msgs = {"required": f"请回答第 {q.position} 题。", "invalid_choice": "请选择列出的选项。"}
        if q.kind == QuestionKind.MULTIPLE:
            field = forms.MultipleChoiceField(label=label + "（多选）", choices=choices, required=q.required,
                                              widget=forms.CheckboxSelectMultiple, error_messages=msgs)
        else:
            field = forms.ChoiceField(label=label, choices=choices, required=q.required, widget=forms.RadioSelect,
                                      error_messages=msgs)
        form.fields[f"q{q.id}"] = field
    return form
