#!/usr/bin/env bash
# What quarkus-opentelemetry costs per request (docs/ARCHITECTURE.md rule 20), side by side in one run: the gateway
# built at a commit before traces (base), this tree with traces off (the default: no OTLP endpoint), and this tree
# with traces on, exporting to an OTLP/HTTP sink on loopback. Prints one markdown table. See bench/README.md.
#
#   bench/traces-overhead.sh [--base COMMIT] [--rounds N] [--duration SECS] [--connections N] [--no-build] [--plain]
#
# Everything runs on 127.0.0.1 on free ports: bench/upstream.mjs (an instant router, over HTTPS with a self-signed
# certificate made with openssl; --plain or UPSTREAM_TLS=0: plain HTTP; UPSTREAM_H2=1: h2 offered too), a sink that
# answers every OTLP export with 200, and the three gateways at the pod's heap, all started at once. Each round loads
# each gateway in turn (base, off, on) with wrk and bench/wrk/url.lua (a chat with one https image_url, forwarded as
# is); the table gives the median over the rounds of requests/s and of the gateway process's CPU time per request.
# All processes started here are stopped by PID on exit.
set -euo pipefail

die() { echo "traces-overhead: error: $*" >&2; exit 1; }
say() { echo "traces-overhead: $*" >&2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
# free_port, start_upstream, upstream_curl (UPSTREAM_TLS, UPSTREAM_H2)
# shellcheck source=bench/common.sh
source "$BENCH/common.sh"
BASE=3a1b272 # the last commit before quarkus-opentelemetry
ROUNDS=5
DURATION=8
CONNECTIONS=32
BUILD=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --base) BASE="${2:?--base needs a commit}"; shift 2 ;;
    --rounds) ROUNDS="${2:?}"; shift 2 ;;
    --duration) DURATION="${2:?}"; shift 2 ;;
    --connections) CONNECTIONS="${2:?}"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --plain) UPSTREAM_TLS=0; shift ;;
    -h|--help) sed -n 2,13p "$0"; exit 0 ;;
    *) die "unknown option: $1" ;;
  esac
done
for tool in wrk java node curl git; do command -v "$tool" >/dev/null || die "$tool is not on the PATH"; done
JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx192m -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError}"
CLK_TCK="$(getconf CLK_TCK)"
RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/traces-overhead.XXXXXX")"
say "logs and builds in $RUN_DIR"

PIDS=()
cleanup() {
  local status=$? pid
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait_ready() { # name pid url seconds log
  local tries=$(($4 * 10))
  while ((tries-- > 0)); do
    kill -0 "$2" 2>/dev/null || { tail -n 30 "$5" >&2; die "$1 exited before it was ready (log: $5)"; }
    upstream_curl -fs -o /dev/null --max-time 2 "$3" && return 0
    sleep 0.1
  done
  tail -n 30 "$5" >&2; die "$1 was not ready at $3 within $4 s (log: $5)"
}
cpu_ticks() { local stat; stat="$(cat "/proc/$1/stat")"; awk '{ print $12 + $13 }' <<< "${stat##*) }"; }

# --- the two builds --------------------------------------------------------------------------------------------
BASE_DIR="$RUN_DIR/base"
if [[ "$BUILD" == 1 || ! -f "$ROOT/target/quarkus-app/quarkus-run.jar" ]]; then
  say "building this tree: ./mvnw -B -q package -DskipTests"
  (cd "$ROOT" && ./mvnw -B -q package -DskipTests) > "$RUN_DIR/build.log" 2>&1 || { tail -n 30 "$RUN_DIR/build.log" >&2; die "build failed"; }
fi
say "building the base, $BASE, in $BASE_DIR"
mkdir -p "$BASE_DIR"
git -C "$ROOT" archive "$BASE" | tar -x -C "$BASE_DIR"
(cd "$BASE_DIR" && ./mvnw -B -q package -DskipTests) > "$RUN_DIR/build-base.log" 2>&1 || { tail -n 30 "$RUN_DIR/build-base.log" >&2; die "base build failed"; }

# --- upstream, OTLP sink, gateways ------------------------------------------------------------------------------
start_upstream "$RUN_DIR/upstream.log"
wait_ready upstream "$UPSTREAM_PID" "$UPSTREAM/api/models?modality=image" 10 "$RUN_DIR/upstream.log"

SINK_PORT="$(free_port)"
node -e 'require("http").createServer((q, s) => { q.resume(); q.on("end", () => {
  s.writeHead(200, {"content-type": "application/x-protobuf"}); s.end(); }); }).listen(+process.argv[1], "127.0.0.1")' \
  "$SINK_PORT" > "$RUN_DIR/sink.log" 2>&1 &
PIDS+=($!)

declare -A PORT PID
# The base predates the TLS configuration "router" (commit f82b8da): over HTTPS its REST client is pointed at one,
# made by system properties (exact names, whatever the jar's own properties define).
BASE_TLS=""
[[ -n "$UPSTREAM_CA" ]] && BASE_TLS="-Dquarkus.rest-client.router.tls-configuration-name=router -Dquarkus.tls.router.trust-store.pem.certs=$UPSTREAM_CA"
start_gateway() { # name jar java-flags [env...]
  local name="$1" jar="$2" flags="$3"; shift 3
  PORT[$name]="$(free_port)"
  # GATEWAY_UPSTREAM_ENV: GATEWAY_ROUTER_URL and, over HTTPS, QUARKUS_TLS_ROUTER_TRUST_STORE_PEM_CERTS
  # shellcheck disable=SC2086 # JAVA_OPTS and flags are lists of flags
  env "${GATEWAY_UPSTREAM_ENV[@]}" GATEWAY_ROUTER_API_KEY=bench GATEWAY_FETCH_MODE=pass-through \
    QUARKUS_HTTP_PORT="${PORT[$name]}" QUARKUS_HTTP_HOST=127.0.0.1 \
    QUARKUS_MANAGEMENT_PORT="$(free_port)" QUARKUS_MANAGEMENT_HOST=127.0.0.1 "$@" \
    java $JAVA_OPTS $flags -jar "$jar" > "$RUN_DIR/gateway-$name.log" 2>&1 &
  PID[$name]=$!
  PIDS+=($!)
}
start_gateway base "$BASE_DIR/target/quarkus-app/quarkus-run.jar" "$BASE_TLS"
start_gateway off "$ROOT/target/quarkus-app/quarkus-run.jar" ""
start_gateway on "$ROOT/target/quarkus-app/quarkus-run.jar" "" \
  QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$SINK_PORT" QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
for name in base off on; do
  wait_ready "gateway $name" "${PID[$name]}" "http://127.0.0.1:${PORT[$name]}/v1/models" 120 "$RUN_DIR/gateway-$name.log"
done

# --- rounds -------------------------------------------------------------------------------------------------------
declare -A RPS CPU
run() { # name seconds -> "rps cpu_ms_per_request"
  local name="$1" seconds="$2" before after line requests
  before="$(cpu_ticks "${PID[$name]}")"
  wrk -t2 -c"$CONNECTIONS" -d"${seconds}s" --timeout 30s -s "$BENCH/wrk/url.lua" \
    "http://127.0.0.1:${PORT[$name]}/v1/chat/completions" > "$RUN_DIR/wrk-$name.txt" 2>&1
  after="$(cpu_ticks "${PID[$name]}")"
  line="$(grep '^BENCH ' "$RUN_DIR/wrk-$name.txt")" || die "no BENCH line from wrk against $name"
  [[ "$line" == *" non2xx=0 "* ]] || { upstream_check_tls "$RUN_DIR/upstream.log"; die "$name answered non-2xx: $line"; }
  requests="$(sed -E 's/.* requests=([0-9]+).*/\1/' <<< "$line")"
  echo "$(sed -E 's/.* rps=([0-9.]+).*/\1/' <<< "$line") $(awk -v t="$((after - before))" -v h="$CLK_TCK" -v r="$requests" 'BEGIN { printf "%.3f", t * 1000 / h / r }')"
}
for name in base off on; do say "warm-up $name"; run "$name" 10 > /dev/null; done
for round in $(seq "$ROUNDS"); do
  for name in base off on; do
    read -r rps cpu < <(run "$name" "$DURATION")
    RPS[$name]+="$rps "; CPU[$name]+="$cpu "
    say "round $round $name: $rps req/s, $cpu CPU ms/request"
  done
done
median() { tr ' ' '\n' <<< "$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "| gateway ($ROUNDS rounds of ${DURATION} s, c=$CONNECTIONS, chat with one URL) | req/s (median) | CPU ms/request (median) |"
echo "|---|---|---|"
for name in base off on; do echo "| $name | $(median "${RPS[$name]}") | $(median "${CPU[$name]}") |"; done
for name in off on; do
  echo "| **$name / base** | **$(awk -v a="$(median "${RPS[$name]}")" -v b="$(median "${RPS[base]}")" 'BEGIN { printf "%.2f", a / b }')** | **$(awk -v a="$(median "${CPU[$name]}")" -v b="$(median "${CPU[base]}")" 'BEGIN { printf "%.2f", a / b }')** |"
done
echo
echo "base: $BASE; off: $(git -C "$ROOT" rev-parse --short HEAD) without an OTLP endpoint; on: the same with one (a sink). java $JAVA_OPTS; load $(cut -d' ' -f1-3 /proc/loadavg);" \
  "upstream over $([[ "$UPSTREAM_TLS" == 1 ]] && echo HTTPS || echo 'plain HTTP')."
