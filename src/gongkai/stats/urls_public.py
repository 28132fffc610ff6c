from django.urls import path

from gongkai.stats import views_public

app_name = "stats_public"
urlpatterns = [
    path("", views_public.index, name="index"),
    path("statistics-<int:year>.<str:ext>", views_public.download, name="download"),
    path("agency/<slug:slug>/", views_public.agency, name="agency"),
]
