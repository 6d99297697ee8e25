"""The whole database from the command line: exported (progress on the terminal, files readable by the owner alone),
imported into a new database on the other engine and back, verified, the same bytes each time; refused imports say why
in one line and write nothing."""
import filecmp
import os
import stat
import subprocess
import uuid

import pytest

CICA = os.path.abspath(os.environ.get("CICA_E2E_CICA", ".build/debug/cica"))
# As .ci/run creates its databases: as the postgres user.
POSTGRES_ADMIN = ["runuser", "-u", "postgres", "--", "psql"] if os.geteuid() == 0 else ["sudo", "-u", "postgres", "psql"]


def run(args, cwd, ok=True):
    result = subprocess.run([CICA, *args], cwd=cwd, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "CICA_LOG_KEY_FILE": str(cwd / "cica-log.key"), "CICA_FILES_DIRECTORY": str(cwd / "files")})
    if ok:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def same(a, b):
    comparison = filecmp.dircmp(a, b)
    assert not comparison.left_only and not comparison.right_only and not comparison.diff_files, (a, b)
    tables = filecmp.dircmp(a / "tables", b / "tables")
    assert not tables.left_only and not tables.right_only
    _, mismatch, errors = filecmp.cmpfiles(a / "tables", b / "tables", tables.common_files, shallow=False)
    assert not mismatch and not errors, mismatch


@pytest.fixture
def postgres_database():
    """A new, empty PostgreSQL database, when the machine has one (CI does); dropped afterwards."""
    url = os.environ.get("CICA_TEST_POSTGRES_URL")
    if not url:
        yield None
        return
    name = "cica_export_" + uuid.uuid4().hex[:8]
    created = subprocess.run(POSTGRES_ADMIN + ["-q", "-c", f"CREATE DATABASE {name} OWNER cica"], capture_output=True, text=True)
    assert created.returncode == 0, created.stderr
    yield url.rsplit("/", 1)[0] + "/" + name
    subprocess.run(POSTGRES_ADMIN + ["-q", "-c", f"DROP DATABASE IF EXISTS {name}"], capture_output=True, text=True)


def test_export_import_across_engines_gives_the_same_bytes(tmp_path, postgres_database):
    run(["seed", "--database", str(tmp_path / "source.sqlite")], tmp_path)
    exported = run(["export", str(tmp_path / "one"), "--database", str(tmp_path / "source.sqlite")], tmp_path)
    tables = len(list((tmp_path / "one" / "tables").iterdir()))
    assert "Exported" in exported.stdout and f"\n{tables}/{tables} " in exported.stderr, "progress on the terminal, a line per table"
    assert stat.S_IMODE(os.stat(tmp_path / "one").st_mode) == 0o700
    for path in (tmp_path / "one" / "tables").iterdir():
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    assert stat.S_IMODE(os.stat(tmp_path / "one" / "manifest.json").st_mode) == 0o600
    assert not (tmp_path / "one" / "tables" / "sessions.jsonl").exists()

    middle = postgres_database or str(tmp_path / "middle.sqlite")
    imported = run(["import", str(tmp_path / "one"), "--database", middle], tmp_path)
    assert "Imported" in imported.stdout and "verifies" in imported.stdout
    run(["export", str(tmp_path / "two"), "--database", middle], tmp_path)
    same(tmp_path / "one", tmp_path / "two")

    run(["import", str(tmp_path / "two"), "--database", str(tmp_path / "back.sqlite")], tmp_path)
    run(["export", str(tmp_path / "three"), "--database", str(tmp_path / "back.sqlite")], tmp_path)
    same(tmp_path / "one", tmp_path / "three")
    assert "verifies" in run(["verify", "--database", str(tmp_path / "back.sqlite")], tmp_path).stdout

    # Into a database that holds records: one line saying why, and nothing written.
    refused = run(["import", str(tmp_path / "one"), "--database", str(tmp_path / "source.sqlite")], tmp_path, ok=False)
    assert refused.returncode == 1
    assert refused.stderr.strip().count("\n") == 0 and "Nothing was imported" in refused.stderr and "already holds records" in refused.stderr
    # Not an export; the new database the refused import would have filled is not left behind.
    (tmp_path / "empty").mkdir()
    refused = run(["import", str(tmp_path / "empty"), "--database", str(tmp_path / "new.sqlite")], tmp_path, ok=False)
    assert refused.returncode == 1 and "no manifest.json" in refused.stderr
    assert not (tmp_path / "new.sqlite").exists()
    refused = run(["import", str(tmp_path / "nowhere"), "--database", str(tmp_path / "new.sqlite")], tmp_path, ok=False)
    assert refused.returncode == 1 and "does not exist" in refused.stderr
    # A mistyped database: said, and no empty database or half-written directory made.
    refused = run(["export", str(tmp_path / "four"), "--database", str(tmp_path / "typo.sqlite")], tmp_path, ok=False)
    assert refused.returncode == 1 and "no database at" in refused.stderr
    assert not (tmp_path / "typo.sqlite").exists() and not (tmp_path / "four").exists()
    # Into a directory that is not empty.
    refused = run(["export", str(tmp_path / "one"), "--database", str(tmp_path / "source.sqlite")], tmp_path, ok=False)
    assert refused.returncode == 1 and "is not empty" in refused.stderr
