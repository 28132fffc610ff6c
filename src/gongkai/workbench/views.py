from django.apps import apps
from django.shortcuts import render

from gongkai.workbench.decorators import staff_required


@staff_required
def home(request):
    memberships = request.user.memberships.select_related("agency").order_by("agency__path", "role")
    panels = []
    for config in apps.get_app_configs():
        hook = getattr(config, "workbench_panel", None)
        if hook is not None:
            panel = hook(request)
            if panel:
                panels.append(panel)
    return render(request, "workbench/home.html", {"memberships": memberships, "panels": panels})
