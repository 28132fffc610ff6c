"""Sent after a calendar year is confirmed or changed, inside the same transaction.

Receivers recompute every stored deadline that depends on the changed years and journal each change:
    calendar_changed.connect(receiver)   # receiver(sender, years: set[int], actor, **kwargs)
"""

from django.dispatch import Signal

calendar_changed = Signal()
