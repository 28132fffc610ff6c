from django import forms

from gongkai.agencies.actions import CONTACT_FIELDS
from gongkai.agencies.models import Agency
from gongkai.common import forms as clean


class ContactForm(clean.ModelForm):
    """An agency's contact details, as the 公开指南 and the reply letters print them."""

    class Meta:
        model = Agency
        fields = CONTACT_FIELDS
        widgets = {"website": forms.URLInput(attrs={"placeholder": "https://"})}
