"""Issue 15 item 3, the form layer: C0 control characters (other than tab, newline and carriage return) typed
into any form never reach the database. One mixin (`gongkai.common.forms.CleanInputMixin`) does it; every
form class of the platform must carry it."""

import importlib
import pkgutil

import pytest
from django import forms
from django.http import QueryDict
from django.urls import reverse

import gongkai

DIRTY = "\x00\x01\x08\x0b\x0c\x0e\x1f\x7f"


def _all_form_classes() -> list[type]:
    for mod in pkgutil.walk_packages(gongkai.__path__, "gongkai."):
        if ".migrations" in mod.name or mod.name.endswith(("wsgi", "__main__")):
            continue
        importlib.import_module(mod.name)
    seen, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return sorted((c for c in seen if c.__module__.startswith("gongkai.")), key=lambda c: c.__qualname__)


def test_every_form_of_the_platform_strips_control_characters():
    from gongkai.common.forms import CleanInputMixin

    classes = _all_form_classes()
    assert len(classes) >= 40, [c.__qualname__ for c in classes]
    missing = [f"{c.__module__}.{c.__qualname__}" for c in classes if not issubclass(c, CleanInputMixin)]
    assert missing == []


def test_admin_forms_strip_control_characters():
    from django.contrib import admin

    from gongkai.common.forms import CleanInputMixin

    for model_admin in admin.site._registry.values():
        assert issubclass(model_admin.form, CleanInputMixin), type(model_admin).__name__
        for inline in model_admin.inlines:
            assert issubclass(inline.form, CleanInputMixin), inline.__name__


def test_clean_input_keeps_tab_newline_return_and_files():
    from gongkai.common.forms import clean_input

    data = QueryDict(mutable=True)
    data.setlist("text", ["a\x0bb\tc\r\nd", "e\x00f"])
    data["k\x01ey"] = "v"
    out = clean_input(data)
    assert out.getlist("text") == ["ab\tc\r\nd", "ef"] and out["key"] == "v" and not out._mutable
    upload = object()
    assert clean_input({"f": upload, "many": ["x\x1f", "y"]}) == {"f": upload, "many": ["x", "y"]}


@pytest.mark.django_db
def test_public_application_is_stored_without_control_characters(client, agency_tree):
    from gongkai.applications.models import Application

    data = {
        "agency": agency_tree["dept"].pk, "token": "tok-ctl", "confirm": "on",
        "applicant_type": "natural_person", "applicant_name": "张" + DIRTY + "三", "id_type": "id_card",
        "id_number": "510502199001191234", "phone": "13800001234", "email": "zhangsan@example.com",
        "address": "泸州市\x0b江阳区", "info_name": "2025年\x0b统计公报",
        "info_description": "第一行\r\n第二行\t" + DIRTY + "完", "provision_form": "electronic",
        "delivery_method": "email",
    }
    resp = client.post(reverse("applications_public:apply"), data)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    app = Application.objects.get()
    assert (app.applicant_name, app.address, app.info_name) == ("张三", "泸州市江阳区", "2025年统计公报")
    assert app.info_description == "第一行\r\n第二行\t完"


def test_staff_reply_form_strips_control_characters():
    from gongkai.interactions.forms import ReplyForm

    form = ReplyForm({"body": "答复\x0b内容\n第二段", "replier": "测试\x1b市统计局"})
    assert form.is_valid()
    assert form.cleaned_data == {"body": "答复内容\n第二段", "replier": "测试市统计局"}
