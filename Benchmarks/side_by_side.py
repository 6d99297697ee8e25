"""The measurement behind Benchmarks/http.sh (which builds the release binaries first).

For each database named on the command line: start `cica serve` on an empty database (timing the start to the first
answer), add a Secretariat officer and a delegate of Kazakhstan, circulate one draft under the silence procedure,
then measure every path with wrk, alternating with the bare Hummingbird application so that each round's ratio is
taken between neighbours (the machine's speed drifts within a minute). Prints one table per database.
"""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timedelta, timezone

# Release builds (http.sh builds them); BUILD=debug checks the script itself against a debug build, numbers aside.
BUILD = os.environ.get("BUILD", "release")
CICA = f".build/{BUILD}/cica"
BARE = f".build/{BUILD}/bare-hummingbird"
PLATFORM_PORT, BARE_PORT = 18191, 18192
DURATION = os.environ.get("DURATION", "5s")
ROUNDS = int(os.environ.get("ROUNDS", "3"))
CONNECTIONS = os.environ.get("CONNECTIONS", "32")
THREADS = os.environ.get("THREADS", "1")
PASSWORD = "benchmark-password-1\n"


def get(url, headers=None, body=None, method=None):
    request = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read()


def wait_for(url, limit=60.0):
    start = time.monotonic()
    while time.monotonic() - start < limit:
        try:
            if get(url)[0] == 200:
                return time.monotonic() - start
        except OSError:
            pass
        time.sleep(0.005)
    raise SystemExit(f"{url} did not answer within {limit:.0f} s")


def memory(pid, field):
    """A field of /proc/PID/status in MB (VmRSS: resident now; VmHWM: the peak so far)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def seconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def wrk(url, headers=(), script=None):
    """requests/s, p50 and p99 in ms, and how many answers were not 2xx or 3xx."""
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", script]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = seconds(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)) * 1000
    p99 = seconds(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)) * 1000
    failed = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rate, p50, p99, int(failed.group(1)) if failed else 0


def cli(database, *arguments, stdin=None):
    result = subprocess.run([CICA, *arguments, "--database", database], input=stdin, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"cica {' '.join(arguments)}: {result.stderr.strip()}")
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def token(database, role, state=None):
    email = f"bench-{role}-{time.monotonic_ns()}@example.org"
    extra = ["--state", state] if state else []
    cli(database, "user", "add", email, "--name", f"Benchmark {role}", "--role", role, *extra, stdin=PASSWORD)
    return cli(database, "user", "token", email)


def measure(database, work):
    label = "SQLite" if database == "sqlite" else "PostgreSQL"
    if database == "sqlite":
        database = os.path.join(work, "bench.sqlite")
    bare = subprocess.Popen([BARE, str(BARE_PORT)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    began = time.monotonic()
    server = subprocess.Popen([CICA, "serve", "--port", str(PLATFORM_PORT), "--database", database, "--log-level", "error"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{PLATFORM_PORT}"
        wait_for(base + "/health")
        started = time.monotonic() - began
        wait_for(f"http://127.0.0.1:{BARE_PORT}/member-states")
        idle = memory(server.pid, "VmRSS")

        officer = {"Authorization": "Bearer " + token(database, "secretariat"), "Content-Type": "application/json"}
        delegate = "Authorization: Bearer " + token(database, "delegate", "KZ")
        _, created = get(base + "/api/v1/decisions", officer, method="POST", body=json.dumps({
            "title": "Benchmark draft", "organ": "senior-officials-committee", "text": "A text.", "translations": {"ru": "Текст."},
            "effect": {"kind": "none", "parameters": {}}}).encode())
        draft = json.loads(created)
        deadline = (datetime.now(timezone.utc) + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
        get(f"{base}/api/v1/decisions/{draft['id']}/circulate", officer, method="POST", body=json.dumps({"deadline": deadline}).encode())
        position = os.path.join(work, "position.lua")
        with open(position, "w") as lua:
            lua.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                      f"wrk.body = '{json.dumps({'state': 'KZ', 'version': draft['currentVersion'], 'position': 'joins'})}'\n")

        decision = f"/decisions/{draft['id']}"
        paths = [
            ("/health", [], None),
            ("/api/v1/member-states", [], None),
            ("/api/v1/eligibility/EG", [], None),
            ("/api/v1/meetings", [], None),
            (f"/api/v1{decision}", [], None),
            ("/", [], None),
            ("/member-states", [], None),
            ("/catalogue", [], None),
            (decision, [], None),
            ("/calendar.ics", [], None),
            ("/search?q=Almaty", [], None),
            ("/ (signed in)", [delegate], None),
            (f"{decision} (signed in)", [delegate], None),
            (f"POST /api/v1{decision}/positions", [delegate], position),
        ]
        # Warm both up (the first seconds of a fresh process are slower on every path).
        wrk(f"http://127.0.0.1:{BARE_PORT}/member-states")
        wrk(base + "/member-states")
        rows = []
        for name, headers, script in paths:
            path = name.split(" ")[1] if name.startswith("POST ") else name.split(" ")[0]
            rounds = []
            for _ in range(ROUNDS):
                ceiling = wrk(f"http://127.0.0.1:{BARE_PORT}/member-states")[0]
                rate, p50, p99, failed = wrk(base + path, headers, script)
                rounds.append((rate / ceiling, rate, p50, p99, failed, ceiling))
            ratio, rate, p50, p99, failed, ceiling = sorted(rounds)[len(rounds) // 2]
            rows.append((name, rate, p50, p99, ratio, ceiling, sum(r[4] for r in rounds)))
            print(f"  {label} {name}: {rate:,.0f}/s, ratio {ratio:.3f}", file=sys.stderr, flush=True)
        peak = memory(server.pid, "VmHWM")
    finally:
        server.terminate()
        bare.terminate()
        server.wait(timeout=30)
        bare.wait(timeout=30)

    print(f"\n### {label}: wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}, median of {ROUNDS} alternating rounds\n")
    print("| path | requests/s | p50 ms | p99 ms | ratio to the ceiling | ceiling requests/s | not 2xx/3xx |")
    print("|---|---|---|---|---|---|---|")
    for name, rate, p50, p99, ratio, ceiling, failed in rows:
        print(f"| `{name}` | {rate:,.0f} | {p50:.1f} | {p99:.1f} | {ratio:.3f} | {ceiling:,.0f} | {failed} |")
    print(f"\nStart to the first answer (migrating and loading CICA's data into the empty database): {started:.2f} s. "
          f"Resident memory: {idle:.0f} MB idle, {peak:.0f} MB at its peak under the load.")


def main():
    with tempfile.TemporaryDirectory() as work:
        for database in sys.argv[1:]:
            measure(database, work)


if __name__ == "__main__":
    main()
