"""Several instances on one PostgreSQL: two `cica serve` processes started together on one database, one key file and one
files directory. A session made on one works on the other; every Member State's delegate takes a position, spread over
both, and the decision has exactly one outcome and one consistent log; a silence procedure whose deadline passes while
both are checking it is closed exactly once. Both send letters through one SMTP server (aiosmtpd, on loopback): every
letter the circulations and the closings owe reaches it exactly once, whichever instance sent it."""
import email
import email.policy
import hashlib
import re
import threading
import time
import uuid

import pytest
import requests
from aiosmtpd.controller import Controller

from deployment import Deployment, engines, free_port, upload


class Mailbox:
    """What the SMTP server was handed: each message's envelope recipients and its parsed text."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), email.message_from_bytes(envelope.content, policy=email.policy.default)))
        return "250 OK"


@pytest.mark.skipif("postgresql" not in engines(), reason="several instances share a PostgreSQL database")
def test_two_instances_share_sessions_positions_and_close_each_silence_once(tmp_path):
    mailbox, smtp_port = Mailbox(), free_port()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    checking = {"CICA_DECISIONS_SILENCE_CHECK_SECONDS": "1", "CICA_MAIL_SMTP_HOST": "127.0.0.1", "CICA_MAIL_SMTP_PORT": str(smtp_port),
                "CICA_MAIL_FROM": "cica-platform@example.org", "CICA_MAIL_SITE": "https://cica.example.org", "CICA_MAIL_CHECK_SECONDS": "1"}
    first = Deployment(tmp_path / "shared", "postgresql", environment=checking)
    second = Deployment(tmp_path / "shared", "postgresql", database=first.database, environment=checking)
    instances = [first, second]
    try:
        # Started at the same moment on an empty database: migrating and loading CICA's data under one lock.
        starting = [threading.Thread(target=instance.start) for instance in instances]
        for thread in starting:
            thread.start()
        for thread in starting:
            thread.join()
        assert all(instance.process.poll() is None for instance in instances)
        assert int(first.query("SELECT COUNT(*) FROM member_states")[0][0]) == 28

        officer = first.secretariat_token()
        auth = {"Authorization": f"Bearer {officer}"}

        def draft(title):
            created = requests.post(first.base + "/api/v1/decisions", headers=auth, timeout=30, json={
                "title": title, "organ": "senior-officials-committee", "text": "A text.", "translations": {"ru": "Текст."},
                "effect": {"kind": "none", "parameters": {}}})
            assert created.status_code == 201, created.text
            return created.json()["id"], created.json()["currentVersion"]

        # A session made on one instance is honoured by the other (behind a load balancer, the next request may go anywhere).
        email = "two-instances@example.org"
        first.cli("user", "add", email, "--name", "Two Instances", "--role", "observer", "--state", "un", stdin="two-instances-password\n")
        browser = requests.Session()
        form = browser.get(first.base + "/login", timeout=30).text
        csrf = re.search(r'name="_csrf" value="([^"]+)"', form).group(1)
        signed_in = browser.post(first.base + "/login", data={"email": email, "password": "two-instances-password", "_csrf": csrf, "next": "/"},
                                 headers={"Origin": first.base}, timeout=30, allow_redirects=False)
        assert signed_in.status_code in (302, 303), signed_in.text[:500]
        me = browser.get(second.base + "/api/v1/me", timeout=30)
        assert me.status_code == 200 and me.json()["email"] == email, me.text

        # One instance restarts (and sweeps the shared files directory as it starts) while the other takes uploads: no
        # upload in progress and no file a version names is touched by the other's sweep.
        stop, uploads, refused = threading.Event(), [], []

        def uploader():
            i = 0
            while not stop.is_set():
                content = f"Upload {i} {uuid.uuid4()}\n".encode() * 200
                doc = upload(first.base, officer, f"Shared directory {i}", content)
                if doc:
                    uploads.append((doc, hashlib.sha256(content).hexdigest()))
                else:
                    refused.append(i)
                i += 1

        writer = threading.Thread(target=uploader)
        writer.start()
        try:
            for _ in range(3):
                time.sleep(0.5)
                second.stop()
                second.start()
        finally:
            stop.set()
            writer.join()
        assert refused == [], "an upload on the instance that keeps running is never refused"
        assert len(uploads) > 5
        for doc, digest in uploads:
            got = requests.get(f"{second.base}/api/v1/documents/{doc}/versions/en/file", timeout=30)
            assert got.status_code == 200 and hashlib.sha256(got.content).hexdigest() == digest, doc
        assert first.incoming() == [] and first.unnamed() == []

        # Two silence procedures closing in 75 seconds (the minimum notice is 60): one every Member State joins,
        # half of them through each instance and all at once; one nobody answers. Both instances check every second.
        states = [row[0] for row in first.query("SELECT code FROM member_states ORDER BY code")]
        tokens = {state: first.delegate_token(state) for state in states}
        joined, version = draft("Every state, two instances")
        silent, _ = draft("Closed by silence, once")
        deadline = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 75))
        for decision, instance in [(joined, first), (silent, second)]:
            circulated = requests.post(f"{instance.base}/api/v1/decisions/{decision}/circulate", headers=auth, json={"deadline": deadline})
            assert circulated.status_code == 200, circulated.text
        answers = {}

        def take(state, instance):
            answers[state] = requests.post(f"{instance.base}/api/v1/decisions/{joined}/positions", timeout=60,
                                           headers={"Authorization": f"Bearer {tokens[state]}"},
                                           json={"state": state, "version": version, "position": "joins"}).status_code

        takers = [threading.Thread(target=take, args=(state, instances[i % 2])) for i, state in enumerate(states)]
        for thread in takers:
            thread.start()
        for thread in takers:
            thread.join()
        assert sorted(set(answers.values())) == [201], answers
        assert int(first.query(f"SELECT COUNT(*) FROM positions WHERE decision_id = '{joined}'")[0][0]) == 28

        wait = time.time() + 150
        statuses = {}
        while time.time() < wait:
            statuses = {d: requests.get(f"{instances[n % 2].base}/api/v1/decisions/{d}", headers=auth, timeout=30).json()["decision"]["status"]
                        for n, d in enumerate([joined, silent])}
            if "open" not in statuses.values():
                break
            time.sleep(1)
        time.sleep(3)  # a second closing, were there one, would have come by now
        assert statuses == {joined: "adopted", silent: "adopted"}, statuses
        for decision in (joined, silent):
            assert int(first.query(f"SELECT COUNT(*) FROM ledger WHERE decision_id = '{decision}' AND kind = 'outcome'")[0][0]) == 1
        # Asked to close it again, either instance says it is closed.
        assert requests.post(f"{second.base}/api/v1/decisions/{joined}/close", headers=auth, timeout=30).status_code == 409
        # One log, consistent: every entry and checkpoint verifies, whichever instance wrote it.
        assert "verifies" in first.cli("verify").stdout

        # Letters: each of the 28 delegates was told of both circulations and both closings, each letter once.
        wait = time.time() + 60
        while time.time() < wait and int(first.query("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")[0][0]) > 0:
            time.sleep(1)
        time.sleep(2)  # a letter sent twice would have come by now
        assert int(first.query("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")[0][0]) == 0
        with mailbox.lock:
            messages = list(mailbox.messages)
        assert len(messages) == 4 * 28 == int(first.query("SELECT COUNT(*) FROM outbox")[0][0])
        assert len({message["Message-ID"] for _, message in messages}) == len(messages)
        told = {(recipients[0], message["Subject"]) for recipients, message in messages}
        assert len(told) == len(messages), "nobody gets the same letter twice"
        letter = next(message for _, message in messages if joined in message.get_content())
        assert f"https://cica.example.org/decisions/{joined}" in letter.get_content()
        assert f"https://cica.example.org/decisions/{joined}?lang=ru" in letter.get_content()
    finally:
        smtp.stop()
        second.stop()
        first.close()
