"""Root URLs. Each app owns its urls module; public pages and staff pages are separate modules where an
app has both (`urls_public` / `urls`)."""

from django.contrib import admin
from django.urls import include, path, re_path

from gongkai.accounts.admin_site import restrict_admin_to_sysadmin
from gongkai.api.main import api
from gongkai.serving import health, media

restrict_admin_to_sysadmin(admin.site)

urlpatterns = [
    path("", include("gongkai.portal.urls")),
    path("accounts/", include("gongkai.accounts.urls")),
    path("work/", include("gongkai.workbench.urls")),
    path("work/journal/", include("gongkai.journal.urls")),
    path("work/calendar/", include("gongkai.workcalendar.urls")),
    path("work/agencies/", include("gongkai.agencies.urls")),
    path("work/applications/", include("gongkai.applications.urls")),
    path("work/appeals/", include("gongkai.appeals.urls")),
    path("work/disclosures/", include("gongkai.disclosures.urls")),
    path("work/interactions/", include("gongkai.interactions.urls")),
    path("work/reports/", include("gongkai.reports.urls")),
    path("apply/", include("gongkai.applications.urls_public")),
    path("open/", include("gongkai.disclosures.urls_public")),
    path("mailbox/", include("gongkai.interactions.urls_public")),
    path("annual-reports/", include("gongkai.reports.urls_public")),
    path("workdays/", include("gongkai.workcalendar.urls_public")),
    path("data/", include("gongkai.stats.urls_public")),
    path("work/stats/", include("gongkai.stats.urls")),
    path("audit/", include("gongkai.reports.urls_audit")),
    path("api/v1/docs/", include("gongkai.api.urls_public")),
    path("api/v1/", api.urls),
    path("work/api-tokens/", include("gongkai.api.urls")),
    path("sysadmin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("_hello", health.hello, name="hello"),
    re_path(r"^media/(?P<path>.+)$", media.serve_media, name="media"),
]

# A database too busy to answer in time is a 503 「请稍后重试」, never a 500 (gongkai.serving.busy).
handler500 = "gongkai.serving.busy.server_error"
# Chinese pages in the portal's or the workbench's frame (gongkai.portal.errors).
handler403 = "gongkai.portal.errors.permission_denied"
handler404 = "gongkai.portal.errors.page_not_found"
