"""Every API operation, fuzzed by schemathesis from the served contract: responses must match it.

Each generated request is sent twice: as the public (no credentials) and with the API token of an account that
is both administrator and Secretariat officer, so that the writes get past the access policy and their bodies
are really read.
"""
import schemathesis
from schemathesis import checks

from conftest import base_url

schema = schemathesis.openapi.from_url(base_url() + "/openapi.yaml")

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@schema.parametrize()
def test_api_conforms_to_its_contract(case, token):
    case.call_and_validate(checks=CHECKS)
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
