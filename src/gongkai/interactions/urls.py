from django.urls import path

from gongkai.interactions import views_staff as v

app_name = "interactions"
urlpatterns = [
    path("", v.letters, name="letters"),
    path("letters.xlsx", v.letters_export, name="letters_export"),
    path("letters/<int:pk>/", v.letter_detail, name="letter_detail"),
    path("letters/<int:pk>/reply/", v.letter_reply, name="letter_reply"),
    path("letters/<int:pk>/review/", v.letter_review, name="letter_review"),
    path("letters/<int:pk>/send/", v.letter_send, name="letter_send"),
    path("letters/<int:pk>/close/", v.letter_close, name="letter_close"),
    path("letters/<int:pk>/publish/", v.letter_publish, name="letter_publish"),
    path("letters/<int:pk>/unpublish/", v.letter_unpublish, name="letter_unpublish"),
    path("settings/<int:agency_id>/", v.mailbox_settings, name="settings"),
    path("surveys/", v.surveys, name="surveys"),
    path("surveys/new/", v.survey_new, name="survey_new"),
    path("surveys/<int:pk>/", v.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/questions/", v.survey_question_add, name="survey_question_add"),
    path("surveys/<int:pk>/questions/<int:question_id>/remove/", v.survey_question_remove,
         name="survey_question_remove"),
    path("surveys/<int:pk>/open/", v.survey_open, name="survey_open"),
    path("surveys/<int:pk>/close/", v.survey_close, name="survey_close"),
    path("surveys/<int:pk>/publish-results/", v.survey_publish_results, name="survey_publish_results"),
]
