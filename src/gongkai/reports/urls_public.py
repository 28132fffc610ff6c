from django.urls import path

from gongkai.reports import views_public

app_name = "reports_public"
urlpatterns = [
    path("", views_public.published_list, name="list"),
    path("<int:pk>/", views_public.published_detail, name="detail"),
    path("<int:pk>/report.<str:ext>", views_public.published_download, name="download"),
    path("<int:pk>/v<int:version>/report.<str:ext>", views_public.version_download, name="version_download"),
]
