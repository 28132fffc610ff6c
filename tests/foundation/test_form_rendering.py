"""Every form drawn through the project's renderer: required marks, an error summary linking to the
fields, labels without a colon, and "请选择…" in place of "---------"."""

from django import forms

from gongkai.agencies.models import Agency


class SampleForm(forms.Form):
    title = forms.CharField(label="标题")
    agency = forms.ModelChoiceField(Agency.objects.all(), label="机关")
    kind = forms.ChoiceField(choices=[("", "---------"), ("a", "甲")], label="类别", required=False)
    agreed = forms.BooleanField(label="是否同意？", required=False)


def test_required_marks_and_placeholders(db, agency_tree):
    html = SampleForm().as_div()
    assert "---------" not in html and html.count("请选择…") == 2
    assert html.count('class="required-mark"') == 2  # 标题, 机关 — not the optional ones
    assert "标题:" not in html and "标题：" not in html and "？:" not in html and "？：" not in html


def test_error_summary_links_to_each_field(db, agency_tree):
    form = SampleForm(data={"title": "", "agency": "999999"})
    for html in (form.as_div(), form.as_p(), str(form)):
        summary = html[html.index('class="error-summary"'):html.index("</ul>")]
        assert 'href="#id_title"' in summary and 'href="#id_agency"' in summary
        assert "标题：" in summary and "机关：" in summary
        assert "请修改以下 2 项" in summary


def test_no_summary_when_the_form_is_fine(db, agency_tree):
    form = SampleForm(data={"title": "通知", "agency": agency_tree["dept"].pk})
    assert form.is_valid() and "error-summary" not in form.as_div()
