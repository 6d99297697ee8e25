"""Every API operation, fuzzed by schemathesis from the served contract: responses must match it.

Each generated request is sent as the public (no credentials), with the API token of an account that is both
administrator and Secretariat officer, so that the writes get past the access policy and their bodies are really
read, and, when the runner made them, as a delegate of a Member State and as an observer.

Each operation gets its explicit examples, the coverage phase's boundary values and 40 generated requests (each sent
as every role): about as many requests as CI's time allows for the 100-odd operations on two engines. Set
CICA_E2E_FUZZ_EXAMPLES for a longer run (Hypothesis's own default is 100).
"""
import os
import schemathesis
from schemathesis import checks

from conftest import base_url

FUZZ_EXAMPLES = int(os.environ.get("CICA_E2E_FUZZ_EXAMPLES", "40"))
schema = schemathesis.openapi.from_url(base_url() + "/openapi.yaml",
                                       config=schemathesis.config.SchemathesisConfig.from_dict({"generation": {"max-examples": FUZZ_EXAMPLES}}))

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


# The other roles, when the runner made them (`.ci/run` does): a delegate of a Member State and an observer.
ROLE_TOKENS = [os.environ[name] for name in ("CICA_E2E_DELEGATE_TOKEN", "CICA_E2E_OBSERVER_TOKEN") if os.environ.get(name)]


@schema.parametrize()
def test_api_conforms_to_its_contract(case, token):
    case.call_and_validate(checks=CHECKS)
    for credential in [token, *ROLE_TOKENS]:
        case.call_and_validate(headers={"Authorization": f"Bearer {credential}"}, checks=CHECKS)
