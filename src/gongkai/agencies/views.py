from django.shortcuts import get_object_or_404, render

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
         "children": agency.children.order_by("sort_order", "name")},
    )
