"""The registry over real sockets: a large upload keeps the server's memory flat, files come back byte for byte with
their checksum, a Cyrillic file name survives both ways, and a Secretariat-only document is nowhere for the public."""
import hashlib
import os
import urllib.parse

import requests

CHUNK = 1 << 20


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def pseudo_random_text(size: int):
    """Plain text, generated a chunk at a time so that the client holds no more of it than the server should."""
    line = b"CICA Platform large upload test line, 0123456789 abcdefghijklmnopqrstuvwxyz.\n"
    block = line * (CHUNK // len(line) + 1)
    sent = 0
    while sent < size:
        part = block[: min(CHUNK, size - sent)]
        sent += len(part)
        yield part


def test_a_large_upload_keeps_memory_flat_and_comes_back_checked(base, token):
    pid = int(os.environ["CICA_E2E_SERVER_PID"])
    headers = {"Authorization": f"Bearer {token}"}
    created = requests.post(base + "/api/v1/documents", headers=headers, timeout=30,
                            json={"title": "Large upload", "kind": "report", "access": "public"})
    assert created.status_code == 201, created.text
    doc = created.json()["document"]["id"]
    size = 45 * CHUNK
    expected = hashlib.sha256()
    for part in pseudo_random_text(size):
        expected.update(part)
    before = rss_kib(pid)
    put = requests.put(f"{base}/api/v1/documents/{doc}/versions/en/file?filename=large.txt", data=pseudo_random_text(size),
                       headers={**headers, "Content-Type": "text/plain"}, timeout=600)
    assert put.status_code == 200, put.text
    after = rss_kib(pid)
    assert put.json()["file"]["sha256"] == expected.hexdigest()
    # 45 MiB went through; the server grew by far less than that.
    assert after - before < 20 * 1024, f"RSS grew by {(after - before) // 1024} MiB for a 45 MiB upload"

    got = hashlib.sha256()
    with requests.get(f"{base}/api/v1/documents/{doc}/versions/en/file", stream=True, timeout=600) as download:
        assert download.status_code == 200
        assert download.headers["X-Checksum-SHA256"] == expected.hexdigest()
        for part in download.iter_content(CHUNK):
            got.update(part)
    assert got.hexdigest() == expected.hexdigest()
    assert rss_kib(pid) - before < 20 * 1024


def test_a_cyrillic_file_name_round_trips(base, token):
    name = "Алматинский акт — копия.txt"
    content = "Алматинский акт, 4 июня 2002 года.\n".encode()
    put = requests.put(f"{base}/api/v1/documents/almaty-act-2002/versions/ru/file?filename={urllib.parse.quote(name)}"
                       f"&title={urllib.parse.quote('Алматинский акт')}",
                       data=content, headers={"Authorization": f"Bearer {token}", "Content-Type": "text/plain; charset=utf-8"}, timeout=30)
    assert put.status_code == 200, put.text
    assert put.json()["file"]["filename"] == name
    download = requests.get(base + put.json()["file"]["url"], timeout=30)
    assert download.content == content
    disposition = download.headers["Content-Disposition"]
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    assert urllib.parse.unquote(encoded) == name
    assert disposition.encode("latin-1").decode("ascii")  # the header itself is plain ASCII
    page = requests.get(base + "/documents/almaty-act-2002", timeout=30).text
    assert name in page and hashlib.sha256(content).hexdigest() in page


def test_a_secretariat_document_is_nowhere_for_the_public(base, token):
    headers = {"Authorization": f"Bearer {token}"}
    created = requests.post(base + "/api/v1/documents", headers=headers, timeout=30,
                            json={"title": "Staffing memo e2e", "kind": "memorandum", "access": "secretariat"})
    assert created.status_code == 201, created.text
    doc = created.json()["document"]["id"]
    everyone = requests.get(base + "/api/v1/documents?kind=memorandum", timeout=30).json()
    officer = requests.get(base + "/api/v1/documents?kind=memorandum", headers=headers, timeout=30).json()
    assert doc not in [d["id"] for d in everyone["items"]] and everyone["total"] == officer["total"] - 1
    assert requests.get(f"{base}/api/v1/documents/{doc}", timeout=30).status_code == 404
    assert requests.get(f"{base}/documents/{doc}", timeout=30).status_code == 404
    assert "Staffing memo e2e" not in requests.get(base + "/documents?kind=memorandum", timeout=30).text
    assert "Staffing memo e2e" in requests.get(f"{base}/api/v1/documents/{doc}", headers=headers, timeout=30).text
