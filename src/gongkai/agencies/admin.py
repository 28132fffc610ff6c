from django.contrib import admin

from gongkai.agencies.models import Agency, Membership
from gongkai.journal.admin_mixins import JournaledAdmin


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Agency)
class AgencyAdmin(JournaledAdmin, admin.ModelAdmin):
    list_display = ("name", "parent", "level", "kind", "may_receive_applications")
    search_fields = ("name", "short_name", "credit_code")
    list_filter = ("level", "kind")
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(JournaledAdmin, admin.ModelAdmin):
    list_display = ("user", "agency", "role")
    list_filter = ("role",)
