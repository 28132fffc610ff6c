"""The Django admin is for the system administrator only (separation of duties)."""

from gongkai.agencies.scoping import is_sysadmin


def restrict_admin_to_sysadmin(site) -> None:
    site.site_header = "公开平台 · 系统管理"
    site.site_title = "公开平台系统管理"
    site.index_title = "系统管理"

    def has_permission(request):
        return request.user.is_active and request.user.is_staff and is_sysadmin(request.user)

    site.has_permission = has_permission
