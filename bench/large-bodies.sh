#!/usr/bin/env bash
# Do large request bodies stall other connections? Small chat requests (one https image_url) at concurrency 8,
# measured alone and then while a client keeps posting ~19.5 MB chat bodies one after another, side by side in one
# run against the packaged gateway (pod heap, -Xmx192m) and bench/upstream.mjs. See bench/README.md.
#   bench/large-bodies.sh [duration-seconds]   (needs wrk and node; build first: ./mvnw -B -q package -DskipTests)
# The upstream speaks HTTPS (a self-signed certificate made with openssl); UPSTREAM_TLS=0 in the environment: plain HTTP.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="$ROOT/bench"
DURATION="${1:-15}"
WORK="$(mktemp -d)"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
die() { echo "large-bodies: error: $*" >&2; exit 1; }
say() { echo "large-bodies: $*" >&2; }
# free_port, start_upstream (UPSTREAM_TLS, UPSTREAM_H2)
# shellcheck source=bench/common.sh
source "$BENCH/common.sh"
command -v wrk >/dev/null || die "wrk is missing: apt-get install -y wrk"
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
[[ -f "$JAR" ]] || die "no $JAR: ./mvnw -B -q package -DskipTests"

start_upstream "$WORK/upstream.log"
PORT="$(free_port)"
# GATEWAY_UPSTREAM_ENV: GATEWAY_ROUTER_URL and, over HTTPS, QUARKUS_TLS_ROUTER_TRUST_STORE_PEM_CERTS
env "${GATEWAY_UPSTREAM_ENV[@]}" GATEWAY_ROUTER_API_KEY=bench GATEWAY_FETCH_MODE=pass-through \
  QUARKUS_HTTP_PORT="$PORT" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$(free_port)" \
  QUARKUS_MANAGEMENT_HOST=127.0.0.1 java -Xmx192m -jar "$JAR" > "$WORK/gateway.log" 2>&1 &
GW=$!; PIDS+=("$GW")
GATEWAY="http://127.0.0.1:$PORT"
wait_for "$GATEWAY/v1/models"

# ~19.5 MB: a long text part (under the 20M body limit), as a large body whose parse and forward cost the most
python3 - "$WORK/large.json" <<'PY'
import json, sys
text = "lorem ipsum dolor sit amet " * 720_000
json.dump({"model": "openai/gpt-4o", "messages": [{"role": "user", "content": [
    {"type": "text", "text": text},
    {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg"}}]}]}, open(sys.argv[1], "w"))
PY
small() { wrk -t2 -c8 -d"$1"s --latency -s "$BENCH/wrk/url.lua" "$GATEWAY/v1/chat/completions" | grep '^BENCH'; }
field() { sed -E "s/.* $1=([^ ]+).*/\1/" <<< "$2"; }

small 5 > /dev/null   # warm-up
alone="$(small "$DURATION")"
wrk -t1 -c1 -d"$((DURATION + 4))"s -s "$BENCH/wrk/common.lua" "$GATEWAY/v1/chat/completions" -- "$WORK/large.json" \
  > "$WORK/large.out" 2>&1 & LARGE=$!
sleep 2
during="$(small "$DURATION")"
wait "$LARGE" || true
upstream_check_tls "$WORK/upstream.log"
large="$(grep '^BENCH' "$WORK/large.out" || echo "BENCH requests=0 rps=0 p50_ms=0 p99_ms=0 non2xx=? statuses=?")"

echo "| small chat requests, c=8 | requests/s | p50 ms | p99 ms | non-2xx |"
echo "|---|---|---|---|---|"
echo "| alone | $(field rps "$alone") | $(field p50_ms "$alone") | $(field p99_ms "$alone") | $(field non2xx "$alone") |"
echo "| while ~19.5 MB bodies stream in | $(field rps "$during") | $(field p50_ms "$during") | $(field p99_ms "$during") | $(field non2xx "$during") |"
echo
echo "large bodies: $(field requests "$large") sent, p50 $(field p50_ms "$large") ms, statuses $(field statuses "$large");" \
  "upstream over $([[ "$UPSTREAM_TLS" == 1 ]] && echo HTTPS || echo 'plain HTTP')"
