from django.urls import path

from gongkai.disclosures import views_public as v
from gongkai.disclosures.views_attachments import public_attachment

app_name = "disclosures_public"
urlpatterns = [
    path("", v.index, name="index"),
    path("search/", v.search, name="search"),
    path("<slug:slug>/", v.agency_home, name="agency"),
    path("<slug:slug>/guide/", v.guide, name="guide"),
    path("<slug:slug>/search/", v.search, name="agency_search"),
    path("<slug:slug>/items/", v.item_list, name="items"),
    path("<slug:slug>/items/<int:pk>/", v.item_page, name="item"),
    path("<slug:slug>/items/<int:pk>/attachments/<int:att_id>/", public_attachment, name="attachment"),
    path("<slug:slug>/catalogue/<int:node_id>/", v.item_list, name="node"),
    path("<slug:slug>/rss.xml", v.NodeFeed(), name="feed_rss"),
    path("<slug:slug>/atom.xml", v.NodeAtomFeed(), name="feed_atom"),
    path("<slug:slug>/catalogue/<int:node_id>/rss.xml", v.NodeFeed(), name="node_rss"),
    path("<slug:slug>/catalogue/<int:node_id>/atom.xml", v.NodeAtomFeed(), name="node_atom"),
]
