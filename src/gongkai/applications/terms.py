"""The statutory and policy periods as the templates show them (formatted from rules.clock, never retyped)."""

from gongkai.rules.clock import (
    CONSULTATION_WORKDAYS,
    CORRECTION_NOTICE_WORKDAYS,
    DUE_SOON_WORKDAYS,
    EXTENSION_MAX_WORKDAYS,
    FEE_PAYMENT_WORKDAYS,
    REPLY_WORKDAYS,
)

TERMS = {
    "reply": REPLY_WORKDAYS,
    "extension_max": EXTENSION_MAX_WORKDAYS,
    "correction_notice": CORRECTION_NOTICE_WORKDAYS,
    "consultation": CONSULTATION_WORKDAYS,
    "fee_payment": FEE_PAYMENT_WORKDAYS,
    "due_soon": DUE_SOON_WORKDAYS,
}
