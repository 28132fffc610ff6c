"""The base of every form of the platform: what a user submits loses its C0 control characters before any
field sees it (issue 15, item 3).

A `\\x0b` pasted into a public form used to be stored and later broke the Excel, Word and XML writers
(they are safe for stored text now too — `gongkai.common.cleantext`). Stripping happens once, on the bound
data, so every field of every form — text, choice, date, number, password, hidden — gets the same
treatment; tab, newline and carriage return stay (textareas send `\\r\\n`). Every form class of the
platform derives from `CleanInputMixin` (directly or through `Form` / `ModelForm` here); a test walks all
of them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.datastructures import MultiValueDict

from gongkai.common.cleantext import clean_text, clean_value


def _clean_item(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return type(value)(clean_value(v) for v in value)
    return clean_value(value)


def clean_input(data: Any) -> Any:
    """A copy of bound form data (a QueryDict, a MultiValueDict or a plain dict) with control characters
    removed from every key and every string value; files and other values unchanged."""
    if data is None:
        return None
    if isinstance(data, MultiValueDict):
        out = data.copy()  # a QueryDict's copy is mutable and keeps its encoding
        out.clear()
        for key, values in data.lists():
            out.setlist(clean_text(key), [clean_value(v) for v in values])
        if hasattr(out, "_mutable"):
            out._mutable = False
        return out
    return {clean_value(k): _clean_item(v) for k, v in dict(data).items()}


class CleanInputMixin:
    """Strips control characters (other than tab, newline, carriage return) from the submitted data."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = clean_input(self.data)


class Form(CleanInputMixin, forms.Form):
    pass


class ModelForm(CleanInputMixin, forms.ModelForm):
    pass
