from django.urls import path

from gongkai.workcalendar import views_public

app_name = "workcalendar_public"
urlpatterns = [path("", views_public.calculator, name="calculator")]
