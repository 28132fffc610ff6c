"""Admin changes go into the journal too (the admin views already run in a transaction)."""

from gongkai.journal.services import record, snapshot


class JournaledAdmin:
    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        action = f"{obj._meta.model_name}.{'changed' if change else 'created'}_in_admin"
        record(action, actor=request.user, obj=obj, agency=_agency(obj), before=before, after=snapshot(obj))

    def save_formset(self, request, form, formset, change):
        before = {f.instance.pk: snapshot(f.instance) for f in formset.forms if f.instance.pk}
        pks = {id(f.instance): f.instance.pk for f in formset.forms if f.instance.pk}  # deletion clears obj.pk
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            record(f"{obj._meta.model_name}.created_in_admin", actor=request.user, obj=obj, agency=_agency(obj),
                   after=snapshot(obj))
        for obj, _fields in formset.changed_objects:
            record(f"{obj._meta.model_name}.changed_in_admin", actor=request.user, obj=obj, agency=_agency(obj),
                   before=before.get(obj.pk), after=snapshot(obj))
        for obj in formset.deleted_objects:
            pk = pks.get(id(obj))
            record(f"{obj._meta.model_name}.deleted_in_admin", actor=request.user, obj=obj, agency=_agency(obj),
                   object_id=str(pk), before=before.get(pk))

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            record(f"{obj._meta.model_name}.deleted_in_admin", actor=request.user, obj=obj, agency=_agency(obj),
                   before=snapshot(obj))
        super().delete_queryset(request, queryset)

    def delete_model(self, request, obj):
        record(f"{obj._meta.model_name}.deleted_in_admin", actor=request.user, obj=obj, agency=_agency(obj),
               before=snapshot(obj))
        super().delete_model(request, obj)


def _agency(obj):
    from gongkai.agencies.models import Agency

    return obj if isinstance(obj, Agency) else getattr(obj, "agency", None)
