"""Whatever a client sends that the OpenAPI description allows — or not — GovIT answers without a
server error, and every answer is what the description says it is (issue 10 §5)."""

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from govit.accounts.models import User
from govit.api.tokens import token_issue

# The description as GovIT serves it, read through the WSGI application (it needs no database).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
schema.config.generation.update(
    modes=[schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE],
    with_security_parameters=False,
)
EXAMPLES = int(os.environ.get("GOVIT_API_FUZZ_EXAMPLES", "25"))
# No server error, every answer as described; GOVIT_API_FUZZ_CHECKS=all adds schemathesis' others.
CHECKS = (
    None
    if os.environ.get("GOVIT_API_FUZZ_CHECKS") == "all"
    else [not_a_server_error, response_schema_conformance]
)
PEOPLE = os.environ.get("GOVIT_API_FUZZ_PEOPLE", "jiaowei_unit bdb").split()


@pytest.fixture(params=PEOPLE)
def headers(request, district, db) -> dict[str, str]:
    """A demo person's bearer token: a unit that writes, the BDB that sees every project."""
    key = token_issue(user=User.objects.get(username=request.param))
    return {"Authorization": f"Bearer {key}"}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_never_fails_and_answers_as_described(case, headers):
    case.call_and_validate(headers=headers, checks=CHECKS)
