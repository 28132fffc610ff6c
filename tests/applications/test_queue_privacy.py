"""Applicant names: masked in the queue and the export, searchable only by POST (never in a URL)."""

import datetime as dt
import io

from django.urls import reverse
from openpyxl import load_workbook


def test_queue_and_export_mask_a_persons_name_but_not_a_companys(client, received, staff, company):
    person = received(dt.date(2026, 3, 2))
    firm = received(dt.date(2026, 3, 3), data=company)
    client.force_login(staff["officer"])
    page = client.get(reverse("applications:queue") + "?state=all").content.decode()
    assert person.tracking_code in page and "张*" in page and "张三" not in page
    assert "某某科技有限公司" in page
    ws = load_workbook(io.BytesIO(client.get(reverse("applications:export") + "?state=all").content)).active
    flat = " ".join(str(c) for row in ws.iter_rows(min_row=2, values_only=True) for c in row)
    assert "张*" in flat and "张三" not in flat and "某某科技有限公司" in flat
    # the handler's case page still shows the full name
    assert "张三" in client.get(reverse("applications:detail", args=[person.pk])).content.decode()
    assert firm.pk


def test_name_search_only_by_post(client, received, staff, person):
    zhang = received(dt.date(2026, 3, 2))
    li = received(dt.date(2026, 3, 3), data={**person, "applicant_name": "李四", "doc_no": "泸统发〔2025〕7号"})
    client.force_login(staff["officer"])
    url = reverse("applications:queue")
    by_get = client.get(url + "?state=all&q=张三").content.decode()
    assert zhang.tracking_code not in by_get  # GET ?q= no longer searches names
    by_doc = client.get(url + "?state=all&q=泸统发").content.decode()
    assert li.tracking_code in by_doc and zhang.tracking_code not in by_doc
    resp = client.post(url + "?state=all", {"applicant": "张三"})
    body = resp.content.decode()
    assert resp.status_code == 200 and zhang.tracking_code in body and li.tracking_code not in body
    assert 'method="post"' in body and "csrfmiddlewaretoken" in body
