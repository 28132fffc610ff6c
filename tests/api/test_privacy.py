"""Nothing personal in any read endpoint: over the demo data, every answer of every read endpoint (every
agency's statistics, every catalogue page, every published report, sampled item pages and searches) holds
no applicant's, letter writer's or appellant's name, phone, e-mail or ID number, and no staff name."""

import json
import re

import pytest

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.appeals.models import Appeal
from gongkai.applications.models import Application
from gongkai.disclosures.models import DisclosureItem
from gongkai.interactions.models import MailboxLetter
from gongkai.reports.models import AnnualReport, State

pytestmark = pytest.mark.django_db

ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def personal_values() -> set[str]:
    values = set()
    for row in Application.objects.values_list("applicant_name", "id_number", "phone", "email", "contact_person",
                                               "legal_representative"):
        values.update(row)
    for row in MailboxLetter.objects.values_list("writer_name", "phone", "email"):
        values.update(row)
    values.update(Appeal.objects.values_list("appellant", flat=True))
    values.update(User.objects.exclude(full_name="").values_list("full_name", flat=True))
    generic = {"联系人", "法定代表人", "负责人"}  # placeholders some demo rows carry, not anyone's name
    return {v for v in values if v and len(v) >= 2 and v not in generic}


def test_no_read_endpoint_shows_anything_personal(client, demo_data, settings):
    settings.GONGKAI_API_READ_LIMIT = 10**6
    secrets = personal_values()
    assert len(secrets) > 100  # the demo has applicants, letter writers and staff
    urls = ["/api/v1/agencies"]
    for year in (2020, 2025, 2026):
        urls.append(f"/api/v1/statistics?year={year}")
    for agency in Agency.objects.all():
        urls.append(f"/api/v1/catalogue/items?agency={agency.slug}&page_size=100")
    total = DisclosureItem.objects.public().count()
    urls += [f"/api/v1/catalogue/items?page={p}&page_size=100" for p in range(1, total // 100 + 2)]
    sample = DisclosureItem.objects.public().order_by("?").values_list("pk", flat=True)[:30]
    urls += [f"/api/v1/catalogue/items/{pk}" for pk in sample]
    urls += ["/api/v1/annual-reports?page_size=100"]
    urls += [f"/api/v1/annual-reports/{pk}" for pk in AnnualReport.objects.filter(state=State.PUBLISHED)
             .values_list("pk", flat=True)]
    urls += [f"/api/v1/search?q={q}" for q in ("统计", "申请", "公开", "电话")]
    seen = 0
    for url in urls:
        r = client.get(url)
        assert r.status_code == 200, url
        text = json.dumps(r.json(), ensure_ascii=False)
        seen += len(text)
        leaked = [v for v in secrets if v in text]
        assert not leaked, f"{url}: {leaked[:5]}"
        assert not ID_NUMBER.search(text), f"{url}: {ID_NUMBER.search(text).group()}"
        assert not MOBILE.search(text), f"{url}: {MOBILE.search(text).group()}"
    assert seen > 500_000  # the walk read the catalogue, not a few empty pages
