"""For the tenancy walk (tests/foundation/test_tenancy.py): a dashboard section is named by its kind, not by
an agency's record; which agencies it counts is chosen by ?agency= and limited by stats.scope."""

TENANCY_SAMPLES = {"section": lambda agency: {"name": "applications"}}
