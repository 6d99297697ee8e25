"""A deployment of the platform of a test's own: a `cica serve` process on its own port, database, key file and files
directory, that a test may kill, restart, back up and restore. For the reliability tests (crash, backup, several
instances), which cannot share the server the other tests use."""
import hashlib
import os
import signal
import socket
import sqlite3
import subprocess
import time
import uuid

import requests

CICA = os.path.abspath(os.environ.get("CICA_E2E_CICA", ".build/debug/cica"))
# As .ci/run creates its databases: as the postgres user.
POSTGRES_ADMIN = ["runuser", "-u", "postgres", "--", "psql"] if os.geteuid() == 0 else ["sudo", "-u", "postgres", "psql"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_url():
    """The PostgreSQL server the tests use, when the machine has one (CI does)."""
    return os.environ.get("CICA_TEST_POSTGRES_URL")


def new_postgres_database(prefix: str) -> str:
    """A new, empty database on that server; the caller drops it with `drop_postgres_database`."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    created = subprocess.run(POSTGRES_ADMIN + ["-q", "-c", f"CREATE DATABASE {name} OWNER cica"], capture_output=True, text=True)
    assert created.returncode == 0, created.stderr
    return postgres_url().rsplit("/", 1)[0] + "/" + name


def drop_postgres_database(url: str):
    name = url.rsplit("/", 1)[1]
    subprocess.run(POSTGRES_ADMIN + ["-q", "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], capture_output=True, text=True)


def engines():
    """The databases a reliability test runs on: SQLite always, PostgreSQL when there is one."""
    return ["sqlite", "postgresql"] if postgres_url() else ["sqlite"]


class Deployment:
    """`directory` holds the key file, the files directory and (for SQLite) the database."""

    def __init__(self, directory, engine="sqlite", database=None, environment=None):
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self.engine = engine
        self.database = database or (str(directory / "cica.sqlite") if engine == "sqlite" else new_postgres_database("cica_rel"))
        self.owns_database = database is None and engine == "postgresql"
        self.environment = {**os.environ, "CICA_LOG_KEY_FILE": str(directory / "cica-log.key"),
                            "CICA_FILES_DIRECTORY": str(directory / "files"), **(environment or {})}
        self.port = free_port()
        self.process = None
        self.log = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cli(self, *args, ok=True, stdin=None, timeout=600, environment=None):
        result = subprocess.run([CICA, *args, "--database", self.database], cwd=self.directory, capture_output=True, text=True,
                                timeout=timeout, input=stdin, env={**self.environment, **(environment or {})})
        if ok:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    def start(self, port=None):
        self.port = port or self.port
        self.log = open(self.directory / f"serve-{self.port}.log", "ab")
        self.process = subprocess.Popen([CICA, "serve", "--port", str(self.port), "--database", self.database, "--log-level", "warning"],
                                        cwd=self.directory, env=self.environment, stdout=self.log, stderr=self.log)
        deadline = time.time() + 120
        while time.time() < deadline:
            assert self.process.poll() is None, (self.directory / f"serve-{self.port}.log").read_text()
            try:
                if requests.get(self.base + "/health", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise AssertionError("the server did not answer /health within 120 seconds")

    def kill(self):
        """SIGKILL: no shutdown of any kind, as a power cut or the out-of-memory killer would."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        self.log.close()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log:
            self.log.close()

    def close(self):
        self.stop()
        if self.owns_database:
            drop_postgres_database(self.database)

    # Accounts

    def secretariat_token(self) -> str:
        email = f"officer-{uuid.uuid4().hex[:6]}@example.org"
        self.cli("user", "add", email, "--name", "Reliability Officer", "--role", "secretariat", stdin="reliability-password-1\n")
        return self.cli("user", "token", email).stdout.strip().splitlines()[-1]

    def delegate_token(self, state: str) -> str:
        email = f"delegate-{state.lower()}-{uuid.uuid4().hex[:6]}@example.org"
        self.cli("user", "add", email, "--name", f"Delegate of {state}", "--role", "delegate", "--state", state,
                 stdin="reliability-password-1\n")
        return self.cli("user", "token", email).stdout.strip().splitlines()[-1]

    # What the database and the files directory hold

    def query(self, sql: str):
        """Rows of a read-only query, on either engine."""
        if self.engine == "sqlite":
            with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True) as connection:
                return connection.execute(sql).fetchall()
        name = self.database.rsplit("/", 1)[1]
        out = subprocess.run(POSTGRES_ADMIN + ["-d", name, "-At", "-F", "\t", "-c", sql], capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        return [tuple(line.split("\t")) for line in out.stdout.splitlines() if line]

    def kept_files(self):
        """Every kept file (`ab/abcdef…`) and what its content hashes to."""
        root = self.directory / "files"
        found = {}
        for prefix in sorted(root.iterdir()) if root.exists() else []:
            if len(prefix.name) != 2 or not prefix.is_dir():
                continue  # incoming/, unnamed/
            for path in prefix.iterdir():
                found[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
        return found

    def incoming(self):
        root = self.directory / "files" / "incoming"
        return sorted(p.name for p in root.iterdir()) if root.exists() else []

    def unnamed(self):
        root = self.directory / "files" / "unnamed"
        return sorted(p.name for p in root.iterdir()) if root.exists() else []


def upload(base, token, title, content: bytes):
    """A new public document with a file: the document's id once both writes are acknowledged, else None."""
    headers = {"Authorization": f"Bearer {token}"}
    created = requests.post(base + "/api/v1/documents", headers=headers, timeout=30,
                            json={"title": title, "kind": "report", "access": "public"})
    if created.status_code != 201:
        return None
    doc = created.json()["document"]["id"]
    put = requests.put(f"{base}/api/v1/documents/{doc}/versions/en/file?filename=r.txt", data=content,
                       headers={**headers, "Content-Type": "text/plain"}, timeout=60)
    return doc if put.status_code == 200 else None
