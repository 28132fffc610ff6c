"""For the tenancy walk (tests/foundation/test_tenancy.py): kwargs addressing a given agency's report."""

from gongkai.reports.models import AnnualReport


def _pk(agency):
    pk = AnnualReport.objects.filter(agency=agency).values_list("pk", flat=True).first()
    return {"pk": pk} if pk else None


TENANCY_SAMPLES = {
    "detail": _pk,
    "act": lambda agency: {**_pk(agency), "name": "refresh"} if _pk(agency) else None,
    "drill": lambda agency: {**_pk(agency), "table": "t3", "key": "new", "col": 0} if _pk(agency) else None,
    "drill_export": lambda agency: {**_pk(agency), "table": "t3", "key": "new", "col": 0} if _pk(agency) else None,
    "download": lambda agency: {**_pk(agency), "ext": "json"} if _pk(agency) else None,
}
