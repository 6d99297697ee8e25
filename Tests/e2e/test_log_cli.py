"""The log from the command line: a downloaded record checked with the platform's key alone, checkpoints that extend
one another, and the platform key rotated, then distrusted as compromised."""
import json
import os
import subprocess

import requests

CICA = os.path.abspath(os.environ.get("CICA_E2E_CICA", ".build/debug/cica"))


def run(args, cwd, ok=True, stdin=None):
    result = subprocess.run([CICA, *args], cwd=cwd, capture_output=True, text=True, timeout=600, input=stdin,
                            env={**os.environ, "CICA_LOG_KEY_FILE": str(cwd / "cica-log.key")})
    if ok:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_a_downloaded_record_verifies_with_the_platform_key_and_nothing_else(base, tmp_path):
    key = requests.get(base + "/api/v1/log/key", timeout=30).text.strip()
    record = requests.get(base + "/api/v1/decisions/history-admission-kw/record", timeout=30).json()
    assert record["format"] == "cica-decision-record/2" and record["log"]["leaves"]
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record))
    assert "verifies" in run(["verify", "--file", str(path), "--key", key], tmp_path).stdout
    # Without a key there is nothing to trust.
    assert run(["verify", "--file", str(path)], tmp_path, ok=False).returncode != 0
    # Another platform's key does not vouch for this record.
    run(["seed", "--database", str(tmp_path / "other.sqlite")], tmp_path)
    other = run(["log", "key"], tmp_path).stdout.strip()
    refused = run(["verify", "--file", str(path), "--key", other], tmp_path, ok=False)
    assert refused.returncode == 1 and "not signed by the key given" in refused.stderr
    # An outcome changed in the file is not the one the log holds.
    record["entries"][-1]["payload"] = record["entries"][-1]["payload"].replace('"adopted"', '"notAdopted"')
    path.write_text(json.dumps(record))
    changed = run(["verify", "--file", str(path), "--key", key], tmp_path, ok=False)
    assert changed.returncode == 1 and "not one the log holds" in changed.stderr


def test_the_platform_key_rotates_and_a_compromised_one_is_distrusted(tmp_path):
    database = str(tmp_path / "log.sqlite")
    run(["seed", "--database", database], tmp_path)
    (tmp_path / "first.txt").write_text(run(["log", "checkpoint", "--database", database], tmp_path).stdout)
    first_key = run(["log", "key"], tmp_path).stdout.strip()
    assert "verifies" in run(["verify", "--database", database], tmp_path).stdout

    run(["log", "rotate-key", "--database", database], tmp_path)
    assert run(["log", "key"], tmp_path).stdout.strip() != first_key
    assert f"RETIRED {first_key}" in (tmp_path / "cica-log.key").read_text()
    assert "verifies" in run(["verify", "--database", database], tmp_path).stdout
    run(["user", "add", "later@example.org", "--name", "Later", "--role", "administrator", "--database", database], tmp_path,
        stdin="a-long-password-1\n")
    (tmp_path / "second.txt").write_text(run(["log", "checkpoint", "--database", database], tmp_path).stdout)
    assert "verifies" in run(["verify", "--consistency", "first.txt", "second.txt", "--database", database], tmp_path).stdout
    backwards = run(["verify", "--consistency", "second.txt", "first.txt", "--database", database], tmp_path, ok=False)
    assert backwards.returncode == 1

    run(["log", "rotate-key", "--compromised", "--database", database], tmp_path)
    assert "DISTRUSTED" in (tmp_path / "cica-log.key").read_text()
    # The new key vouches for the log as it stands; what the compromised key signed is no longer evidence.
    assert "verifies" in run(["verify", "--database", database], tmp_path).stdout
    distrusted = run(["verify", "--consistency", "first.txt", "second.txt", "--database", database], tmp_path, ok=False)
    assert distrusted.returncode == 1 and "second.txt is not a checkpoint signed by a trusted key" in distrusted.stderr
