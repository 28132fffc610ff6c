"""For the tenancy walk (tests/foundation/test_tenancy.py)."""

from gongkai.appeals.models import Appeal


def _appeal(agency):
    pk = Appeal.objects.filter(agency=agency).order_by("pk").values_list("pk", flat=True).first()
    return {"pk": pk} if pk else None


TENANCY_SAMPLES = {"edit": _appeal}
