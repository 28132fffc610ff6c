from django import forms

from gongkai.common import forms as clean
from gongkai.rules.holiday_notice import NoticeError, parse_notice


class NoticeForm(clean.Form):
    year = forms.IntegerField(label="年份", min_value=2004, max_value=2099)
    notice_text = forms.CharField(
        label="通知正文",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="粘贴《国务院办公厅关于XXXX年部分节假日安排的通知》的正文，例如“一、元旦：1月1日（周四）放假……”。",
    )
    source = forms.CharField(label="文号", max_length=200, required=False, help_text="例如 国办发明电〔2026〕X号")

    def clean(self):
        data = super().clean()
        if "year" in data and "notice_text" in data:
            try:
                data["parsed"] = parse_notice(data["notice_text"], data["year"])
            except NoticeError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return data
