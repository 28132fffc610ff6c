"""Issue 9 item 4: the mailbox's staff pages follow the applications' rule: the writer's phone and e-mail are
masked (also where the letter's text repeats them) until a handler of the letter's agency clicks
"查看完整信息"; each reveal is journaled (who, when, which letter); the list and the Excel export stay masked.
One shared helper (common.privacy.record_reveal / revealed_to) serves both apps."""

import inspect
import io

from django.urls import reverse
from openpyxl import load_workbook

from gongkai.applications import actions as app_actions
from gongkai.common import privacy
from gongkai.interactions import actions
from gongkai.journal.models import Event

PHONE, EMAIL = "13812345678", "zsf@example.com"


def test_phone_is_masked_until_the_handler_asks_and_the_ask_is_journaled(client, staff, write_letter):
    letter = write_letter()
    url = reverse("interactions:letter_detail", args=[letter.pk])
    client.force_login(staff["officer"])
    page = client.get(url).content.decode()
    assert PHONE not in page and EMAIL not in page  # neither in the fields nor in the letter's text
    assert "138****5678" in page and "z***@example.com" in page and "查看完整信息" in page
    assert not Event.objects.filter(action="interactions.contact_revealed").exists()
    resp = client.post(reverse("interactions:letter_reveal", args=[letter.pk, "reveal"]))
    assert resp.status_code == 302
    page = client.get(url).content.decode()
    assert PHONE in page and EMAIL in page and "我的电话13812345678" in page and 'id="reveal"' not in page
    ev = Event.objects.for_object(letter).get(action="interactions.contact_revealed")
    assert ev.actor == staff["officer"] and ev.agency_id == letter.agency_id and ev.at is not None
    assert PHONE not in ev.note + str(ev.after) and EMAIL not in ev.note + str(ev.after)
    client.force_login(staff["reviewer"])
    assert PHONE not in client.get(url).content.decode()  # another handler has not asked
    client.post(reverse("interactions:letter_reveal", args=[letter.pk, "reveal"]))
    assert Event.objects.for_object(letter).filter(action="interactions.contact_revealed").count() == 2


def test_only_handlers_of_the_letters_agency_may_reveal(client, staff, write_letter):
    letter = write_letter()
    for who in ("stranger", "supervisor", "auditor"):
        client.force_login(staff[who])
        resp = client.post(reverse("interactions:letter_reveal", args=[letter.pk, "reveal"]))
        assert resp.status_code in (403, 404), who
        page = client.get(reverse("interactions:letter_detail", args=[letter.pk]))
        assert page.status_code in (403, 404) or (PHONE not in page.content.decode()
                                                  and 'id="reveal"' not in page.content.decode()), who
    assert not Event.objects.filter(action="interactions.contact_revealed").exists()


def test_list_and_export_stay_masked_after_a_reveal(client, staff, write_letter):
    letter = write_letter()
    client.force_login(staff["officer"])
    actions.reveal_writer_contact(staff["officer"], letter)
    listing = client.get(reverse("interactions:letters")).content.decode()
    assert letter.subject in listing and PHONE not in listing and "138****5678" in listing
    wb = load_workbook(io.BytesIO(client.get(reverse("interactions:letters_export")).content))
    cells = " ".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)
    assert letter.tracking_code in cells and PHONE not in cells and EMAIL not in cells


def test_both_apps_reveal_through_the_one_helper():
    assert app_actions.REVEAL_MINUTES == privacy.REVEAL_MINUTES
    for fn in (app_actions.reveal_contact, actions.reveal_writer_contact):
        assert "privacy.record_reveal" in inspect.getsource(fn)
