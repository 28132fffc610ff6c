"""A WSGI wrapper for the lost-answer test: with `X-Test-Crash-After-Commit: 1` the request is handled in
full (the submission and its session are committed) and then the server process dies before writing a byte
of the answer — the worst moment for an applicant. Used only by tests/security/test_lost_answer.py."""

import os

from gongkai.wsgi import application as django_application


def application(environ, start_response):
    if environ.get("HTTP_X_TEST_CRASH_AFTER_COMMIT") != "1":
        return django_application(environ, start_response)
    body = django_application(environ, lambda status, headers, exc_info=None: (lambda data: None))
    for _ in body:
        pass
    if hasattr(body, "close"):
        body.close()  # request_finished: everything Django does after the view is done
    os._exit(1)
