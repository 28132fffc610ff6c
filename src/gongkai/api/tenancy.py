"""For the tenancy walk (tests/foundation/test_tenancy.py): a token of the given agency (made as the
system when the agency has none: the demo data holds no secrets)."""

from gongkai.journal.actors import SYSTEM


def _token(agency):
    from gongkai.api.actions import create_token
    from gongkai.api.models import ApiToken

    token = ApiToken.objects.filter(agency=agency).first()
    if token is None:
        token, _ = create_token(SYSTEM, agency, "租户检查", ["disclosures.draft"])
    return {"pk": token.pk}


TENANCY_SAMPLES = {"action": lambda agency: {**_token(agency), "name": "revoke"}}
