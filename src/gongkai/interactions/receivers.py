"""Signal receivers of the interactions app: when the calendar changes, open letters' reply deadlines
are recomputed (and journaled) as whoever changed the calendar."""

from django.dispatch import receiver

from gongkai.workcalendar.signals import calendar_changed


@receiver(calendar_changed, dispatch_uid="interactions.recompute_letter_due_dates")
def on_calendar_changed(sender, years, actor, **kwargs):
    from gongkai.interactions.actions import recompute_due_dates

    recompute_due_dates(actor, years)
