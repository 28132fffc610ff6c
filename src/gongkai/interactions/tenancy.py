"""For the tenancy walk (tests/foundation/test_tenancy.py): kwargs addressing a given agency's data.
The action views are sampled with one action each; tests/interactions/test_tenancy.py walks every action."""

from gongkai.interactions.models import MailboxLetter, Survey


def _letter(agency):
    return {"pk": MailboxLetter.objects.filter(agency=agency).values_list("pk", flat=True).first()}


def _survey(agency):
    return {"pk": Survey.objects.filter(agency=agency).values_list("pk", flat=True).first()}


TENANCY_SAMPLES = {
    "letter_detail": _letter,
    "letter_action": lambda agency: {**_letter(agency), "name": "reply"},
    "letter_reveal": lambda agency: {**_letter(agency), "name": "reveal"},
    "settings": lambda agency: {"agency_id": agency.pk},
    "survey_detail": _survey,
    "survey_action": lambda agency: {**_survey(agency), "name": "add_question"},
}
