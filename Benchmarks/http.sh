#!/usr/bin/env bash
# The platform side by side with a bare Hummingbird application (the ceiling), in the same run: release builds,
# loopback, wrk. For each path, ROUNDS rounds alternating ceiling and path; prints requests/s, latency percentiles,
# the ratio to the ceiling, the start to the first answer and the server's resident memory (idle and peak).
#
# Usage: [DURATION=5s] [ROUNDS=3] [CONNECTIONS=32] [THREADS=1] Benchmarks/http.sh [DATABASE ...]
#   BUILD=debug checks the script against the debug build (numbers aside).
#   DATABASE: "sqlite" (a fresh file, the default) or a postgres:// URL of an empty database the script may fill, e.g.
#     runuser -u postgres -- dropdb --if-exists cica_bench; runuser -u postgres -- createdb -O cica cica_bench
#     Benchmarks/http.sh sqlite postgres://cica:cica@127.0.0.1:5432/cica_bench
# See docs/performance.md for the method and the results.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "install wrk: apt-get install -y wrk" >&2; exit 1; }
swift build -c "${BUILD:-release}" --product cica
swift build -c "${BUILD:-release}" --product bare-hummingbird
[ $# -gt 0 ] || set -- sqlite
exec python3 Benchmarks/side_by_side.py "$@"
