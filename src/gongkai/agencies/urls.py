from django.urls import path

from gongkai.agencies import views

app_name = "agencies"
urlpatterns = [
    path("", views.agency_list, name="list"),
    path("<int:pk>/", views.agency_detail, name="detail"),
    path("<int:pk>/edit/", views.agency_edit, name="edit"),
]

# For the tenancy walk (tests/foundation/test_tenancy.py): kwargs addressing data of a given agency.
TENANCY_SAMPLES = {"detail": lambda agency: {"pk": agency.pk}, "edit": lambda agency: {"pk": agency.pk}}
