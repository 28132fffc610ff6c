from django.urls import path

from gongkai.stats import views

app_name = "stats"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("section/<slug:name>/", views.section, name="section"),
    path("records/", views.records, name="records"),
    path("export.xlsx", views.export, name="export"),
]
