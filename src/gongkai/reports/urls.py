from django.urls import path

from gongkai.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_create, name="create"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/do/<slug:name>/", views.report_action, name="act"),
    path("<int:pk>/cell/<str:table>/<str:key>/<int:col>/", views.report_drill, name="drill"),
    path("<int:pk>/cell/<str:table>/<str:key>/<int:col>/export.xlsx", views.report_drill_export, name="drill_export"),
    path("<int:pk>/report.<str:ext>", views.report_download, name="download"),
]
