#!/usr/bin/env bash
# Heap allocated and CPU spent per request by the packaged gateway under one wrk load, on loopback:
#   bench/alloc-per-request.sh [BODY] [WARMUP_S] [MEASURE_S] [CONNECTIONS]
# BODY: a JSON chat body (default: the 121 KB data-URL body bench/gateway-overhead.sh keeps in its cache).
# Starts bench/upstream.mjs and target/quarkus-app (build it first: ./mvnw -B -q package -DskipTests) with -Xlog:gc,
# warms up, then counts the heap the young collections found filled during the measured run (each collection's
# "before" minus the previous one's "after") and the process's CPU time, both divided by the requests. Allocation
# moves far less than CPU time on a shared machine: compare jars by it first. The upstream speaks HTTPS (a self-signed
# certificate made with openssl, trusted by the gateway's TLS configuration "router"); UPSTREAM_TLS=0 in the
# environment: plain HTTP. Also prints the new connections the upstream accepted per 1,000 measured requests.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
die() { echo "alloc-per-request: error: $*" >&2; exit 1; }
say() { echo "alloc-per-request: $*" >&2; }
# start_upstream, upstream_connections (UPSTREAM_TLS, UPSTREAM_H2)
# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"
BODY="${1:-$HOME/.cache/vision-gateway-bench/bodies/jpeg-121k.json}"
WARM="${2:-30}"; DUR="${3:-20}"; C="${4:-8}"
JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx192m -XX:+UseParallelGC}"
[[ -f "$BODY" ]] || { echo "no body $BODY: run bench/gateway-overhead.sh once, or name a JSON chat body" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
RUN="$(mktemp -d)"
PIDS=()
trap 'for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$RUN"' EXIT
start_upstream "$RUN/upstream.log"
PORT=$((20000 + RANDOM % 10000)); MPORT=$((PORT + 1))
# GATEWAY_UPSTREAM_ENV: GATEWAY_ROUTER_URL and, over HTTPS, QUARKUS_TLS_ROUTER_TRUST_STORE_PEM_CERTS
# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
env "${GATEWAY_UPSTREAM_ENV[@]}" GATEWAY_ROUTER_API_KEY=bench GATEWAY_FETCH_MODE=pass-through \
  QUARKUS_HTTP_PORT=$PORT QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT=$MPORT QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
  java $JAVA_OPTS "-Xlog:gc:file=$RUN/gc.log:uptimemillis" -jar "$ROOT/target/quarkus-app/quarkus-run.jar" \
  > "$RUN/gateway.log" 2>&1 & GW=$!
PIDS+=("$GW")
for _ in $(seq 120); do curl -sf "127.0.0.1:$MPORT/q/health/ready" >/dev/null && break; sleep 0.5; done
URL="http://127.0.0.1:$PORT/v1/chat/completions"
wrk -t2 -c"$C" -d"${WARM}s" -s "$ROOT/bench/wrk/dataurl.lua" "$URL" -- "$BODY" > /dev/null
CONNS0="$(upstream_connections)"
CPU0=$(awk '{print $14 + $15}' "/proc/$GW/stat")
OUT="$(wrk -t2 -c"$C" -d"${DUR}s" -s "$ROOT/bench/wrk/dataurl.lua" "$URL" -- "$BODY" | grep BENCH)"
CPU1=$(awk '{print $14 + $15}' "/proc/$GW/stat")
CONNS=$(($(upstream_connections) - CONNS0))
upstream_check_tls "$RUN/upstream.log"
sleep 1
echo "$OUT"
echo "upstream over $([[ "$UPSTREAM_TLS" == 1 ]] && echo HTTPS || echo 'plain HTTP'): $CONNS new connections during the" \
  "measured run, $(awk -v c="$CONNS" -v n="$(sed -E 's/.*requests=([0-9]+).*/\1/' <<< "$OUT")" \
  'BEGIN { printf "%.2f", n > 0 ? c * 1000 / n : 0 }') per 1,000 requests"
python3 - "$OUT" "$DUR" "$((CPU1 - CPU0))" "$(getconf CLK_TCK)" "$RUN/gc.log" <<'PY'
import re, sys
out, dur, ticks, hz, log = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
requests = int(re.search(r'requests=(\d+)', out).group(1))
bad = int(re.search(r'non2xx=(\d+)', out).group(1))
rows = [(int(m.group(1)), int(m.group(2)), int(m.group(3))) for m in
        (re.search(r'\[(\d+)ms\].*Pause Young.* (\d+)M->(\d+)M', line) for line in open(log)) if m]
end = rows[-1][0]
allocated, previous = 0, None
for at, before, after in rows:
    if previous is not None and at >= end - dur * 1000:
        allocated += before - previous
    previous = after
print(f"{requests} requests ({bad} non-2xx): {ticks * 1000 / hz / requests:.3f} ms CPU and "
      f"{allocated * 1024 / requests:.0f} KB allocated per request")
PY
