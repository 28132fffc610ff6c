from django import forms

from gongkai.appeals.models import Appeal
from gongkai.common import forms as clean

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AppealForm(clean.ModelForm):
    class Meta:
        model = Appeal
        fields = ["kind", "application", "case_no", "appellant", "body", "filed_on", "result", "closed_on", "note"]
        widgets = {"filed_on": DATE, "closed_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, applications=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications
        self.fields["application"].label_from_instance = lambda a: f"{a.tracking_code} {a.applicant_name}"
