#!/usr/bin/env bash
# The Member States page against a bare Hummingbird application, in the same run: release builds, loopback, wrk, SQLite,
# no response cache (every request renders the page). Prints each one's requests/s and the ratio; the target is ≥ 0.04.
# Usage: Benchmarks/page-ratio.sh [PATH ...]   (default: /member-states; other pages are compared with the same yardstick)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "install wrk: apt-get install -y wrk" >&2; exit 1; }
swift build -c release --product cica
swift build -c release --product bare-hummingbird
paths=("$@"); [ ${#paths[@]} -gt 0 ] || paths=(/member-states)
work=$(mktemp -d)
.build/release/cica serve --port 18091 --database "$work/ratio.sqlite" --log-level error &
platform=$!
.build/release/bare-hummingbird 18092 &
bare=$!
trap 'kill $platform $bare 2>/dev/null || true; rm -rf "$work"' EXIT
for port in 18091 18092; do
  for _ in $(seq 1 60); do curl -fs -o /dev/null "http://127.0.0.1:$port/member-states" && break; sleep 1; done
done
rate() { wrk -t2 -c32 -d${DURATION:-15s} "$1" | awk '/Requests\/sec/ { print $2 }'; }
rate http://127.0.0.1:18092/member-states >/dev/null  # warm both up
bare_rate=$(rate http://127.0.0.1:18092/member-states)
echo "bare Hummingbird, /member-states: $bare_rate requests/s"
for path in "${paths[@]}"; do
  rate "http://127.0.0.1:18091$path" >/dev/null
  page_rate=$(rate "http://127.0.0.1:18091$path")
  bytes=$(curl -fs "http://127.0.0.1:18091$path" | wc -c)
  ratio=$(awk -v p="$page_rate" -v b="$bare_rate" 'BEGIN { printf "%.4f", p / b }')
  echo "platform, $path ($bytes bytes): $page_rate requests/s; ratio to the bare app: $ratio (target ≥ 0.04)"
done
