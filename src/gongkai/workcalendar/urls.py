from django.urls import path

from gongkai.workcalendar import views

app_name = "workcalendar"
urlpatterns = [
    path("", views.year_list, name="list"),
    path("confirm/", views.confirm, name="confirm"),
    path("<int:year>/", views.year_detail, name="year"),
]
