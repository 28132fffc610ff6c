from django.urls import path

from gongkai.interactions import views_staff as v

app_name = "interactions"
urlpatterns = [
    path("", v.letters, name="letters"),
    path("letters.xlsx", v.letters_export, name="letters_export"),
    path("letters/<int:pk>/", v.letter_detail, name="letter_detail"),
    path("letters/<int:pk>/do/<slug:name>/", v.letter_action, name="letter_action"),
    path("letters/<int:pk>/contact/<slug:name>/", v.letter_reveal, name="letter_reveal"),
    path("settings/<int:agency_id>/", v.mailbox_settings, name="settings"),
    path("surveys/", v.surveys, name="surveys"),
    path("surveys/new/", v.survey_new, name="survey_new"),
    path("surveys/<int:pk>/", v.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/do/<slug:name>/", v.survey_action, name="survey_action"),
]
