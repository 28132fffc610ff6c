from django import forms

from gongkai.api.scopes import SCOPE_CHOICES
from gongkai.common import forms as clean


class TokenForm(clean.Form):
    agency = forms.ModelChoiceField(label="所属机关", queryset=None, empty_label="请选择…",
                                    error_messages={"required": "请选择令牌所属的机关。",
                                                    "invalid_choice": "只能为您管理的机关创建令牌。"})
    name = forms.CharField(label="名称", max_length=60, help_text="对接的系统，如“12345热线”“省级政务公开平台”。",
                           error_messages={"required": "请填写令牌名称。"})
    scopes = forms.MultipleChoiceField(label="权限范围", choices=SCOPE_CHOICES, widget=forms.CheckboxSelectMultiple,
                                       error_messages={"required": "请至少选择一项权限范围。",
                                                       "invalid_choice": "只能选择列出的权限范围。"})

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
