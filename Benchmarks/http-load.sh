#!/usr/bin/env bash
# HTTP load on a release build: wrk (Debian's package) against the API and the pages.
# Usage: Benchmarks/http-load.sh [DATABASE]   (default: a fresh SQLite file)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "install wrk: apt-get install -y wrk" >&2; exit 1; }
swift build -c release --product cica
work=$(mktemp -d)
database=${1:-$work/load.sqlite}
.build/release/cica serve --port 18090 --database "$database" --log-level error &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 60); do curl -fs http://127.0.0.1:18090/health >/dev/null && break; sleep 1; done
for path in /api/v1/member-states /api/v1/meetings /api/v1/eligibility/EG / /member-states /catalogue; do
  echo "== $path"
  wrk -t2 -c32 -d15s --latency "http://127.0.0.1:18090$path" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx"
done
echo "== resident memory of the server after the load (kB)"
grep VmRSS /proc/$server/status
