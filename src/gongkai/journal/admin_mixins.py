"""Admin changes go into the journal too (the admin views already run in a transaction)."""

from gongkai.journal.services import record, snapshot


class JournaledAdmin:
    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        action = f"{obj._meta.model_name}.{'changed' if change else 'created'}_in_admin"
        record(action, actor=request.user, obj=obj, agency=_agency(obj), before=before, after=snapshot(obj))

    def delete_model(self, request, obj):
        record(f"{obj._meta.model_name}.deleted_in_admin", actor=request.user, obj=obj, agency=_agency(obj),
               before=snapshot(obj))
        super().delete_model(request, obj)


def _agency(obj):
    from gongkai.agencies.models import Agency

    return obj if isinstance(obj, Agency) else getattr(obj, "agency", None)
