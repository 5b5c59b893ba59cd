#!/usr/bin/env bash
# What the gateway costs in front of an instant router, side by side with calling the router directly and with the
# Portkey gateway, in one run (issue 10). Prints one markdown table. See bench/README.md.
#
#   bench/gateway-overhead.sh [options]
#
# Starts, on 127.0.0.1 and free ports: bench/upstream.mjs (the router, over HTTPS with a self-signed certificate
# unless --plain), the packaged gateway (GATEWAY_FETCH_MODE=pass-through) and, when installed or installable,
# @portkey-ai/gateway 1.15.2; warms each up with each body, then measures with wrk: requests/s, p50/p99 at
# concurrency 32, p50 at concurrency 1, CPU ms per request of the proxy process, non-2xx answers, and the new
# connections the upstream accepted per 1,000 requests. Everything it started is stopped on exit.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: bench/gateway-overhead.sh [options]
  --warmup SECS            warm-up per target and body, at the main concurrency   (BENCH_WARMUP, 30)
  --duration SECS          measured run at the main concurrency                  (BENCH_DURATION, 8)
  --c1-duration SECS       measured run at concurrency 1                          (BENCH_C1_DURATION, 5)
  --rounds N               measured runs per target and body, taken in turns;     (BENCH_ROUNDS, 3)
                           the table gives their medians
  --connections N          the main concurrency                                   (BENCH_CONNECTIONS, 32)
  --threads N              wrk threads at the main concurrency                    (BENCH_THREADS, 2)
  --bodies LIST            comma-separated subset of url,dataurl,stream           (BENCH_BODIES, all three)
  --no-large               skip the second table (a ~4.9 MB compliant data URL)   (BENCH_LARGE=0)
  --large-connections N    concurrency of the large-body runs                     (BENCH_LARGE_CONNECTIONS, 2)
  --large-duration SECS    measured large-body run; its warm-up is half of it     (BENCH_LARGE_DURATION, 8)
  --no-build               use target/quarkus-app as it is (default: ./mvnw -B -q package -DskipTests)
  --no-portkey             leave Portkey out (its columns say n/a)
  --no-portkey-install     use Portkey only if it is already installed in the cache
  --plain                  the upstream speaks plain HTTP, not HTTPS with a       (UPSTREAM_TLS=0)
                           self-signed certificate made with openssl at start
  -h, --help               this text
Environment: BENCH_CACHE (default ~/.cache/vision-gateway-bench: Portkey, generated bodies, logs of each run),
BENCH_JAVA_OPTS (default: the pod's heap and collector, POD_JAVA_OPTS in bench/common.sh), UPSTREAM_H2=1 (the HTTPS
upstream offers h2 by ALPN beside HTTP/1.1; default HTTP/1.1 only).
Needs java (17 or later), node >= 18, curl, openssl (unless --plain) and wrk (apt-get install -y wrk).
EOF
}

die() { echo "gateway-overhead: error: $*" >&2; exit 1; }
say() { echo "gateway-overhead: $*" >&2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
CACHE="${BENCH_CACHE:-$HOME/.cache/vision-gateway-bench}"
PORTKEY_VERSION=1.15.2
HONO_NODE_SERVER=1.14.1
# POD_JAVA_OPTS, free_port, start_upstream
# shellcheck source=bench/common.sh
source "$BENCH/common.sh"
JAVA_OPTS="${BENCH_JAVA_OPTS:-$POD_JAVA_OPTS}"

# 30 s: after 20 s of data-URL load the JIT still took 40 % of a core (C2 recompiling Netty's and the
# intake's hot methods; per-thread CPU from /proc), and a 10 s warm-up left the gateway's first URL round 3 times
# slower than its third
WARMUP="${BENCH_WARMUP:-30}"
DURATION="${BENCH_DURATION:-8}"
C1_DURATION="${BENCH_C1_DURATION:-5}"
ROUNDS="${BENCH_ROUNDS:-3}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
THREADS="${BENCH_THREADS:-2}"
BODIES="${BENCH_BODIES:-url,dataurl,stream}"
LARGE="${BENCH_LARGE:-1}"
LARGE_CONNECTIONS="${BENCH_LARGE_CONNECTIONS:-2}"
LARGE_DURATION="${BENCH_LARGE_DURATION:-8}"
BUILD=1
PORTKEY=1
PORTKEY_INSTALL=1

while [[ $# -gt 0 ]]; do
  case "$1" in
    --warmup) WARMUP="${2:?--warmup needs a value}"; shift 2 ;;
    --duration) DURATION="${2:?--duration needs a value}"; shift 2 ;;
    --c1-duration) C1_DURATION="${2:?--c1-duration needs a value}"; shift 2 ;;
    --rounds) ROUNDS="${2:?--rounds needs a value}"; shift 2 ;;
    --connections) CONNECTIONS="${2:?--connections needs a value}"; shift 2 ;;
    --threads) THREADS="${2:?--threads needs a value}"; shift 2 ;;
    --bodies) BODIES="${2:?--bodies needs a value}"; shift 2 ;;
    --no-large) LARGE=0; shift ;;
    --large-connections) LARGE_CONNECTIONS="${2:?--large-connections needs a value}"; shift 2 ;;
    --large-duration) LARGE_DURATION="${2:?--large-duration needs a value}"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --no-portkey) PORTKEY=0; shift ;;
    --no-portkey-install) PORTKEY_INSTALL=0; shift ;;
    --plain) UPSTREAM_TLS=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done
for value in "$WARMUP" "$DURATION" "$C1_DURATION" "$ROUNDS" "$CONNECTIONS" "$THREADS" "$LARGE_CONNECTIONS" "$LARGE_DURATION"; do
  [[ "$value" =~ ^[0-9]+$ ]] || die "durations and counts are whole numbers, got '$value'"
done
[[ "$DURATION" -gt 0 && "$C1_DURATION" -gt 0 && "$ROUNDS" -gt 0 && "$CONNECTIONS" -gt 0 && "$THREADS" -gt 0 ]] \
  || die "--duration, --c1-duration, --rounds, --connections and --threads must be above 0"
[[ "$THREADS" -le "$CONNECTIONS" ]] || THREADS="$CONNECTIONS"
IFS=',' read -r -a BODY_LIST <<< "$BODIES"
for body in "${BODY_LIST[@]}"; do
  [[ "$body" == url || "$body" == dataurl || "$body" == stream ]] || die "unknown body '$body' (url, dataurl, stream)"
done

# --- tools --------------------------------------------------------------------------------------------------------
command -v wrk >/dev/null || die "wrk is not installed: apt-get install -y wrk (Debian/Ubuntu), brew install wrk (macOS)"
command -v java >/dev/null || die "java is not on the PATH (Java 17 is needed to build and run the gateway)"
command -v node >/dev/null || die "node is not on the PATH (Node >= 18 runs the upstream and Portkey)"
command -v curl >/dev/null || die "curl is not installed: apt-get install -y curl"
CLK_TCK="$(getconf CLK_TCK)"
[[ -r /proc/self/stat ]] || die "/proc/<pid>/stat is needed for the CPU per request (Linux only)"

RUN_DIR="$CACHE/runs/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN_DIR" "$CACHE/bodies"

# --- cleanup: everything started here is stopped by PID ------------------------------------------------------------
PIDS=()
WRK_PID=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  [[ -n "$WRK_PID" ]] && kill "$WRK_PID" 2>/dev/null || true
  local pid
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
  done
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM


# Polls URL until it answers 200, or the process dies, or the time is up.
wait_ready() { # name pid url seconds log
  local name="$1" pid="$2" url="$3" seconds="$4" log="$5" tries
  tries=$((seconds * 10))
  while ((tries-- > 0)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$log" >&2 || true
      die "$name exited before it was ready (log: $log)"
    fi
    if upstream_curl -fs -o /dev/null --max-time 2 "$url"; then
      return 0
    fi
    sleep 0.1
  done
  tail -n 30 "$log" >&2 || true
  die "$name was not ready at $url within ${seconds}s (log: $log)"
}

cpu_ticks() { # utime + stime of a process (all its threads), in clock ticks
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || die "process $1 is gone (it died during the benchmark?)"
  # the fields after "pid (comm) " start at field 3 (state): utime is field 14, stime field 15
  awk '{ print $12 + $13 }' <<< "${stat##*) }"
}

# --- the gateway's jar ---------------------------------------------------------------------------------------------
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
if [[ "$BUILD" == 1 ]]; then
  say "building the gateway: ./mvnw -B -q package -DskipTests (log: $RUN_DIR/build.log)"
  (cd "$ROOT" && ./mvnw -B -q package -DskipTests) > "$RUN_DIR/build.log" 2>&1 \
    || { tail -n 40 "$RUN_DIR/build.log" >&2; die "the build failed (log: $RUN_DIR/build.log)"; }
fi
[[ -f "$JAR" ]] || die "no $JAR: build it (./mvnw -B -q package -DskipTests) or drop --no-build"

# --- bodies --------------------------------------------------------------------------------------------------------
# A JPEG the gateway sends as is (JPEG, longest side <= 2048, JFIF header only: no EXIF/XMP/ICC/comment, < 5 MB),
# wrapped in a chat body as a data: URL. Generated once per size and kept in the cache.
data_url_body() { # name target_bytes width height -> path of the JSON body
  local name="$1" target="$2" width="$3" height="$4"
  local jpeg="$CACHE/bodies/$name.jpg" json="$CACHE/bodies/$name.json"
  if [[ ! -s "$json" ]]; then
    say "generating $name.jpg ($width x $height, <= $target bytes) with bench/MakeJpeg.java"
    java "$BENCH/MakeJpeg.java" "$jpeg.tmp" "$target" "$width" "$height" >&2 || die "could not generate $jpeg"
    mv "$jpeg.tmp" "$jpeg"
    {
      printf '%s' '{"model":"openai/gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"What is in this picture?"},{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,'
      base64 -w0 "$jpeg"
      printf '%s' '"}}]}]}'
    } > "$json.tmp"
    mv "$json.tmp" "$json"
  fi
  echo "$json"
}
DATAURL_BODY="$(data_url_body jpeg-121k 121000 800 600)"
DATAURL_JPEG_BYTES="$(stat -c %s "${DATAURL_BODY%.json}.jpg")"
if [[ "$LARGE" == 1 ]]; then
  LARGE_BODY="$(data_url_body jpeg-4900k 4900000 2048 1536)"
  LARGE_JPEG_BYTES="$(stat -c %s "${LARGE_BODY%.json}.jpg")"
fi

# --- the upstream --------------------------------------------------------------------------------------------------
start_upstream "$RUN_DIR/upstream.log"
wait_ready upstream "$UPSTREAM_PID" "$UPSTREAM/api/models?modality=image" 10 "$RUN_DIR/upstream.log"
say "upstream (bench/upstream.mjs) on $UPSTREAM, pid $UPSTREAM_PID"

# --- the gateway ---------------------------------------------------------------------------------------------------
# Only the settings below: GATEWAY_* / QUARKUS_* from the caller's environment would make runs incomparable.
while read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(GATEWAY|QUARKUS)_' || true)
GATEWAY_PORT="$(free_port)"
# the management interface (health, metrics) on a free port too: 9000 may be taken on a shared machine
MANAGEMENT_PORT="$(free_port)"
# GATEWAY_UPSTREAM_ENV: GATEWAY_ROUTER_URL and, over HTTPS, the certificate the TLS configuration "router" trusts
# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
env "${POD_ENV[@]}" "${GATEWAY_UPSTREAM_ENV[@]}" GATEWAY_ROUTER_API_KEY=bench GATEWAY_FETCH_MODE=pass-through \
  QUARKUS_HTTP_PORT="$GATEWAY_PORT" QUARKUS_HTTP_HOST=127.0.0.1 \
  QUARKUS_MANAGEMENT_PORT="$MANAGEMENT_PORT" QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
  java $JAVA_OPTS -jar "$JAR" > "$RUN_DIR/gateway.log" 2>&1 &
GATEWAY_PID=$!
PIDS+=("$GATEWAY_PID")
GATEWAY="http://127.0.0.1:$GATEWAY_PORT"
wait_ready gateway "$GATEWAY_PID" "$GATEWAY/v1/models" 90 "$RUN_DIR/gateway.log"
say "gateway (java $JAVA_OPTS -jar target/quarkus-app/quarkus-run.jar) on $GATEWAY, pid $GATEWAY_PID"

# --- Portkey -------------------------------------------------------------------------------------------------------
PORTKEY_DIR="$CACHE/portkey-$PORTKEY_VERSION"
PORTKEY_MAIN="$PORTKEY_DIR/node_modules/@portkey-ai/gateway/build/start-server.js"
PORTKEY_NA=""
LARGE_BY_FILE=0
install_portkey() {
  mkdir -p "$PORTKEY_DIR"
  # the override: with the @hono/node-server that 1.15.2 resolves to by default, its streamed answers break
  cat > "$PORTKEY_DIR/package.json" <<EOF
{
  "name": "vision-gateway-bench-portkey",
  "private": true,
  "dependencies": { "@portkey-ai/gateway": "$PORTKEY_VERSION" },
  "overrides": { "@hono/node-server": "$HONO_NODE_SERVER" }
}
EOF
  say "installing @portkey-ai/gateway@$PORTKEY_VERSION into $PORTKEY_DIR (log: $RUN_DIR/portkey-install.log)"
  # its only install script (patch-package) has no patches in the published package
  (cd "$PORTKEY_DIR" && npm install --no-audit --no-fund --ignore-scripts) > "$RUN_DIR/portkey-install.log" 2>&1
}
if [[ "$PORTKEY" == 0 ]]; then
  PORTKEY_NA="left out (--no-portkey)"
elif [[ ! -f "$PORTKEY_MAIN" ]]; then
  if [[ "$PORTKEY_INSTALL" == 0 ]]; then
    PORTKEY_NA="not installed in $PORTKEY_DIR (--no-portkey-install)"
  elif ! command -v npm >/dev/null; then
    PORTKEY_NA="npm is not installed"
  elif ! install_portkey || [[ ! -f "$PORTKEY_MAIN" ]]; then
    tail -n 20 "$RUN_DIR/portkey-install.log" >&2 || true
    PORTKEY_NA="npm install @portkey-ai/gateway@$PORTKEY_VERSION failed (log: $RUN_DIR/portkey-install.log)"
  fi
fi
if [[ -z "$PORTKEY_NA" ]]; then
  hono="$(node -p "require('$PORTKEY_DIR/node_modules/@hono/node-server/package.json').version" 2>/dev/null || echo '?')"
  [[ "$hono" == "$HONO_NODE_SERVER" ]] \
    || say "warning: Portkey runs with @hono/node-server $hono, not $HONO_NODE_SERVER: its streams may break"
  PORTKEY_PORT="$(free_port)"
  # PORTKEY_UPSTREAM_ENV: over HTTPS, NODE_EXTRA_CA_CERTS (the upstream's certificate)
  (cd "$PORTKEY_DIR" && exec env "${PORTKEY_UPSTREAM_ENV[@]}" node node_modules/@portkey-ai/gateway/build/start-server.js \
    --port="$PORTKEY_PORT" --headless) > "$RUN_DIR/portkey.log" 2>&1 &
  PORTKEY_PID=$!
  PIDS+=("$PORTKEY_PID")
  PORTKEY_URL="http://127.0.0.1:$PORTKEY_PORT"
  wait_ready Portkey "$PORTKEY_PID" "$PORTKEY_URL/" 60 "$RUN_DIR/portkey.log"
  say "Portkey $PORTKEY_VERSION on $PORTKEY_URL, pid $PORTKEY_PID"
else
  say "Portkey: n/a, $PORTKEY_NA"
fi

TARGETS=(direct gateway)
[[ -z "$PORTKEY_NA" ]] && TARGETS+=(portkey)

target_url() {
  case "$1" in
    direct) echo "$UPSTREAM/v1/chat/completions" ;;
    gateway) echo "$GATEWAY/v1/chat/completions" ;;
    portkey) echo "$PORTKEY_URL/v1/chat/completions" ;;
  esac
}
target_pid() {
  case "$1" in
    direct) echo "$UPSTREAM_PID" ;;
    gateway) echo "$GATEWAY_PID" ;;
    portkey) echo "$PORTKEY_PID" ;;
  esac
}
target_headers() { # one header per line, for wrk -H and curl -H
  echo "Authorization: Bearer bench"
  if [[ "$1" == portkey ]]; then
    echo "x-portkey-provider: openai"
    echo "x-portkey-custom-host: $UPSTREAM/v1"
  fi
}
body_script() {
  case "$1" in
    url|stream) echo "$BENCH/wrk/$1.lua" ;;
    dataurl|large) echo "$BENCH/wrk/dataurl.lua" ;;
  esac
}
body_args() {
  case "$1" in
    dataurl) echo "$DATAURL_BODY" ;;
    large) echo "$LARGE_BODY" ;;
  esac
}

# --- smoke test: one request of each body through each target -------------------------------------------------------
URL_JSON='{"model":"openai/gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"What is in this picture?"},{"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}]}'
STREAM_JSON='{"model":"openai/gpt-4o","stream":true,"messages":[{"role":"user","content":[{"type":"text","text":"What is in this picture?"},{"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}]}'
smoke() { # target body -> prints the status; the answer is kept in RUN_DIR
  local target="$1" body="$2" data headers=()
  case "$body" in
    url) data="$URL_JSON" ;;
    stream) data="$STREAM_JSON" ;;
    dataurl) data="@$DATAURL_BODY" ;;
    large) data="@$LARGE_BODY" ;;
  esac
  while IFS= read -r header; do headers+=(-H "$header"); done < <(target_headers "$target")
  upstream_curl -s -o "$RUN_DIR/smoke-$target-$body.txt" -w '%{http_code}' --max-time 30 -X POST \
    -H 'Content-Type: application/json' "${headers[@]}" --data-binary "$data" "$(target_url "$target")" || echo 000
}
SMOKE_BODIES=("${BODY_LIST[@]}")
[[ "$LARGE" == 1 ]] && SMOKE_BODIES+=(large)
for body in "${SMOKE_BODIES[@]}"; do
  for target in "${TARGETS[@]}"; do
    status="$(smoke "$target" "$body")"
    [[ "$status" == 200 ]] || say "warning: smoke test $body via $target answered $status (see $RUN_DIR/smoke-$target-$body.txt)"
    if [[ "$body" == stream && "$status" == 200 ]] && ! grep -q 'data: \[DONE\]' "$RUN_DIR/smoke-$target-$body.txt"; then
      say "warning: smoke test stream via $target did not end in data: [DONE]"
    fi
    if [[ "$target" == gateway && ( "$body" == dataurl || "$body" == large ) && "$status" == 200 ]]; then
      # the compliant JPEG must reach the router as the very same base64 text (the sent_as_is path)
      jpeg="${DATAURL_BODY%.json}.jpg"
      [[ "$body" == large ]] && jpeg="${LARGE_BODY%.json}.jpg"
      upstream_curl -fs "$UPSTREAM/bench/last-chat" -o "$RUN_DIR/forwarded-$body.json"
      if node -e 'const fs = require("fs"), sent = fs.readFileSync(process.argv[1]).toString("base64");
          process.exit(fs.readFileSync(process.argv[2], "latin1").includes(`data:image/jpeg;base64,${sent}"`) ? 0 : 1);' \
          "$jpeg" "$RUN_DIR/forwarded-$body.json"; then
        say "checked: the gateway forwarded the $body JPEG unchanged (sent as is)"
      elif grep -q '"input_file"' "$RUN_DIR/forwarded-$body.json"; then
        # at or above gateway.files.reuse-above-bytes an image goes up once and is then sent by its file id
        say "checked: the gateway sent the $body JPEG by file id (uploaded once, then reused)"
        [[ "$body" == large ]] && LARGE_BY_FILE=1
      else
        say "warning: the gateway did not forward the $body JPEG unchanged: it was re-encoded (not the sent_as_is path)"
      fi
      rm -f "$RUN_DIR/forwarded-$body.json"
    fi
  done
done

upstream_check_tls "$RUN_DIR/upstream.log"

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
awk -v l="${LOAD_BEFORE%% *}" -v c="$(nproc)" 'BEGIN { exit !(l > c / 2) }' \
  && say "warning: load average $LOAD_BEFORE before measuring on $(nproc) cores: other work shares the CPUs, expect noise"

# --- measuring -----------------------------------------------------------------------------------------------------
declare -A R # R[target.body.c32|c1.field]
run_wrk() { # key target body threads connections seconds -> R[key.*]; key "" = warm-up, not recorded
  local key="$1" target="$2" body="$3" threads="$4" connections="$5" seconds="$6"
  local out="$RUN_DIR/wrk-${key:-warmup-$target-$body-c$connections}.txt" headers=() args=() line field
  while IFS= read -r header; do headers+=(-H "$header"); done < <(target_headers "$target")
  args=(-t"$threads" -c"$connections" -d"${seconds}s" --timeout 30s --latency "${headers[@]}"
    -s "$(body_script "$body")" "$(target_url "$target")")
  [[ -n "$(body_args "$body")" ]] && args+=(-- "$(body_args "$body")")
  wrk "${args[@]}" > "$out" 2>&1 &
  WRK_PID=$!
  wait "$WRK_PID" || { WRK_PID=""; cat "$out" >&2; die "wrk failed against $target ($body), see $out"; }
  WRK_PID=""
  line="$(grep '^BENCH ' "$out" || true)"
  [[ -n "$line" ]] || { cat "$out" >&2; die "wrk printed no BENCH line against $target ($body), see $out"; }
  [[ -z "$key" ]] && { WARMUP_LINES+=("$target $body c=$connections: ${line#BENCH }"); return 0; }
  for field in ${line#BENCH }; do
    R["$key.${field%%=*}"]="${field#*=}"
  done
}
WARMUP_LINES=()

# The connections the upstream accepted during a measured run (GET /bench/stats before and after, outside the CPU
# window): wrk's own for direct, the proxy's to the router otherwise (nothing else talks to the upstream then).
measure() { # target body connections seconds round -> R[target.body.main.rROUND.*]
  local target="$1" body="$2" connections="$3" seconds="$4" round="$5" pid before after threads key conns
  pid="$(target_pid "$target")"
  threads=$((connections < THREADS ? connections : THREADS))
  key="$target.$body.main.r$round"
  say "  round $round, $target: ${seconds}s at c=$connections"
  conns="$(upstream_connections)"
  before="$(cpu_ticks "$pid")"
  run_wrk "$key" "$target" "$body" "$threads" "$connections" "$seconds"
  after="$(cpu_ticks "$pid")"
  conns=$(($(upstream_connections) - conns))
  R["$key.upstream_conns"]="$conns"
  R["$key.cpu_ms"]="$(awk -v t="$((after - before))" -v hz="$CLK_TCK" -v n="${R[$key.requests]}" \
    'BEGIN { printf "%.3f", (n > 0 ? t * 1000 / hz / n : 0) }')"
  kill -0 "$pid" 2>/dev/null || die "$target (pid $pid) died during the $body run: see $RUN_DIR"
}
measure_c1() { # target body round -> R[target.body.c1.rROUND.*]
  local key="$1.$2.c1.r$3" conns
  say "  round $3, $1: ${C1_DURATION}s at c=1"
  conns="$(upstream_connections)"
  run_wrk "$key" "$1" "$2" 1 1 "$C1_DURATION"
  conns=$(($(upstream_connections) - conns))
  R["$key.upstream_conns"]="$conns"
}
warm_up() { # target body connections seconds
  local threads=$(($3 < THREADS ? $3 : THREADS))
  say "  $1: warm-up ${4}s at c=$3"
  run_wrk "" "$1" "$2" "$threads" "$3" "$4"
}
# This machine's speed drifts from minute to minute (a virtual one), so the targets take turns, round after round,
# and each figure of the table is the median of its rounds: a slow minute then weighs on every target alike.
median() { # numbers separated by spaces -> their median; nothing for none
  tr ' ' '\n' | awk 'NF { print }' | sort -g \
    | awk '{ v[NR] = $1 } END { if (NR > 0) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
combine() { # key (target.body.kind): R[key.*] from R[key.rN.*], N = 1..ROUNDS
  local key="$1" field values round total
  [[ -n "${R[$key.r1.requests]:-}" ]] || return 0
  for field in rps p50_ms p99_ms cpu_ms; do
    values=""
    for ((round = 1; round <= ROUNDS; round++)); do values="$values ${R[$key.r$round.$field]:-}"; done
    R["$key.$field"]="$(echo "$values" | median)"
  done
  for field in requests non2xx socket_errors upstream_conns; do
    total=0
    for ((round = 1; round <= ROUNDS; round++)); do total=$((total + ${R[$key.r$round.$field]:-0})); done
    R["$key.$field"]="$total"
  done
}

for body in "${BODY_LIST[@]}"; do
  say "body $body"
  for target in "${TARGETS[@]}"; do
    [[ "$WARMUP" -gt 0 ]] && warm_up "$target" "$body" "$CONNECTIONS" "$WARMUP"
  done
  for ((round = 1; round <= ROUNDS; round++)); do
    for target in "${TARGETS[@]}"; do
      measure "$target" "$body" "$CONNECTIONS" "$DURATION" "$round"
      measure_c1 "$target" "$body" "$round"
    done
  done
  for target in "${TARGETS[@]}"; do
    combine "$target.$body.main"
    combine "$target.$body.c1"
  done
done
if [[ "$LARGE" == 1 ]]; then
  say "body large (${LARGE_JPEG_BYTES} byte JPEG)"
  for target in "${TARGETS[@]}"; do
    warm_up "$target" large "$LARGE_CONNECTIONS" "$((LARGE_DURATION / 2))"
  done
  for ((round = 1; round <= ROUNDS; round++)); do
    for target in "${TARGETS[@]}"; do
      measure "$target" large "$LARGE_CONNECTIONS" "$LARGE_DURATION" "$round"
    done
  done
  for target in "${TARGETS[@]}"; do
    combine "$target.large.main"
  done
fi

# --- the tables ----------------------------------------------------------------------------------------------------
int() { awk -v n="$1" 'BEGIN { s = sprintf("%.0f", n); r = ""; while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) } print s r }'; }
ms() { awk -v n="$1" 'BEGIN { n += 0; if (n < 1 && n > -1) printf "%.3f", n; else if (n < 10 && n > -10) printf "%.2f", n; else printf "%.1f", n }'; }
get() { echo "${R[$1]:-}"; }
has() { [[ -n "${R[$1.main.requests]:-}" ]]; }
rps() { has "$1" && int "$(get "$1.main.rps")" || echo "n/a"; }
cpu() { has "$1" && echo "$(ms "$(get "$1.main.cpu_ms")") ms" || echo "n/a"; }
p50p99() { has "$1" && echo "$(ms "$(get "$1.main.p50_ms")") / $(ms "$(get "$1.main.p99_ms")") ms" || echo "n/a"; }
added() { # target body: p50 at c=1 through the proxy minus direct
  [[ -n "${R[$1.$2.c1.p50_ms]:-}" && -n "${R[direct.$2.c1.p50_ms]:-}" ]] || { echo "n/a"; return; }
  ms "$(awk -v a="${R[$1.$2.c1.p50_ms]}" -v b="${R[direct.$2.c1.p50_ms]}" 'BEGIN { print a - b }')"
}
conns() { # key: new upstream connections per 1,000 requests of the measured runs (their sums over the rounds)
  has "$1" || { echo "n/a"; return; }
  ms "$(awk -v c="$(get "$1.main.upstream_conns")" -v n="$(get "$1.main.requests")" 'BEGIN { print (n > 0 ? c * 1000 / n : 0) }')"
}
failures() { # key: non-2xx of the measured run, with its share, and socket errors
  has "$1" || { echo "n/a"; return; }
  local n total socket text
  n="$(get "$1.main.non2xx")"; total="$(get "$1.main.requests")"; socket="$(get "$1.main.socket_errors")"
  text="$(int "$n")"
  [[ "$n" -gt 0 ]] && text="$text ($(awk -v n="$n" -v t="$total" 'BEGIN { printf "%.1f", 100 * n / t }')%)"
  [[ "$socket" -gt 0 ]] && text="$text + $(int "$socket") socket errors"
  echo "$text"
}
label() {
  case "$1" in
    url) echo 'chat, one https `image_url`' ;;
    dataurl) echo "chat, $(awk -v n="$DATAURL_JPEG_BYTES" 'BEGIN { printf "%.0f", n / 1000 }') KB JPEG data URL that complies (\`sent_as_is\`)" ;;
    stream) echo 'chat, streamed, https `image_url`' ;;
    large) echo "chat, $(awk -v n="$LARGE_JPEG_BYTES" 'BEGIN { printf "%.1f", n / 1e6 }') MB JPEG data URL that complies ($([[ "$LARGE_BY_FILE" == 1 ]] \
      && echo 'the gateway: by file id, uploaded once' || echo '`sent_as_is`'))" ;;
  esac
}

LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
# the gateway measured: the last commit that changed its source or build (HEAD may only have touched bench/)
COMMIT="$(git -C "$ROOT" log -1 --format=%h -- src pom.xml 2>/dev/null || echo unknown)"
if [[ -n "$(git -C "$ROOT" status --porcelain -- src pom.xml 2>/dev/null || true)" ]]; then
  COMMIT="$COMMIT + uncommitted changes in src/ or pom.xml"
fi
echo
echo "Run $(date '+%Y-%m-%d %H:%M'), gateway at commit $COMMIT, $(nproc) cores, load average $LOAD_BEFORE before / $LOAD_AFTER after; wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s" \
  "after ${WARMUP}s warm-up per target and body, c=1: -t1 -c1 -d${C1_DURATION}s; medians of $ROUNDS rounds in which the targets took turns;" \
  "CPU = proxy process utime+stime / requests."
echo "Gateway: java $JAVA_OPTS ($(java -version 2>&1 | head -1)), GATEWAY_FETCH_MODE=pass-through. Portkey: ${PORTKEY_NA:-@portkey-ai/gateway $PORTKEY_VERSION, node $(node --version)}."
echo "Upstream: bench/upstream.mjs, node $(node --version), $([[ "$UPSTREAM_TLS" == 1 ]] \
  && echo "HTTPS (self-signed P-256 certificate; HTTP/1.1$([[ "$UPSTREAM_H2" == 1 ]] && echo ', h2 offered by ALPN'))" \
  || echo "plain HTTP (--plain)"). New upstream connections per 1,000 requests: the connections it accepted during the" \
  "measured runs at the main concurrency (direct: wrk's own) / their requests."
echo
echo "| body | direct rps | gateway rps | gateway CPU/req | gateway p50/p99 | Portkey rps | Portkey CPU/req | Portkey p50/p99 | added p50 at c=1, gateway / Portkey | non-2xx gateway / Portkey | new upstream connections per 1,000 requests, direct / gateway / Portkey |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for body in "${BODY_LIST[@]}"; do
  echo "| $(label "$body") | $(rps "direct.$body") | $(rps "gateway.$body") | $(cpu "gateway.$body") | $(p50p99 "gateway.$body")" \
    "| $(rps "portkey.$body") | $(cpu "portkey.$body") | $(p50p99 "portkey.$body")" \
    "| $(added gateway "$body") / $(added portkey "$body") ms | $(failures "gateway.$body") / $(failures "portkey.$body")" \
    "| $(conns "direct.$body") / $(conns "gateway.$body") / $(conns "portkey.$body") |"
done
if [[ "$LARGE" == 1 ]]; then
  echo
  echo "Large body, wrk -c$LARGE_CONNECTIONS -d${LARGE_DURATION}s after $((LARGE_DURATION / 2))s warm-up, medians of $ROUNDS rounds:"
  echo
  echo "| body | direct rps | gateway rps | gateway CPU/req | Portkey rps | Portkey CPU/req | non-2xx gateway / Portkey | new upstream connections per 1,000 requests, direct / gateway / Portkey |"
  echo "|---|---|---|---|---|---|---|---|"
  echo "| $(label large) | $(rps direct.large) | $(rps gateway.large) | $(cpu gateway.large) | $(rps portkey.large)" \
    "| $(cpu portkey.large) | $(failures gateway.large) / $(failures portkey.large)" \
    "| $(conns direct.large) / $(conns gateway.large) / $(conns portkey.large) |"
fi

# Every run, raw: what the table was made of, and any non-2xx outside the measured runs.
echo
echo "Runs (statuses are counts per HTTP status; direct CPU/req is the upstream's own; conns: connections the upstream accepted):"
for body in "${BODY_LIST[@]}" $([[ "$LARGE" == 1 ]] && echo large); do
  for target in "${TARGETS[@]}"; do
    for kind in main c1; do
      for ((round = 1; round <= ROUNDS; round++)); do
        key="$target.$body.$kind.r$round"
        [[ -n "${R[$key.requests]:-}" ]] || continue
        printf '  %-8s %-8s %-4s round %d rps=%-9s p50=%-7s p99=%-8s %s conns=%-6s statuses=%s\n' "$target" "$body" \
          "$([[ "$kind" == main ]] && { [[ "$body" == large ]] && echo "c$LARGE_CONNECTIONS" || echo "c$CONNECTIONS"; } || echo c1)" \
          "$round" "$(int "${R[$key.rps]}")" "$(ms "${R[$key.p50_ms]}")" "$(ms "${R[$key.p99_ms]}")" \
          "$([[ "$kind" == main ]] && echo "cpu/req=$(ms "${R[$key.cpu_ms]}")ms" || echo "")" "${R[$key.upstream_conns]:-?}" \
          "${R[$key.statuses]}"
      done
    done
  done
done
for line in "${WARMUP_LINES[@]}"; do
  [[ "$line" == *" non2xx=0 "* ]] || echo "  warm-up with non-2xx: $line"
done
echo "Logs: $RUN_DIR"
