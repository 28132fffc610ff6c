from django.urls import path  # noqa: F401

app_name = "disclosures_public"
urlpatterns: list = []
