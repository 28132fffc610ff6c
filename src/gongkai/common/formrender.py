"""How every Django form is drawn: required fields marked, an error summary at the top that links to
each field in error, labels without a trailing colon (no "标题:" or "？："), and "请选择…" instead of
Django's "---------" in selects. `{{ form }}`, `form.as_div` and `form.as_p` all go through here.

Widget templates are looked up in `portal/form_templates/` before Django's own, so a widget template
placed there (the select's option) replaces Django's for every form."""

from __future__ import annotations

from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property

OVERRIDES = Path(__file__).resolve().parent.parent / "portal" / "form_templates"
REMAPPED = {
    "django/forms/div.html": "forms/div.html",
    "django/forms/p.html": "forms/div.html",
    "django/forms/field.html": "forms/field.html",
}


class FormRenderer(DjangoTemplates):
    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"

    @cached_property
    def engine(self):
        return self.backend({
            "APP_DIRS": True,
            "DIRS": [OVERRIDES, Path(django.forms.__file__).parent / self.backend.app_dirname],
            "NAME": "gongkaiforms",
            "OPTIONS": {},
        })

    def get_template(self, template_name: str):
        return super().get_template(REMAPPED.get(template_name, template_name))
