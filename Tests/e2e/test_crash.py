"""Crash safety: a stream of acknowledged writes (positions on a circulated decision, meeting registrations, implementation
reports, documents with their files), the
server killed with SIGKILL at random moments and started again; every acknowledged write is there, nothing
unacknowledged is half-written, `cica verify` passes, and SQLite's integrity check is ok. On SQLite, and on PostgreSQL
when the machine has it.

`CICA_E2E_CRASH_ROUNDS` sets the number of kills (4 by default, as CI runs it); more for a longer run."""
import hashlib
import os
import random
import threading
import time
import uuid

import pytest
import requests

from deployment import Deployment, engines, upload

STATES = ["KZ", "CN", "RU", "IN", "TR", "EG"]
ROUNDS = int(os.environ.get("CICA_E2E_CRASH_ROUNDS", "4"))


class Stream:
    """Writers sending acknowledged writes until stopped: each delegate in turn takes a position, registers its
    delegation for a meeting (replacing its registration) and files its report (replacing it); the Secretariat uploads
    documents. What each had acknowledged, and what each had in flight when the server died."""

    def __init__(self, deployment, officer, delegates, decision, version, meeting, year):
        self.deployment, self.officer, self.delegates = deployment, officer, delegates
        self.decision, self.version, self.meeting, self.year = decision, version, meeting, year
        self.positions = 0
        self.uploads = []
        # By state: the last acknowledged head of delegation and report narrative, and the one in flight, if any.
        self.registered, self.reported = {}, {}
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.refusals = []

    def write(self, state, i):
        """One write of the delegate of `state`: True when acknowledged, False when refused, None when the server is gone."""
        headers = {"Authorization": f"Bearer {self.delegates[state]}"}
        base, kind = self.deployment.base, i % 3
        tag = f"{state}-{i}-{uuid.uuid4().hex[:6]}"
        try:
            if kind == 0:
                answer = requests.post(f"{base}/api/v1/decisions/{self.decision}/positions", headers=headers, timeout=10,
                                       json={"state": state, "version": self.version, "position": ["joins", "noObjection"][i % 2]})
            elif kind == 1:
                self.registered.setdefault(state, [None, None])[1] = tag
                answer = requests.put(f"{base}/api/v1/meetings/{self.meeting}/registrations/{state}", headers=headers, timeout=10,
                                      json={"head": {"name": f"Head {tag}"}})
            else:
                self.reported.setdefault(state, [None, None])[1] = tag
                answer = requests.put(f"{base}/api/v1/member-states/{state}/reports/{self.year}", headers=headers, timeout=10,
                                      json={"parts": [{"priorityArea": "tourism", "status": "planned", "narrative": f"Plan {tag}"}]})
        except requests.RequestException:
            return None  # the server is gone: this write was not acknowledged
        with self.lock:
            if answer.status_code not in (200, 201):
                self.refusals.append(answer.text)
                return False
            if kind == 0:
                self.positions += 1
            else:
                ledger = self.registered if kind == 1 else self.reported
                ledger[state] = [tag, None]
        return True

    def delegate(self, state):
        i = 0
        while not self.stop.is_set():
            if self.write(state, i) is None:
                return
            i += 1

    def send_uploads(self, n):
        i = 0
        while not self.stop.is_set():
            content = f"Crash round report {n}-{i} {uuid.uuid4()}\n".encode() * random.randint(1, 400)
            try:
                doc = upload(self.deployment.base, self.officer, f"Crash {n}-{i}", content)
            except requests.RequestException:
                return
            if doc:
                with self.lock:
                    self.uploads.append((doc, hashlib.sha256(content).hexdigest()))
            i += 1

    def run_until_killed(self, seconds):
        self.stop.clear()
        writers = [threading.Thread(target=self.delegate, args=(s,)) for s in self.delegates]
        writers += [threading.Thread(target=self.send_uploads, args=(n,)) for n in range(2)]
        for writer in writers:
            writer.start()
        time.sleep(seconds)
        self.deployment.kill()
        self.stop.set()
        for writer in writers:
            writer.join()
        return len(writers)

    def check_replaced_writes(self):
        """Each delegation's registration and report is the last acknowledged one, or the one in flight when the server
        died (written, not yet answered), never an older one or a mixture."""
        meeting = requests.get(f"{self.deployment.base}/api/v1/meetings/{self.meeting}", timeout=30,
                               headers={"Authorization": f"Bearer {self.officer}"}).json()
        heads = {r["delegation"]: r["head"]["name"] for r in meeting["registrations"]}
        for state, (acknowledged, in_flight) in self.registered.items():
            allowed = {f"Head {t}" for t in (acknowledged, in_flight) if t}
            assert heads.get(state) in allowed or (acknowledged is None and state not in heads), (state, heads.get(state), allowed)
            # What is there now is what the next round must find, or what it writes after.
            self.registered[state] = [heads[state].removeprefix("Head ") if state in heads else None, None]
        for state, (acknowledged, in_flight) in self.reported.items():
            answer = requests.get(f"{self.deployment.base}/api/v1/member-states/{state}/reports/{self.year}", timeout=30,
                                  headers={"Authorization": f"Bearer {self.delegates[state]}"})
            if acknowledged is None and answer.status_code == 404:
                continue
            assert answer.status_code == 200, answer.text
            narrative = answer.json()["parts"][0]["narrative"]
            assert narrative in {f"Plan {t}" for t in (acknowledged, in_flight) if t}, (state, narrative)
            self.reported[state] = [narrative.removeprefix("Plan "), None]


def positions_in_database(deployment, decision):
    return int(deployment.query(f"SELECT COUNT(*) FROM positions WHERE decision_id = '{decision}'")[0][0])


@pytest.mark.parametrize("engine", engines())
def test_acknowledged_writes_survive_sigkill(tmp_path, engine):
    deployment = Deployment(tmp_path / "crash", engine).start()
    try:
        officer = deployment.secretariat_token()
        delegates = {state: deployment.delegate_token(state) for state in STATES[:3]}
        auth = {"Authorization": f"Bearer {officer}"}
        created = requests.post(deployment.base + "/api/v1/decisions", headers=auth, timeout=30, json={
            "title": "Crash safety", "organ": "senior-officials-committee", "text": "A text.", "translations": {"ru": "Текст."},
            "effect": {"kind": "none", "parameters": {}}})
        assert created.status_code == 201, created.text
        decision, version = created.json()["id"], created.json()["currentVersion"]
        deadline = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 7 * 86400))
        circulated = requests.post(f"{deployment.base}/api/v1/decisions/{decision}/circulate", headers=auth, json={"deadline": deadline})
        assert circulated.status_code == 200, circulated.text

        planned = requests.post(deployment.base + "/api/v1/meetings", headers=auth, timeout=30, json={
            "organ": "senior-officials-committee", "kind": "regular", "format": "inPerson", "title": "Crash safety meeting",
            "start": time.strftime("%Y-%m-%d", time.gmtime(time.time() + 30 * 86400)), "city": "Astana", "country": "KZ"})
        assert planned.status_code == 201, planned.text
        meeting = planned.json()["meeting"]["id"]
        year = int(time.strftime("%Y")) - 1
        stream = Stream(deployment, officer, delegates, decision, version, meeting, year)
        # One upload recorded before the first kill: a database that names no file is never swept (docs/operations.md).
        assert upload(deployment.base, officer, "Before the kills", b"before\n")
        rng = random.Random(int(os.environ.get("CICA_E2E_CRASH_SEED", str(int(time.time())))))
        for round in range(ROUNDS):
            in_flight = stream.run_until_killed(rng.uniform(0.4, 2.0))
            assert stream.refusals == [], "no write is refused while the server runs"
            deployment.start()
            # Every acknowledged write is there; at most one more per writer (sent, written, not yet answered).
            stored = positions_in_database(deployment, decision)
            assert stream.positions <= stored <= stream.positions + in_flight, (round, stream.positions, stored)
            stream.positions = stored  # a write done but not answered counts from now on
            stream.check_replaced_writes()
            for doc, digest in stream.uploads:
                download = requests.get(f"{deployment.base}/api/v1/documents/{doc}/versions/en/file", timeout=30)
                assert download.status_code == 200, (round, doc)
                assert hashlib.sha256(download.content).hexdigest() == digest
            # Nothing half-written: no upload left in incoming/, every kept file whole and named in the database.
            assert deployment.incoming() == [], round
            kept = deployment.kept_files()
            assert all(name == digest for name, digest in kept.items())
            named = {row[0] for row in deployment.query("SELECT DISTINCT file_sha256 FROM document_versions WHERE file_sha256 IS NOT NULL")}
            assert set(kept) == named, (round, set(kept) ^ named)
            assert not set(deployment.unnamed()) & named, "a file a version names is never set aside"
            # Every position has its entry in the log, every checkpoint its signature.
            verified = deployment.cli("verify")
            assert "verifies" in verified.stdout, verified.stdout + verified.stderr
        assert stream.positions > 10 and len(stream.uploads) > 5, "the writes went through between the kills"
        assert all(ack for ack, _ in stream.registered.values()) and all(ack for ack, _ in stream.reported.values())
        deployment.stop()
        if engine == "sqlite":
            assert deployment.query("PRAGMA integrity_check") == [("ok",)]
            assert deployment.query("PRAGMA foreign_key_check") == []
    finally:
        deployment.close()


def postgres_cluster():
    """Debian's cluster the tests use, when this test may restart it (as root, as CI runs)."""
    if not os.path.isdir("/etc/postgresql") or os.geteuid() != 0:
        return None
    return sorted(os.listdir("/etc/postgresql"), key=lambda v: float(v))[-1]


def wait_healthy(base, seconds=90):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if requests.get(base + "/health", timeout=5).status_code == 200:
                return True
        except requests.RequestException:
            pass
        time.sleep(1)
    return False


@pytest.mark.skipif("postgresql" not in engines() or postgres_cluster() is None, reason="needs PostgreSQL and root to restart it")
def test_a_postgresql_restart_is_503_with_retry_after_then_service_resumes(tmp_path):
    import subprocess
    deployment = Deployment(tmp_path / "outage", "postgresql").start()
    version = postgres_cluster()
    try:
        officer = deployment.secretariat_token()
        auth = {"Authorization": f"Bearer {officer}"}
        assert upload(deployment.base, officer, "Before the outage", b"before\n")
        subprocess.run(["pg_ctlcluster", version, "main", "stop", "--mode", "fast"], check=True)
        try:
            for method, path, body in [("GET", "/health", None), ("GET", "/member-states", None), ("GET", "/api/v1/member-states", None),
                                       ("POST", "/api/v1/documents", {"title": "During", "kind": "report", "access": "public"})]:
                began = time.time()
                answer = requests.request(method, deployment.base + path, json=body, headers=auth, timeout=60)
                assert answer.status_code == 503, (path, answer.status_code, answer.text[:300])
                assert time.time() - began < 8, "answered within the wait for a connection (5 s), not left hanging"
                assert "postgres" not in answer.text.lower() and "127.0.0.1" not in answer.text, "where the database is stays private"
                assert answer.headers.get("Retry-After", "").isdigit(), path
        finally:
            subprocess.run(["pg_ctlcluster", version, "main", "start"], check=True)
        # Without restarting cica: its pool connects again by itself.
        assert wait_healthy(deployment.base), "service resumed after PostgreSQL came back"
        assert upload(deployment.base, officer, "After the outage", b"after\n")
        titles = {row[0] for row in deployment.query("SELECT title FROM documents")}
        assert {"Before the outage", "After the outage"} <= titles and "During" not in titles
        assert "verifies" in deployment.cli("verify").stdout
    finally:
        deployment.close()
        # The suite's shared server runs on the same PostgreSQL: the tests after this one find it serving again.
        if os.environ.get("CICA_E2E_BASE_URL"):
            wait_healthy(os.environ["CICA_E2E_BASE_URL"].rstrip("/"))
