"""Import of past cases from an Excel ledger (台账)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from gongkai.agencies.scoping import agencies_with_role
from gongkai.applications import actions
from gongkai.applications.excel import COLUMNS, import_ledger
from gongkai.applications.forms import ImportForm
from gongkai.workbench.decorators import staff_required


@staff_required
def ledger_import(request):
    agencies = list(agencies_with_role(request.user, *actions.HANDLE_ROLES))
    if not agencies:
        raise PermissionDenied("您没有导入台账的权限。")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        agency = next((a for a in agencies if str(a.pk) == request.POST.get("agency")), None)
        if agency is None:
            errors = ["请选择导入到哪个机关。"]
        else:
            result = import_ledger(request.user, agency, form.cleaned_data["file"])
            if not result.errors:
                messages.success(request, f"已导入 {result.created} 件申请。")
                return redirect("applications:queue")
            errors = result.errors
    return render(request, "applications/staff/import.html",
                  {"form": form, "errors": errors, "agencies": agencies, "columns": COLUMNS})
