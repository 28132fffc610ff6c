from django.urls import path

from gongkai.reports import views_audit, views_audit_batch

app_name = "audit"
urlpatterns = [
    path("", views_audit.index, name="index"),
    path("export/", views_audit.export, name="export"),
    path("batch/", views_audit_batch.batch_list, name="batch_list"),
    path("batch/<int:pk>/", views_audit_batch.batch_detail, name="batch_detail"),
    path("batch/<int:pk>/progress/", views_audit_batch.batch_progress, name="batch_progress"),
    path("batch/<int:pk>/files/<int:position>/", views_audit_batch.batch_item, name="batch_item"),
    path("batch/<int:pk>/export.xlsx", views_audit_batch.batch_export, name="batch_export"),
]
