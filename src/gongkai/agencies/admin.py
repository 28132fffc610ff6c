"""The sysadmin's agency and role pages. Every save and delete goes through agencies.actions (permission
checked, atomic, journaled); the admin only collects and validates the input."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.agencies import actions
from gongkai.agencies.models import Agency, Membership
from gongkai.common import forms as clean


def adopt(obj, saved) -> None:
    """Make the admin's unsaved instance the row the action created (the admin goes on with `obj`)."""
    for f in type(saved)._meta.concrete_fields:
        setattr(obj, f.attname, getattr(saved, f.attname))
    obj._state.adding, obj._state.db = False, saved._state.db


def _grant(request, membership: Membership) -> None:
    adopt(membership, actions.grant_role(request.user, membership.user, membership.agency, membership.role))


def _regrant(request, membership: Membership) -> None:
    stored = Membership.objects.get(pk=membership.pk)
    saved = actions.change_role(request.user, stored, user=membership.user, agency=membership.agency,
                                role=membership.role)
    adopt(membership, saved)


class AgencyForm(clean.ModelForm):
    class Meta:
        model = Agency
        fields = [f.name for f in Agency._meta.fields if f.name in actions.EDITABLE_FIELDS]  # model order

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        if self.instance.pk:
            try:
                actions.check_parent(Agency.objects.get(pk=self.instance.pk), parent)
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from None
        return parent


class MembershipInline(admin.TabularInline):
    model = Membership
    form = clean.ModelForm
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    form = AgencyForm
    list_display = ("name", "parent", "level", "kind", "may_receive_applications")
    search_fields = ("name", "short_name", "credit_code")
    list_filter = ("level", "kind")
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        values = {f: form.cleaned_data[f] for f in actions.EDITABLE_FIELDS if f in form.cleaned_data}
        if change:
            stored = Agency.objects.get(pk=obj.pk)
            actions.update_agency(request.user, stored, **{f: values[f] for f in form.changed_data if f in values})
            adopt(obj, Agency.objects.get(pk=obj.pk))
        else:
            name, slug, parent = values.pop("name"), values.pop("slug"), values.pop("parent", None)
            adopt(obj, actions.create_agency(request.user, name=name, slug=slug, parent=parent, **values))

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)
        for membership in formset.deleted_objects:
            actions.revoke_role(request.user, membership)
        for membership, _fields in formset.changed_objects:
            _regrant(request, membership)
        for membership in formset.new_objects:
            _grant(request, membership)
        formset.save_m2m()

    def delete_model(self, request, obj):
        actions.delete_agency(request.user, obj)

    def delete_queryset(self, request, queryset):
        _delete_each(request, queryset, actions.delete_agency)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = clean.ModelForm
    list_display = ("user", "agency", "role")
    list_filter = ("role",)

    def save_model(self, request, obj, form, change):
        (_regrant if change else _grant)(request, obj)

    def delete_model(self, request, obj):
        actions.revoke_role(request.user, obj)

    def delete_queryset(self, request, queryset):
        _delete_each(request, queryset, actions.revoke_role)


def _delete_each(request, queryset, delete) -> None:
    """The admin's "delete selected": all or nothing; a refusal is shown instead of a 500."""
    try:
        with transaction.atomic():
            for obj in queryset:
                delete(request.user, obj)
    except ValidationError as exc:
        messages.error(request, "未删除：" + "；".join(exc.messages))
