"""Every API operation, fuzzed by schemathesis from the served contract: responses must match it."""
import schemathesis
from schemathesis import checks

from conftest import base_url

schema = schemathesis.openapi.from_url(base_url() + "/openapi.yaml")


@schema.parametrize()
def test_api_conforms_to_its_contract(case):
    case.call_and_validate(checks=[
        checks.not_a_server_error,
        checks.status_code_conformance,
        checks.content_type_conformance,
        checks.response_schema_conformance,
    ])
