"""What a supervisor can do on the batch-audit page (/audit/batch/): its action menu. The object is the
supervisor's office (政务公开办, an Agency): the page renders the upload form from
`available_actions(office, user)` and its POST goes through common.actionview.perform, which runs
reports.actions.create_audit_batch."""

from __future__ import annotations

from django import forms

from gongkai.common import forms as clean
from gongkai.common.actionview import Action, Menu
from gongkai.reports import actions
from gongkai.reports.audit_batch import collect


class _FilesInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ReportFilesField(forms.FileField):
    """Several report files (or ZIPs of them) in one field; `collect` checks and unpacks them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", _FilesInput())
        kwargs.setdefault("allow_empty_file", True)  # an empty file gets its own line ("文件是空的")
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data]
        return [super(ReportFilesField, self).clean(d, initial) for d in items if d]


class BatchUploadForm(clean.Form):
    files = ReportFilesField(label="报告文件或 ZIP 压缩包（可多选）", required=False)

    def clean(self):
        data = super().clean()
        if "files" not in data:  # the field has said what is wrong
            return data
        uploaded = data["files"]
        data["collected"] = collect(uploaded)  # a ValidationError (nothing chosen, unsafe ZIP …) is the form's
        data["name"] = uploaded[0].name if len(uploaded) == 1 else f"{len(uploaded)} 个文件"
        return data


def _create(user, office, data: dict):  # type: ignore[no-untyped-def]
    return actions.create_audit_batch(user, office, data["name"], data["collected"])


ACTIONS = Menu([
    Action("create", "开始审核", _create, form=BatchUploadForm, roles=actions.BATCH_ROLES, agency=lambda office: office,
           style="primary", success="已上传，正在后台审核。"),
])
available_actions = ACTIONS.available
