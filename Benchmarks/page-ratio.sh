#!/usr/bin/env bash
# The Member States page against a bare Hummingbird application, in the same run: release builds, loopback, wrk, SQLite,
# no response cache (every request renders the page). Prints each round's requests/s and ratio, and the median ratio;
# the target is ≥ 0.04.
# Usage: [DURATION=15s] [ROUNDS=3] Benchmarks/page-ratio.sh [PATH ...]
#        (default: /member-states; other pages are compared with the same yardstick)
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
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
rounds=${ROUNDS:-3}
# This is often measured on shared machines whose speed drifts within a minute: the bare app and the page are measured
# alternately, ROUNDS times, and each round's ratio is taken between neighbours; the median round is the result.
rate http://127.0.0.1:18092/member-states >/dev/null  # warm both up
for path in "${paths[@]}"; do rate "http://127.0.0.1:18091$path" >/dev/null; done
for path in "${paths[@]}"; do
  bytes=$(curl -fs "http://127.0.0.1:18091$path" | wc -c)
  ratios=()
  for round in $(seq 1 "$rounds"); do
    bare_rate=$(rate http://127.0.0.1:18092/member-states)
    page_rate=$(rate "http://127.0.0.1:18091$path")
    ratio=$(awk -v p="$page_rate" -v b="$bare_rate" 'BEGIN { printf "%.4f", p / b }')
    ratios+=("$ratio")
    echo "round $round, $path: bare app $bare_rate requests/s, page $page_rate requests/s, ratio $ratio"
  done
  echo "platform, $path ($bytes bytes): median ratio to the bare app over $rounds rounds: $(printf '%s\n' "${ratios[@]}" | median) (target ≥ 0.04)"
done
