from django.urls import path

from gongkai.workcalendar import views

app_name = "workcalendar"
urlpatterns = [
    path("", views.year_list, name="list"),
    path("confirm/", views.confirm, name="confirm"),
    path("<int:year>/", views.year_detail, name="year"),
]

# For the tenancy walk; calendar years are national, not agency data (its exception is listed there).
TENANCY_SAMPLES = {"year": lambda agency: {"year": 2026}}
