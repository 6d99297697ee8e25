"""The [Security] issue's attacks against the running server, over real sockets: bodies that never end, spellings
of the sign-in path, control characters in untyped bodies, and what is not public."""
import os
import socket
import urllib.parse

import pytest
import requests

from conftest import base_url

MIB = 1 << 20


def _address():
    url = urllib.parse.urlparse(base_url())
    return url.hostname, url.port or 80


def _resident_mib():
    """The server's resident memory (needs CICA_E2E_SERVER_PID, which .ci/run sets)."""
    pid = os.environ.get("CICA_E2E_SERVER_PID")
    if not pid:
        return None
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return None


def _stream(path, headers, total, chunk=MIB):
    """Sends a chunked POST of `total` bytes without waiting; returns the status line the server answered with
    (possibly before the body was all sent) and how much was sent by then."""
    sock = socket.create_connection(_address(), timeout=30)
    head = f"POST {path} HTTP/1.1\r\nHost: {_address()[0]}\r\nTransfer-Encoding: chunked\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    sock.sendall(head.encode())
    sent = 0
    piece = b"x" * chunk
    sock.setblocking(False)
    answer = b""
    try:
        while sent < total:
            try:
                answer += sock.recv(4096)
            except BlockingIOError:
                pass
            if b"\r\n" in answer:
                break
            try:
                sock.setblocking(True)
                sock.settimeout(5)
                sock.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                sent += len(piece)
            except (BrokenPipeError, ConnectionResetError, socket.timeout):
                break
            finally:
                sock.setblocking(False)
        sock.setblocking(True)
        sock.settimeout(30)
        while b"\r\n" not in answer:
            data = sock.recv(4096)
            if not data:
                break
            answer += data
    finally:
        sock.close()
    return answer.split(b"\r\n", 1)[0].decode(), sent


def test_an_endless_anonymous_body_is_refused_without_being_read():
    before = _resident_mib()
    status, sent = _stream("/api/v1/decisions", {"Accept": "application/json"}, 200 * MIB)
    assert " 401 " in status, status
    assert sent < 200 * MIB, "the server waited for the whole body before answering"
    after = _resident_mib()
    if before is not None:
        assert after - before < 64, f"resident memory grew from {before} MiB to {after} MiB"


def test_a_long_body_with_any_type_or_none_stops_at_one_mebibyte(token):
    before = _resident_mib()
    for content_type in (None, "APPLICATION/JSON", "text/plain"):
        headers = {"Authorization": f"Bearer {token}"}
        if content_type:
            headers["Content-Type"] = content_type
        status, sent = _stream("/api/v1/decisions", headers, 100 * MIB)
        assert " 413 " in status, (content_type, status)
        assert sent < 100 * MIB, content_type
    after = _resident_mib()
    if before is not None:
        assert after - before < 64, f"resident memory grew from {before} MiB to {after} MiB"


def test_a_declared_length_over_the_limit_is_refused_at_once(base):
    sock = socket.create_connection(_address(), timeout=10)
    sock.sendall(f"POST /api/v1/decisions HTTP/1.1\r\nHost: x\r\nContent-Length: {600 * MIB}\r\n\r\n".encode())
    assert b" 413 " in sock.recv(4096).split(b"\r\n", 1)[0]
    sock.close()


@pytest.mark.parametrize("path", ["/login/", "//login", "/login//"])
def test_sign_in_spellings_are_not_other_ways_in(base, admin, path):
    email, password = admin
    response = requests.post(base + path, data={"email": email, "password": password}, allow_redirects=False)
    assert "cica_session" not in response.headers.get("Set-Cookie", "")
    assert response.status_code in (403, 404)


def test_control_characters_in_an_untyped_body_are_refused(base, token):
    body = '{"title":"\\u001b[31mRed","organ":"summit","text":"x","effect":{"kind":"none","parameters":{}}}'
    response = requests.post(base + "/api/v1/decisions", data=body.encode(), headers={"Authorization": f"Bearer {token}"})
    assert "Content-Type" not in response.request.headers
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "title"


def test_metrics_are_not_public(base):
    assert requests.get(base + "/metrics").status_code == 404


def test_two_long_versions_are_not_compared_line_by_line(base, token):
    auth = {"Authorization": f"Bearer {token}"}
    first = "\n".join(f"Paragraph {n} of the first text." for n in range(10_000))
    second = "\n".join(f"Paragraph {n} of the second text." for n in range(10_000))
    created = requests.post(base + "/api/v1/decisions", headers=auth, json={
        "title": "Long", "organ": "senior-officials-committee", "text": first, "effect": {"kind": "none", "parameters": {}}})
    assert created.status_code == 201, created.text
    decision = created.json()["id"]
    assert requests.post(base + f"/api/v1/decisions/{decision}/versions", headers=auth, json={"text": second}).status_code == 201
    for _ in range(3):
        page = requests.get(base + f"/decisions/{decision}")
        assert page.status_code == 200 and "too long to compare line by line" in page.text
    assert f"/decisions/{decision}/versions/1" in page.text
