"""The sysadmin's account pages. Creating, changing, deleting an account and setting its password go
through accounts.actions (permission checked, atomic, journaled); the admin only collects the input."""

import contextvars

from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.accounts import actions
from gongkai.accounts.models import LoginAttempt, User
from gongkai.agencies.admin import adopt
from gongkai.common import forms as clean
from gongkai.common.forms import CleanInputMixin

# Who is using the admin's password form (the form is built by Django without the request).
_admin_actor: contextvars.ContextVar = contextvars.ContextVar("gongkai_admin_actor")


class ActionPasswordForm(CleanInputMixin, AdminPasswordChangeForm):
    def save(self, commit=True):
        password = self.cleaned_data["password1"] if self.cleaned_data["set_usable_password"] else None
        return actions.set_password(_admin_actor.get(), self.user, password)


class CleanUserChangeForm(CleanInputMixin, UserChangeForm):
    pass


class CleanUserCreationForm(CleanInputMixin, AdminUserCreationForm):
    pass


@admin.register(User)
class GongkaiUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("联系方式", {"fields": ("full_name", "phone")}))
    list_display = ("username", "full_name", "is_active", "last_login")
    readonly_fields = ("last_login", "date_joined")
    change_password_form = ActionPasswordForm
    form = CleanUserChangeForm
    add_form = CleanUserCreationForm

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        actor = request.user

        class Checked(form):
            def clean(self):
                cleaned = super().clean()
                if self.instance.pk == actor.pk and cleaned.get("is_active") is False:
                    self.add_error("is_active", "不能停用自己的账户，请由另一位系统管理员操作。")
                return cleaned

        return Checked

    def save_model(self, request, obj, form, change):
        if change:
            values = {f: form.cleaned_data[f] for f in form.changed_data if f in actions.ACCOUNT_FIELDS}
            actions.update_account(request.user, User.objects.get(pk=obj.pk), **values)
            adopt(obj, User.objects.get(pk=obj.pk))
            return
        cleaned = form.cleaned_data
        password = cleaned.get("password1") if cleaned.get("set_usable_password", True) else None
        values = {f: cleaned[f] for f in actions.ACCOUNT_FIELDS if f in cleaned and f != "username"}
        adopt(obj, actions.create_account(request.user, cleaned["username"], password=password, **values))

    def user_change_password(self, request, id, form_url=""):
        token = _admin_actor.set(request.user)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            _admin_actor.reset(token)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.pk == request.user.pk:
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        actions.delete_account(request.user, obj)

    def delete_queryset(self, request, queryset):
        try:
            with transaction.atomic():
                for user in queryset:
                    actions.delete_account(request.user, user)
        except ValidationError as exc:
            messages.error(request, "未删除：" + "；".join(exc.messages))


@admin.register(LoginAttempt)
class LoginAttemptAdmin(admin.ModelAdmin):
    form = clean.ModelForm
    list_display = ("at", "username", "ip", "success")
    list_filter = ("success",)
    readonly_fields = ("at", "username", "ip", "success")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):  # part of the audit trail
        return False



class CleanGroupAdmin(GroupAdmin):
    form = clean.ModelForm


admin.site.unregister(Group)
admin.site.register(Group, CleanGroupAdmin)
