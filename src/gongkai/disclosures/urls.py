from django.urls import path

from gongkai.disclosures import views_staff as v
from gongkai.disclosures.views_attachments import staff_attachment

app_name = "disclosures"
urlpatterns = [
    path("", v.ledger, name="list"),
    path("new/", v.create, name="create"),
    path("import/", v.import_ledger, name="import"),
    path("queue/", v.queue, name="queue"),
    path("late/", v.late, name="late"),
    path("<int:pk>/", v.detail, name="detail"),
    path("<int:pk>/edit/", v.edit, name="edit"),
    path("<int:pk>/attachments/<int:att_id>/", staff_attachment, name="attachment"),
    path("<int:pk>/do/<slug:name>/", v.act, name="act"),
    path("catalogue/", v.catalogue_home, name="catalogue_home"),
    path("catalogue/<int:agency_id>/", v.catalogue, name="catalogue"),
    path("catalogue/node/<int:pk>/", v.node_edit, name="node"),
    path("catalogue/<int:agency_id>/guide/", v.guide, name="guide"),
    path("catalogue/<int:agency_id>/settings/", v.agency_settings, name="settings"),
    path("catalogue/<int:agency_id>/tallies/", v.import_tallies, name="tallies"),
]
