from django.urls import path

from gongkai.interactions import views_public as v

app_name = "interactions_public"
urlpatterns = [
    path("", v.home, name="home"),
    path("write/<slug:slug>/", v.write, name="write"),
    path("sent/", v.done, name="done"),
    path("query/", v.query, name="query"),
    path("qa/", v.qa_list, name="qa_list"),
    path("qa/<int:pk>/", v.qa_detail, name="qa_detail"),
    path("surveys/", v.surveys, name="surveys"),
    path("surveys/<int:pk>/", v.survey_take, name="survey_take"),
    path("surveys/<int:pk>/results/", v.survey_results_view, name="survey_results"),
]
