"""Open data against the official schemas: Popolo JSON with jsonschema (draft-03), Akoma Ntoso 3.0 with xmllint, and
what the schemas cannot check (every id resolves, the counts add up to the positions, dates in order)."""
import json
import pathlib
import subprocess
import tempfile

import pytest
import requests
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

SCHEMAS = pathlib.Path(__file__).parent / "schemas"


@pytest.fixture(scope="module")
def popolo(base):
    answer = requests.get(base + "/open-data/popolo.json", timeout=60)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("application/json")
    return answer.json()


def validator(name):
    resources = []
    for path in (SCHEMAS / "popolo").glob("*.json"):
        schema = json.loads(path.read_text())
        resources.append((schema["id"], Resource.from_contents(schema, default_specification=DRAFT3)))
    registry = Registry().with_resources(resources)
    schema = json.loads((SCHEMAS / "popolo" / f"{name}.json").read_text())
    return Draft3Validator(schema, registry=registry, format_checker=Draft3Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("collection, schema", [("organizations", "organization"), ("memberships", "membership"), ("events", "event"),
                                                ("motions", "motion"), ("vote_events", "vote_event")])
def test_every_popolo_object_validates_against_its_schema(popolo, collection, schema):
    assert popolo[collection], f"the export has {collection}"
    check = validator(schema)
    for item in popolo[collection]:
        errors = sorted(check.iter_errors(item), key=str)
        assert not errors, f"{item.get('id')}: {errors[0].message}"


def test_what_the_popolo_schemas_cannot_check(popolo):
    organizations = {o["id"] for o in popolo["organizations"]}
    events = {e["id"] for e in popolo["events"]}
    motions = {m["id"] for m in popolo["motions"]}
    ids = [x["id"] for key in ("organizations", "memberships", "events", "motions", "vote_events") for x in popolo[key]]
    assert len(ids) == len(set(ids)), "no id twice"
    assert {"cica", "organ/summit", "member-state/KZ"} <= organizations
    for m in popolo["memberships"]:
        assert m["organization_id"] in organizations and m["member"]["id"] in organizations
        if m.get("start_date") and m.get("end_date"):
            assert m["start_date"] <= m["end_date"]
    kazakhstan = next(m for m in popolo["memberships"] if m["member"]["id"] == "member-state/KZ")
    assert kazakhstan["role"] == "founding member" and kazakhstan["start_date"] == "1999-09-14"
    for e in popolo["events"]:
        assert e["organization_id"] in organizations
        if e.get("start_date") and e.get("end_date"):
            assert e["start_date"] <= e["end_date"], e["id"]
    for m in popolo["motions"]:
        assert m["organization_id"] in organizations and m["requirement"] == "consensus"
        assert m.get("legislative_session_id") is None or m["legislative_session_id"] in events
    for v in popolo["vote_events"]:
        assert v["motion_id"] in motions and v["organization_id"] in organizations
        assert sum(c["value"] for c in v["counts"]) == len(v["votes"]), v["id"]
        for count in v["counts"]:
            assert count["value"] == sum(1 for vote in v["votes"] if vote["option"] == count["option"])
        for vote in v["votes"]:
            assert vote["voter_id"] in organizations and vote["vote_event_id"] == v["id"]
        if v.get("start_date") and v.get("end_date"):
            assert v["start_date"] <= v["end_date"]


def test_a_new_draft_is_a_motion_with_an_empty_vote_event_and_valid_akoma_ntoso(base, token):
    headers = {"Authorization": f"Bearer {token}"}
    drafted = requests.post(base + "/api/v1/decisions", headers=headers, timeout=30,
                            json={"title": "Open data check", "organ": "senior-officials-committee", "text": "The Committee takes note.",
                                  "effect": {"kind": "none", "parameters": {}}})
    assert drafted.status_code == 201, drafted.text
    decision = drafted.json()["id"]
    export = requests.get(base + "/open-data/popolo.json", timeout=60).json()
    event = next(v for v in export["vote_events"] if v["motion_id"] == f"motion/{decision}")
    assert event["votes"] == [] and {c["option"] for c in event["counts"]} == {"joined", "no objection", "reservation", "objected"}
    xml = requests.get(base + f"/decisions/{decision}/akoma-ntoso.xml", timeout=30)
    assert xml.status_code == 200 and "The Committee takes note." in xml.text
    validate_akn(xml.content)


def validate_akn(content):
    with tempfile.NamedTemporaryFile(suffix=".xml") as f:
        f.write(content)
        f.flush()
        result = subprocess.run(["xmllint", "--noout", "--schema", str(SCHEMAS / "akoma-ntoso" / "akomantoso30.xsd"), f.name],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_every_decision_and_act_validates_as_akoma_ntoso(base):
    decisions = requests.get(base + "/api/v1/decisions?limit=200", timeout=30).json()["items"]
    assert decisions
    for decision in decisions:
        answer = requests.get(base + f"/decisions/{decision['id']}/akoma-ntoso.xml", timeout=30)
        assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("application/akn+xml")
        validate_akn(answer.content)
    documents = requests.get(base + "/api/v1/documents?limit=200", timeout=30).json()["items"]
    acts = [d for d in documents if d["kind"] in ("basicDocument", "declaration", "statement", "decision")]
    assert any(d["id"] == "almaty-act-2002" for d in acts)
    for document in acts:
        for version in document["versions"]:
            answer = requests.get(base + f"/documents/{document['id']}/akoma-ntoso.xml?language={version['language']}", timeout=30)
            assert answer.status_code == 200, document["id"]
            assert f'<FRBRlanguage language="' in answer.text
            validate_akn(answer.content)
    # Not an act, or a language it is not in: 404.
    assert requests.get(base + "/documents/almaty-act-2002/akoma-ntoso.xml?language=fr", timeout=30).status_code == 404
