from django.urls import path

from gongkai.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_create, name="create"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/refresh/", views.report_refresh, name="refresh"),
    path("<int:pk>/texts/", views.report_texts, name="texts"),
    path("<int:pk>/manual/", views.report_manual, name="manual"),
    path("<int:pk>/members/", views.report_members, name="members"),
    path("<int:pk>/review/", views.report_review, name="review"),
    path("<int:pk>/publish/", views.report_publish, name="publish"),
    path("<int:pk>/reopen/", views.report_reopen, name="reopen"),
    path("<int:pk>/cell/<str:table>/<str:key>/<int:col>/", views.report_drill, name="drill"),
    path("<int:pk>/report.<str:ext>", views.report_download, name="download"),
]
