"""The Django admin is for the system administrator only (separation of duties), and has no login of its
own: /sysadmin/login/ sends everyone to the platform's login (/accounts/login/), which applies the per-address
throttle, the per-account lockout and journals every attempt. Nothing posted to /sysadmin/login/ is checked."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gongkai.agencies.scoping import is_sysadmin


def restrict_admin_to_sysadmin(site) -> None:
    site.site_header = "公开平台 · 系统管理"
    site.site_title = "公开平台系统管理"
    site.index_title = "系统管理"

    def has_permission(request):
        return request.user.is_active and request.user.is_staff and is_sysadmin(request.user)

    def login(request, extra_context=None):
        if request.user.is_authenticated:
            # Signed in but not a system administrator: a redirect to the login would loop back here.
            raise PermissionDenied("系统管理仅限系统管理员使用。")
        next_url = request.GET.get("next") or reverse("admin:index", current_app=site.name)
        return redirect_to_login(next_url, reverse("accounts:login"))

    site.has_permission = has_permission
    site.login = login
