from django.urls import path

from gongkai.applications import views_public as v

app_name = "applications_public"
urlpatterns = [
    path("", v.apply, name="apply"),
    path("done/", v.apply_done, name="apply_done"),
    path("receipt/", v.receipt, name="receipt"),
    path("status/", v.status, name="status"),
    path("status/case/", v.status_detail, name="status_detail"),
    path("status/case/correction/", v.status_correction, name="status_correction"),
    path("status/case/withdraw/", v.status_withdraw, name="status_withdraw"),
    path("status/case/attachments/<int:att_id>/", v.status_attachment, name="status_attachment"),
    path("status/case/letter.<str:fmt>", v.status_letter, name="status_letter"),
    path("status/case/documents/<int:doc_id>.<str:fmt>", v.status_document, name="status_document"),
    path("status/logout/", v.status_logout, name="status_logout"),
    path("status/case/receipt/", v.status_receipt, name="status_receipt"),
    path("status/reset/", v.password_reset, name="password_reset"),
    path("status/reset/<str:token>/", v.password_reset_confirm, name="password_reset_confirm"),
]
