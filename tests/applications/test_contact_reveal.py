"""Issue 9 item 4: officers of the handling agency reveal the applicant's full phone, ID number and address by
an explicit click; each reveal is journaled (who, when, which case); the Excel export and the 案卷 stay masked."""

import datetime as dt
import io

from django.urls import reverse
from openpyxl import load_workbook

from gongkai.journal.models import Event

from .docfiles import pdf_text


def test_reveal_is_journaled_and_shows_full_data_only_after_the_click(client, received, staff, person):
    app = received(dt.date(2026, 3, 2))
    client.force_login(staff["officer"])
    url = reverse("applications:detail", args=[app.pk])
    page = client.get(url).content.decode()
    assert person["phone"] not in page and person["id_number"] not in page and person["address"] not in page
    assert "查看完整信息" in page and app.masked_phone in page
    assert not Event.objects.filter(action="application.contact_revealed").exists()
    resp = client.post(reverse("applications:reveal", args=[app.pk, "reveal"]))
    assert resp.status_code == 302
    page = client.get(url).content.decode()
    assert person["phone"] in page and person["id_number"] in page and person["address"] in page
    ev = Event.objects.for_object(app).get(action="application.contact_revealed")
    assert ev.actor == staff["officer"] and ev.agency_id == app.agency_id and ev.at is not None
    # another officer of the same agency has not clicked: still masked for them
    other = staff["reviewer"]
    client.force_login(other)
    assert person["phone"] not in client.get(url).content.decode()
    client.post(reverse("applications:reveal", args=[app.pk, "reveal"]))
    assert Event.objects.for_object(app).filter(action="application.contact_revealed").count() == 2
    # the journal holds who and which case, not the data
    assert person["phone"] not in str(ev.after) + ev.note and person["id_number"] not in str(ev.after) + ev.note


def test_other_agency_and_supervisor_cannot_reveal(client, received, staff):
    app = received(dt.date(2026, 3, 2))
    for user in (staff["other_officer"], staff["supervisor"]):
        client.force_login(user)
        resp = client.post(reverse("applications:reveal", args=[app.pk, "reveal"]))
        assert resp.status_code in (403, 404), user
    assert not Event.objects.filter(action="application.contact_revealed").exists()


def test_export_and_case_file_stay_masked_after_a_reveal(client, received, staff, person):
    app = received(dt.date(2026, 3, 2))
    client.force_login(staff["officer"])
    client.post(reverse("applications:reveal", args=[app.pk, "reveal"]))
    wb = load_workbook(io.BytesIO(client.get(reverse("applications:export")).content))
    cells = " ".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)
    assert app.tracking_code in cells
    assert person["phone"] not in cells and person["id_number"] not in cells
    html = client.get(reverse("applications:case_file", args=[app.pk])).content.decode()
    pdf = pdf_text(client.get(reverse("applications:case_file", args=[app.pk]) + "?format=pdf").content)
    for text in (html, pdf):
        assert app.tracking_code in text and person["phone"] not in text and person["id_number"] not in text


def test_the_email_is_masked_like_the_phone_until_the_reveal(client, received, staff, person):
    """Issue 11 item 5 (regression): the e-mail address was shown in full on the case page and in the 案卷
    while phone, ID number and address were masked; now it is masked too and shown with them on the reveal
    (which the journal names)."""
    from gongkai.common.privacy import mask_email

    app = received(dt.date(2026, 3, 2))
    masked = mask_email(person["email"])
    assert app.masked_email == masked and masked != person["email"]
    client.force_login(staff["officer"])
    url = reverse("applications:detail", args=[app.pk])
    page = client.get(url).content.decode()
    assert person["email"] not in page and masked in page
    case_file = reverse("applications:case_file", args=[app.pk])
    html = client.get(case_file).content.decode()
    pdf = pdf_text(client.get(case_file + "?format=pdf").content)
    for text in (html, pdf):
        assert person["email"] not in text and masked in text
    client.post(reverse("applications:reveal", args=[app.pk, "reveal"]))
    assert person["email"] in client.get(url).content.decode()
    assert "电子邮箱" in Event.objects.for_object(app).get(action="application.contact_revealed").note
    # the 案卷 stays masked after a reveal
    assert person["email"] not in client.get(case_file).content.decode()
