from django.urls import path

from gongkai.api import views_staff

app_name = "api_tokens"
urlpatterns = [
    path("", views_staff.token_list, name="list"),
    path("<int:pk>/do/<slug:name>/", views_staff.token_action, name="action"),
]
