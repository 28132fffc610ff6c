from django.urls import path

from gongkai.api import docs

app_name = "api_public"
urlpatterns = [
    path("", docs.page, name="docs"),
]
