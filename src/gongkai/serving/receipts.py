"""Nothing saved goes unacknowledged: a public submission and the session that remembers its receipt
commit in one database transaction.

If the response to a submission is lost after the commit (a timeout, a crash, a 503), the browser still
holds its session cookie (the session was created when the form was shown), and that session already
holds the receipt, so submitting the same form again shows the same receipt (with the query password).
Sessions are database-backed in every configuration (`db`, or `cached_db` with Redis) for this reason.
"""

from __future__ import annotations

from django.conf import settings


def ensure_session(request) -> None:
    """Create the session now (shown-form time), so that its cookie reaches the browser before any
    submission whose answer might be lost."""
    if request.session.session_key is None:
        request.session.save()


def save_in_transaction(request) -> None:
    """Write the session inside the caller's transaction (it commits, or not, with the submission)."""
    if settings.SESSION_ENGINE.endswith(("backends.db", "backends.cached_db")):
        request.session.save()


def fingerprint(*parts) -> str:
    import hashlib

    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]
