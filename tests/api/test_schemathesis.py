"""schemathesis against the schema the API serves, over real HTTP: pytest-django's live server (a threaded
WSGI server on a loopback port) holding the demo data, the `st` command in a subprocess, bounded examples (the coverage phase's boundary values and 3 fuzzed
examples per operation; well under a minute).
Every check except positive_data_acceptance: that one also expects 2xx for requests that break rules no
static schema can state (an arrival date after today, a formed date before 2008, a year the working-day
calendar cannot compute), which the API rightly answers with 400."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.agencies.models import Agency


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_no_server_error_and_no_schema_violation(live_server, demo_data, settings, tmp_path):
    from gongkai.api.actions import create_token
    from gongkai.journal.actors import SYSTEM

    settings.GONGKAI_API_READ_LIMIT = settings.GONGKAI_API_WRITE_LIMIT = settings.GONGKAI_API_AUTH_FAIL_LIMIT = 10**6
    _, secret = create_token(SYSTEM, Agency.objects.get(slug="luzhou-tjj"), "schemathesis",
                             ["applications.register", "disclosures.draft"])
    st = Path(sys.executable).parent / "st"
    out = subprocess.run(
        [str(st), "run", f"{live_server.url}/api/v1/openapi.json", "--checks", "all",
         "--exclude-checks", "positive_data_acceptance", "-H", f"Authorization: Bearer {secret}",
         "--phases", "coverage,fuzzing", "--max-examples", "3", "--workers", "1", "--seed", "1",
         "--request-timeout", "20", "--generation-database", "none"],
        capture_output=True, text=True, timeout=240, cwd=tmp_path, env={**os.environ, "NO_COLOR": "1"},
    )
    summary = out.stdout[out.stdout.rfind("SUMMARY"):]
    print(summary)
    assert out.returncode == 0, out.stdout[-6000:] + out.stderr[-2000:]
    assert "Tested: 10" in summary and " passed" in summary and "failure" not in summary.lower()
