"""For the tenancy walk (tests/foundation/test_tenancy.py): kwargs addressing a given agency's cases."""

from gongkai.applications.models import Application, Attachment


def _case(agency, **filters):
    pk = Application.objects.filter(agency=agency, **filters).order_by("pk").values_list("pk", flat=True).first()
    return {"pk": pk} if pk else None


def _with(extra, **filters):
    def sample(agency):
        kw = _case(agency, **filters)
        return {**kw, **extra} if kw else None

    return sample


def _attachment(agency):
    att = Attachment.objects.filter(application__agency=agency).order_by("pk").first()
    return {"pk": att.application_id, "att_id": att.pk} if att else None


def _document(agency):
    from gongkai.applications.models import IssuedDocument

    doc = IssuedDocument.objects.filter(application__agency=agency).order_by("pk").first()
    return {"pk": doc.application_id, "doc_id": doc.pk, "fmt": "pdf"} if doc else None


TENANCY_SAMPLES = {
    "detail": _case,
    "case_file": _case,
    "act": _with({"name": "assign"}),
    "letter": _with({"fmt": "docx"}, outcome__gt=""),
    "attachment": _attachment,
    "reveal": _with({"name": "reveal"}),
    "case_act": _with({"name": "password_reset"}),
    "document": _document,
}
