from django.urls import path

from gongkai.journal import views

app_name = "journal"
urlpatterns = [path("", views.event_list, name="list")]
