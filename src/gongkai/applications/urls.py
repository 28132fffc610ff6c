from django.urls import path

from gongkai.applications import views_import
from gongkai.applications import views_staff as v

app_name = "applications"
urlpatterns = [
    path("", v.queue, name="queue"),
    path("export.xlsx", v.export, name="export"),
    path("default-filter/", v.save_default, name="save_default"),
    path("register/", v.register, name="register"),
    path("promote/", v.promote, name="promote"),
    path("import/", views_import.ledger_import, name="import"),
    path("<int:pk>/", v.detail, name="detail"),
    path("<int:pk>/act/<str:name>/", v.act, name="act"),
    path("<int:pk>/contact/<str:name>/", v.reveal, name="reveal"),
    path("<int:pk>/case/<str:name>/", v.case_act, name="case_act"),
    path("<int:pk>/letter.<str:fmt>", v.letter, name="letter"),
    path("<int:pk>/documents/<int:doc_id>.<str:fmt>", v.document, name="document"),
    path("<int:pk>/case-file/", v.case_file, name="case_file"),
    path("<int:pk>/attachments/<int:att_id>/", v.attachment, name="attachment"),
]
