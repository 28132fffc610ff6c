"""When a calendar year is confirmed or changed, the stored Art. 26 results are recomputed (journaled)."""

from django.dispatch import receiver

from gongkai.workcalendar.signals import calendar_changed


@receiver(calendar_changed)
def recompute_on_calendar_change(sender, years, actor=None, **kwargs):
    from gongkai.disclosures.actions import recompute_lateness

    if years:
        recompute_lateness(set(years), actor=actor)
