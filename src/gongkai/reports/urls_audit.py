from django.urls import path

from gongkai.reports import views_audit

app_name = "audit"
urlpatterns = [
    path("", views_audit.index, name="index"),
    path("export/", views_audit.export, name="export"),
]
