"""Replying in tests as the workflow requires: a reply that refuses or partly refuses is first submitted
for sign-off by the officer and signed off by the reviewer (actions.signoff_required)."""

from gongkai.applications import actions


def reply_signed(officer, reviewer, app, outcome, **kwargs):
    if actions.signoff_required(app, outcome):
        actions.submit_reply_for_signoff(officer, app, outcome, text=kwargs.get("text", ""),
                                         basis=kwargs.get("basis", ""))
        actions.sign_off_reply(reviewer, app)
    return actions.reply(officer, app, outcome, **kwargs)


def sign_off(officer, reviewer, app, outcome):
    """Submit and sign off a draft of `outcome` (before a transfer, whose letter says 无法提供)."""
    actions.submit_reply_for_signoff(officer, app, outcome)
    actions.sign_off_reply(reviewer, app)
