"""The partner API keeps to its own OpenAPI schema, as each of its users meets it.

Schemathesis reads /api/v1/schema/ from a live server holding the demonstration data and sends
each operation requests built from the schema (its examples, the boundaries of every parameter,
random valid and invalid values, and chains of calls), as an anonymous client and with the API
token of a partner, an officer, a councillor and an admin. Every check it has runs but one: no
answer is a 500, every status, content type and header is documented, every body matches its
schema, invalid input is refused, a deleted record is gone, and a request without the token is
not answered as if it had one. The check left out, that every schema-valid request is
accepted, cannot hold for a domain's rules: a date the domain's window refuses, a ward code no
ward has, a booking over another one.

The run is fixed: the same seed and number of examples every time, so that a failure repeats.
Each role's figures are printed (`pytest -s`) and a failure lists what schemathesis found with
a curl command to reproduce it."""

import json
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle

SEED = 20261201
EXAMPLES = 6  # per operation and phase: about 2,500 requests a role (46 operations)
CHECKS = ["--checks", "all", "--exclude-checks", "positive_data_acceptance"]
ROLES = {"anonymous": None, "partner": "partner", "officer": "officer", "councillor": "councillor",
         "admin": "admin"}
# Two groups, each a test of its own, so that CI can run one beside the other (.ci/run).
GROUPS = {"readers": ["anonymous", "partner", "councillor"], "staff": ["officer", "admin"]}
CONFIG = """
[phases.coverage.extra-data-sources]
responses = true
[phases.fuzzing.extra-data-sources]
responses = true
"""


@pytest.fixture
def demo_site(birmingham_wards, settings, monkeypatch):
    """The demonstration wards, plans, forums and hubs, and an API token for each role."""
    settings.DEBUG = True  # demo_accounts refuses to run on a production site
    call_command("demo_accounts", verbosity=0)
    settings.DEBUG = False
    for command, args in [("load_libraries", ["--commit"]), ("demo_wards", []), ("demo_plans", []),
                          ("demo_hubs", [])]:
        call_command(command, *args, verbosity=0)
    # Thousands of requests in a minute: the rates are the deployment's to set (test_throttling).
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "1000000/min", "user": "1000000/min"})
    users = get_user_model().objects
    return {role: None if username is None else Token.objects.get_or_create(user=users.get(username=username))[0].key
            for role, username in ROLES.items()}


def schemathesis(url: str, schema: Path, token: str | None, workdir: Path) -> dict:
    workdir.mkdir()
    config, report = workdir / "schemathesis.toml", workdir / "report.json"
    config.write_text(CONFIG)
    command = [sys.executable, "-m", "schemathesis.cli", "--config-file", str(config), "--no-color", "run",
               str(schema), "--url", url, *CHECKS, "--seed", str(SEED),
               "--max-examples", str(EXAMPLES), "--generation-database", "none", "--workers", "1",
               "--report", "json", "--report-json-path", str(report)]
    if token:
        command += ["--header", f"Authorization: Token {token}"]
    # In its own folder: schemathesis keeps a cache of what it found where it runs, and a run
    # must not replay an earlier one's (nor write into the project).
    run = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=workdir)
    if not report.exists():
        pytest.fail(f"schemathesis did not run:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
    return {**json.loads(report.read_text()), "output": run.stdout}


def failure_codes(result: dict) -> dict[str, int]:
    counts: dict[str, int] = {}
    for failure in result["failures"]:
        code = failure.get("code") or failure.get("title") or str(failure)[:60]
        counts[code] = counts.get(code, 0) + 1
    return counts


def found(result: dict) -> str:
    """What schemathesis found, each with the curl command that repeats it."""
    output = result["output"]
    start = output.find("= FAILURES =")
    end = min((i for i in (output.find("= WARNINGS ="), output.find("= SUMMARY =")) if i > start), default=None)
    return output[start:end] if start >= 0 else output[-5000:]


def summary(role: str, result: dict) -> str:
    cases, operations = result["test_cases"], result["operations"]
    return (f"{role}: {cases['generated']} requests over {operations['tested']} of {operations['total']} "
            f"operations in {result['running_time']:.0f} s; failures {failure_codes(result) or 0}, "
            f"errors {len(result['errors'])}")


def test_the_groups_hold_every_role_once():
    assert sorted(role for roles in GROUPS.values() for role in roles) == sorted(ROLES)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("group", GROUPS)
def test_the_api_answers_as_its_schema_says_to_every_role(group, demo_site, live_server, tmp_path):
    schema = tmp_path / "schema.json"  # as the site serves it, read once for the group's runs
    with urllib.request.urlopen(f"{live_server.url}/api/v1/schema/?format=json") as response:
        schema.write_bytes(response.read())
    # The group's roles at once: each run waits on the server as much as it works.
    with ThreadPoolExecutor(max_workers=len(GROUPS[group])) as pool:
        runs = {role: pool.submit(schemathesis, live_server.url, schema, demo_site[role], tmp_path / role)
                for role in GROUPS[group]}
        results = {role: run.result() for role, run in runs.items()}
    print("\n" + "\n".join(summary(role, result) for role, result in results.items()))
    for role, result in results.items():
        assert result["complete"], (role, result["output"][-5000:])
        assert result["operations"]["tested"] == result["operations"]["total"], summary(role, result)
        assert result["test_cases"]["generated"] > 500, summary(role, result)
        assert not result["failures"] and not result["errors"], f"{summary(role, result)}\n{found(result)}"
