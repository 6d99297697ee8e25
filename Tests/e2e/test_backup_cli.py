"""Backups that restore: `cica backup` taken while the server takes writes (documents with files), `cica restore` into
an empty deployment on the same engine; the counts, the files' checksums and `cica verify` checked independently of
what the commands say. On SQLite, and on PostgreSQL when the machine has it (CI does)."""
import hashlib
import json
import os
import shutil
import stat
import threading
import time
import uuid

import pytest
import requests

from deployment import Deployment, engines, upload


@pytest.mark.parametrize("engine", engines())
def test_a_backup_taken_under_write_load_restores_and_verifies(tmp_path, engine):
    source = Deployment(tmp_path / "source", engine).start()
    target = Deployment(tmp_path / "target", engine)
    try:
        token = source.secretariat_token()
        stop, acknowledged, lock = threading.Event(), [], threading.Lock()

        def writer(n):
            i = 0
            while not stop.is_set():
                content = f"Report {n}-{i} {uuid.uuid4()}\n".encode() * 40
                doc = upload(source.base, token, f"Load {n}-{i}", content)
                if doc:
                    with lock:
                        acknowledged.append((doc, hashlib.sha256(content).hexdigest()))
                i += 1

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
        for thread in threads:
            thread.start()
        time.sleep(2)
        backup = tmp_path / "backup"
        with lock:
            started = len(acknowledged)
        taken = source.cli("backup", str(backup))
        before = len(acknowledged)
        time.sleep(1.5)
        stop.set()
        for thread in threads:
            thread.join()
        assert "Backed up" in taken.stdout and "cica-log.key" in taken.stdout
        assert started > 5, "the backup was taken while writes were being acknowledged"
        assert len(acknowledged) > before, "and writes went on while it was taken"

        manifest = json.loads((backup / "manifest.json").read_text())
        assert stat.S_IMODE(os.stat(backup).st_mode) == 0o700
        assert stat.S_IMODE(os.stat(backup / "manifest.json").st_mode) == 0o600
        assert not list(backup.rglob("*.key")), "the private key is never in a backup"
        for entry in manifest["files"]:
            path = backup / "files" / entry["sha256"][:2] / entry["sha256"]
            assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]
        in_backup = manifest["tables"]["documents"]
        assert in_backup < int(source.query("SELECT COUNT(*) FROM documents")[0][0]), "later writes are not in the backup"

        restored = target.cli("restore", str(backup))
        assert "Restored" in restored.stdout and "verifies" in restored.stdout, restored.stdout + restored.stderr
        # The counts, the files and the log, checked here rather than taken from the command's word.
        for table, rows in manifest["tables"].items():
            assert int(target.query(f'SELECT COUNT(*) FROM "{table}"')[0][0]) == rows, table
        named = {row[0] for row in target.query("SELECT DISTINCT file_sha256 FROM document_versions WHERE file_sha256 IS NOT NULL")}
        kept = target.kept_files()
        assert named <= set(kept), "every file the restored database names is in the files directory"
        assert all(name == digest for name, digest in kept.items()), "and has the checksum its name says"
        assert "verifies" in target.cli("verify").stdout

        # The restored deployment serves every upload acknowledged before the backup began, byte for byte.
        target.start()
        for doc, digest in acknowledged[:started]:
            download = requests.get(f"{target.base}/api/v1/documents/{doc}/versions/en/file", timeout=30)
            assert download.status_code == 200 and hashlib.sha256(download.content).hexdigest() == digest, doc
        target.stop()

        # A backup run with another files directory than the deployment's would lack the files: refused, nothing left.
        elsewhere = source.cli("backup", str(tmp_path / "elsewhere"), ok=False, environment={"CICA_FILES_DIRECTORY": str(tmp_path / "empty")})
        assert elsewhere.returncode == 1 and "are not in the files directory" in elsewhere.stderr
        assert not (tmp_path / "elsewhere").exists()

        # Refused, writing nothing: into a deployment that has a database; a damaged backup.
        again = target.cli("restore", str(backup), ok=False)
        assert again.returncode == 1 and "Nothing was restored" in again.stderr and "already holds a database" in again.stderr
        damaged = tmp_path / "damaged"
        shutil.copytree(backup, damaged)
        database = damaged / ("database.sqlite" if engine == "sqlite" else "database.pgdump")
        data = bytearray(database.read_bytes())
        data[len(data) // 2] ^= 0xFF
        database.write_bytes(bytes(data))
        fresh = Deployment(tmp_path / "fresh", engine)
        try:
            refused = fresh.cli("restore", str(damaged), ok=False)
            assert refused.returncode == 1 and "the backup is damaged" in refused.stderr
            assert refused.stderr.strip().count("\n") == 0
            if engine == "sqlite":
                assert not os.path.exists(fresh.database)
            else:
                assert fresh.query("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'")[0][0] == "0"
        finally:
            fresh.close()
    finally:
        stop.set()
        source.close()
        target.close()


def test_a_backup_is_refused_into_a_directory_in_use_and_of_a_missing_database(tmp_path):
    deployment = Deployment(tmp_path / "d")
    deployment.cli("seed")
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "something").write_text("x")
    refused = deployment.cli("backup", str(tmp_path / "used"), ok=False)
    assert refused.returncode == 1 and "is not empty" in refused.stderr
    missing = Deployment(tmp_path / "missing")
    refused = missing.cli("backup", str(tmp_path / "b"), ok=False)
    assert refused.returncode == 1 and "no database at" in refused.stderr and not (tmp_path / "b").exists()


def test_the_private_key_travels_only_sealed_and_only_when_asked(tmp_path):
    source = Deployment(tmp_path / "source")
    source.cli("seed")
    plain = source.cli("backup", str(tmp_path / "plain"))
    assert not (tmp_path / "plain" / "platform-key.sealed").exists() and "not in the backup" in plain.stdout
    short = source.cli("backup", str(tmp_path / "short"), "--include-private-key", stdin="too short\n", ok=False)
    assert short.returncode == 1 and "shorter than 12 characters" in short.stderr and not (tmp_path / "short").exists()
    source.cli("backup", str(tmp_path / "sealed"), "--include-private-key", stdin="a passphrase of some length\n")
    sealed = (tmp_path / "sealed" / "platform-key.sealed").read_text()
    key = (tmp_path / "source" / "cica-log.key").read_text()
    assert key.split()[0] not in sealed and "PRIVATE" not in sealed, "the key is in the backup only encrypted"
    assert stat.S_IMODE(os.stat(tmp_path / "sealed" / "platform-key.sealed").st_mode) == 0o600

    target = Deployment(tmp_path / "target")
    wrong = target.cli("restore", str(tmp_path / "sealed"), "--private-key", stdin="not the passphrase\n", ok=False)
    assert wrong.returncode == 1 and "does not open the sealed key" in wrong.stderr
    assert not os.path.exists(target.database) and not (tmp_path / "target" / "cica-log.key").exists(), "nothing written"
    none = target.cli("restore", str(tmp_path / "plain"), "--private-key", stdin="a passphrase of some length\n", ok=False)
    assert none.returncode == 1 and "does not carry the platform's private key" in none.stderr
    restored = target.cli("restore", str(tmp_path / "sealed"), "--private-key", stdin="a passphrase of some length\n")
    assert "key file was restored" in restored.stdout and "verifies" in restored.stdout
    assert (tmp_path / "target" / "cica-log.key").read_text() == key
    assert stat.S_IMODE(os.stat(tmp_path / "target" / "cica-log.key").st_mode) == 0o600
