from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.agencies import actions
from gongkai.agencies.forms import ContactForm
from gongkai.agencies.scoping import roles_at, staff_agencies
from gongkai.workbench.decorators import staff_required


@staff_required
def agency_list(request):
    agencies = staff_agencies(request.user).order_by("path")
    return render(request, "agencies/list.html", {"agencies": agencies})


@staff_required
def agency_detail(request, pk: int):
    agency = get_object_or_404(staff_agencies(request.user), pk=pk)
    members = agency.memberships.select_related("user").order_by("role")
    return render(
        request,
        "agencies/detail.html",
        {"agency": agency, "members": members, "my_roles": roles_at(request.user, agency),
         "children": agency.children.order_by("sort_order", "name"),
         "can_edit": actions.may_edit_contact(request.user, agency)},
    )


@staff_required
def agency_edit(request, pk: int):
    """The agency's contact details, edited by the supervisor above it (agencies.actions.update_agency)."""
    agency = get_object_or_404(staff_agencies(request.user), pk=pk)
    if not actions.may_edit_contact(request.user, agency):
        raise PermissionDenied(f"只有上级政务公开办或系统管理员可以修改“{agency.name}”的联系信息。")
    form = ContactForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in actions.CONTACT_FIELDS}
        agency.refresh_from_db()  # the form wrote into the instance; the action compares with what is stored
        try:
            actions.update_agency(request.user, agency, **values)
        except ValidationError as exc:
            messages.error(request, "未保存：" + "；".join(exc.messages))
        else:
            messages.success(request, "联系信息已保存。")
            return redirect("agencies:detail", agency.pk)
    return render(request, "agencies/edit.html", {"agency": agency, "form": form})
