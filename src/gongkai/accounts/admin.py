from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from gongkai.accounts.models import LoginAttempt, User
from gongkai.journal.admin_mixins import JournaledAdmin


@admin.register(User)
class GongkaiUserAdmin(JournaledAdmin, UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("联系方式", {"fields": ("full_name", "phone")}))
    list_display = ("username", "full_name", "is_active", "last_login")


@admin.register(LoginAttempt)
class LoginAttemptAdmin(admin.ModelAdmin):
    list_display = ("at", "username", "ip", "success")
    list_filter = ("success",)
    readonly_fields = ("at", "username", "ip", "success")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):  # part of the audit trail
        return False
