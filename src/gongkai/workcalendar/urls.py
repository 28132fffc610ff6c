from django.urls import path

from gongkai.workcalendar import views

app_name = "workcalendar"
urlpatterns = [
    path("", views.year_list, name="list"),
    path("confirm/", views.confirm, name="confirm"),
    path("<int:year>/", views.year_detail, name="year"),
]

# Calendar years are national, not agency data (tests/foundation/test_tenancy.py).
TENANCY_EXEMPT = {"year": "全国统一的工作日历，不属于任何机关"}
TENANCY_SAMPLES = {"year": lambda agency: {"year": 2026}}
