"""The event journal: append-only, one row per state change (who, when, where, what, before → after)."""

from django.conf import settings
from django.db import models


class ImmutableError(Exception):
    pass


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableError("事件日志只能追加，不能修改。")

    def delete(self):
        raise ImmutableError("事件日志只能追加，不能删除。")

    def for_object(self, obj):
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))

    def for_user(self, user):
        from gongkai.agencies.models import Role
        from gongkai.agencies.scoping import visible_agency_ids

        return self.filter(agency_id__in=visible_agency_ids(user, {Role.AUDITOR, Role.SUPERVISOR}))


class Event(models.Model):
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_name = models.CharField("操作人", max_length=150, blank=True)  # kept if the account goes away
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机关", null=True, blank=True, on_delete=models.PROTECT
    )
    action = models.CharField("动作", max_length=80, db_index=True)
    object_type = models.CharField("对象类型", max_length=80, blank=True, db_index=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "事件"
        verbose_name_plural = "事件日志"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        from django.utils import timezone

        from gongkai.journal.labels import action_label

        at = f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} " if self.at else ""
        return f"{at}{self.actor_name} {action_label(self.action)} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("事件日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("事件日志只能追加，不能删除。")
