"""For the tenancy walk (tests/foundation/test_tenancy.py): kwargs addressing a given agency's data."""

from gongkai.interactions.models import MailboxLetter, Survey, SurveyQuestion


def _letter(agency):
    return {"pk": MailboxLetter.objects.filter(agency=agency).values_list("pk", flat=True).first()}


def _survey(agency):
    return {"pk": Survey.objects.filter(agency=agency).values_list("pk", flat=True).first()}


def _question(agency):
    q = SurveyQuestion.objects.filter(survey__agency=agency).first()
    return {"pk": q.survey_id, "question_id": q.pk}


TENANCY_SAMPLES = {
    **{name: _letter for name in ("letter_detail", "letter_reply", "letter_review", "letter_send",
                                  "letter_close", "letter_publish", "letter_unpublish")},
    "settings": lambda agency: {"agency_id": agency.pk},
    **{name: _survey for name in ("survey_detail", "survey_question_add", "survey_open", "survey_close",
                                  "survey_publish_results")},
    "survey_question_remove": _question,
}
