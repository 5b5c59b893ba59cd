#!/usr/bin/env bash
# Two or more gateways side by side in one run: different jars, or one jar with different JVM flags or settings.
# Each variant runs as its own process in front of one bench/upstream.mjs; all are warmed up, then measured with wrk in
# turns (round 1 of every variant, then round 2, ...), so that the machine's drift spreads over all of them alike.
# Prints each round and a table of medians: CPU ms per request (the process's user+system time / requests),
# requests/s, non-2xx answers, RSS, and the new connections the upstream accepted per 1,000 requests. The upstream
# speaks HTTPS (a self-signed certificate made at start) unless --plain. Compare the rows with each other, never with
# another run's. See bench/README.md.
#
#   bench/side-by-side.sh [options] NAME=JAR[::FLAGS[::JAVA_HOME]] NAME=JAR[::FLAGS[::JAVA_HOME]] ...
#
#   bench/side-by-side.sh --body url \
#     pooled=target/quarkus-app/quarkus-run.jar \
#     per-request=target/quarkus-app/quarkus-run.jar::-Dquarkus.rest-client.router.keep-alive-enabled=false
#
# FLAGS are added after the pod's heap and collector flags (BENCH_JAVA_OPTS replaces those); they are split at spaces,
# so no flag can hold one. NAME: letters, digits, '.', '_' or '-', each name once.
set -euo pipefail
# printf's %.3f and sort -g read and write decimal points, whatever the caller's locale
export LC_ALL=C

usage() {
  cat <<'EOF'
Usage: bench/side-by-side.sh [options] NAME=JAR[::FLAGS[::JAVA_HOME]] NAME=JAR[::FLAGS[::JAVA_HOME]] ...
  (JAVA_HOME: the JDK of that variant, e.g. /usr/lib/jvm/temurin-25-jdk-amd64; default: java on PATH)
  --body url|dataurl|stream|large   the request body (default url); dataurl and large are the 121 KB and 4.9 MB
                                    JPEG data URLs that bench/gateway-overhead.sh generates into its cache
  --rounds N                        measured rounds per variant, taken in turns (default 4)
  --duration SECS                   each measured round (default 8)
  --warmup SECS                     warm-up per variant before the first round (default 30)
  --connections N                   wrk connections (default 32; 2 for large)
  --plain                           the upstream speaks plain HTTP, not HTTPS with a self-signed certificate
                                    made with openssl at start (also UPSTREAM_TLS=0)
  -h, --help                        this text
Environment: BENCH_JAVA_OPTS (default: the pod's heap and collector flags, as bench/gateway-overhead.sh),
BENCH_CACHE (default ~/.cache/vision-gateway-bench), UPSTREAM_H2=1 (the HTTPS upstream offers h2 by ALPN beside
HTTP/1.1). Needs java, node, curl, openssl (unless --plain) and wrk. FLAGS are split at spaces. Over HTTPS each
gateway trusts the certificate through QUARKUS_TLS_ROUTER_TRUST_STORE_PEM_CERTS: a jar built before the TLS
configuration "router" existed does not, and needs --plain.
EOF
}

die() { echo "side-by-side: error: $*" >&2; exit 1; }
say() { echo "side-by-side: $*" >&2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${BENCH_CACHE:-$HOME/.cache/vision-gateway-bench}"
# POD_JAVA_OPTS, free_port, start_upstream
# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"
JAVA_OPTS="${BENCH_JAVA_OPTS:-$POD_JAVA_OPTS}"
BODY=url; ROUNDS=4; DURATION=8; WARMUP=30; CONNECTIONS=""
VARIANTS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --body) BODY="${2:?--body needs a value}"; shift 2 ;;
    --rounds) ROUNDS="${2:?--rounds needs a value}"; shift 2 ;;
    --duration) DURATION="${2:?--duration needs a value}"; shift 2 ;;
    --warmup) WARMUP="${2:?--warmup needs a value}"; shift 2 ;;
    --connections) CONNECTIONS="${2:?--connections needs a value}"; shift 2 ;;
    --plain) UPSTREAM_TLS=0; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option $1" ;;
    *=*) VARIANTS+=("$1"); shift ;;
    *) usage >&2; die "a variant is NAME=JAR[::FLAGS], not $1" ;;
  esac
done
[[ ${#VARIANTS[@]} -ge 2 ]] || { usage >&2; die "name at least two variants"; }
declare -A SEEN=()
for variant in "${VARIANTS[@]}"; do
  name="${variant%%=*}"
  [[ "$name" =~ ^[A-Za-z0-9._-]+$ ]] || die "a variant's name is letters, digits, '.', '_' or '-': not '$name'"
  [[ -z "${SEEN[$name]:-}" ]] || die "the variant name $name is given twice"
  SEEN[$name]=1
done
for tool in java node curl wrk; do command -v "$tool" >/dev/null || die "$tool is not installed"; done

ARGS=()
case "$BODY" in
  url|stream) LUA="$ROOT/bench/wrk/$BODY.lua" ;;
  dataurl|large)
    LUA="$ROOT/bench/wrk/dataurl.lua"
    FILE="$CACHE/bodies/$([[ $BODY == dataurl ]] && echo jpeg-121k || echo jpeg-4900k).json"
    [[ -f "$FILE" ]] || die "no $FILE: run bench/gateway-overhead.sh once (it generates the data-URL bodies)"
    ARGS=(-- "$FILE") ;;
  *) die "--body is url, dataurl, stream or large, not $BODY" ;;
esac
[[ -n "$CONNECTIONS" ]] || CONNECTIONS=$([[ $BODY == large ]] && echo 2 || echo 32)

RUN="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$RUN"
}
trap cleanup EXIT

start_upstream "$RUN/upstream.log"

# Only the settings below: GATEWAY_* / QUARKUS_* from the caller's environment would make the variants differ
while read -r variable; do unset "$variable"; done < <(compgen -e | grep -E '^(GATEWAY|QUARKUS)_' || true)

NAMES=(); GATEWAY_PIDS=(); URLS=()
for variant in "${VARIANTS[@]}"; do
  name="${variant%%=*}"; rest="${variant#*=}"
  jar="${rest%%::*}"; flags=""; java_bin=java
  [[ "$rest" == *::* ]] && flags="${rest#*::}"
  # a third part names the JDK: NAME=JAR::FLAGS::JAVA_HOME
  if [[ "$flags" == *::* ]]; then java_bin="${flags#*::}/bin/java"; flags="${flags%%::*}"; fi
  [[ -f "$jar" ]] || die "no jar $jar (variant $name)"
  [[ "$java_bin" == java || -x "$java_bin" ]] || die "no JDK at ${java_bin%/bin/java} (variant $name)"
  port=$(free_port); management=$(free_port)
  # GATEWAY_UPSTREAM_ENV: GATEWAY_ROUTER_URL and, over HTTPS, the certificate the TLS configuration "router" trusts
  # shellcheck disable=SC2086 # JAVA_OPTS and flags are lists of flags
  env "${GATEWAY_UPSTREAM_ENV[@]}" GATEWAY_ROUTER_API_KEY=bench GATEWAY_FETCH_MODE=pass-through \
    QUARKUS_HTTP_PORT=$port QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT=$management \
    QUARKUS_MANAGEMENT_HOST=127.0.0.1 MALLOC_ARENA_MAX=2 \
    "$java_bin" $JAVA_OPTS $flags -jar "$jar" > "$RUN/$name.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  ready=0
  for _ in $(seq 120); do
    if curl -sf "127.0.0.1:$management/q/health/ready" > /dev/null; then ready=1; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  [[ $ready == 1 ]] || { tail -20 "$RUN/$name.log" >&2; die "$name did not get ready"; }
  NAMES+=("$name"); GATEWAY_PIDS+=("$pid"); URLS+=("http://127.0.0.1:$port/v1/chat/completions")
  say "$name: $java_bin $JAVA_OPTS $flags -jar $jar, pid $pid"
done

say "upstream (bench/upstream.mjs) on $UPSTREAM"
# one chat through each variant before the warm-ups: a variant that cannot reach the router shows here
for i in "${!NAMES[@]}"; do
  status="$(curl -s -o "$RUN/smoke-${NAMES[$i]}.txt" -w '%{http_code}' --max-time 30 -H 'Content-Type: application/json' \
    --data-binary '{"model":"openai/gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"What is in this picture?"},{"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}]}' \
    "${URLS[$i]}" || echo 000)"
  [[ "$status" == 200 ]] || say "warning: a chat through ${NAMES[$i]} answered $status: $(head -c 300 "$RUN/smoke-${NAMES[$i]}.txt")"
done
upstream_check_tls "$RUN/upstream.log"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mib() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$1/status"; }

for i in "${!NAMES[@]}"; do
  say "warming up ${NAMES[$i]} for ${WARMUP}s"
  wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$LUA" "${URLS[$i]}" "${ARGS[@]}" > /dev/null
done

HZ=$(getconf CLK_TCK)
: > "$RUN/rounds"
for round in $(seq "$ROUNDS"); do
  for i in "${!NAMES[@]}"; do
    pid=${GATEWAY_PIDS[$i]}
    conns=$(upstream_connections)
    before=$(cpu_ticks "$pid")
    line=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s "$LUA" "${URLS[$i]}" "${ARGS[@]}" | grep '^BENCH' || true)
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -20 "$RUN/${NAMES[$i]}.log" >&2
      die "${NAMES[$i]} exited during round $round"
    fi
    after=$(cpu_ticks "$pid")
    # the connections the upstream accepted during the run: this variant's to the router (the others are idle)
    conns=$(($(upstream_connections) - conns))
    [[ -n "$line" ]] || die "wrk printed no BENCH line for ${NAMES[$i]} in round $round"
    requests=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<< "$line")
    rps=$(sed -E 's/.* rps=([0-9.]+).*/\1/' <<< "$line")
    non2xx=$(sed -E 's/.*non2xx=([0-9]+).*/\1/' <<< "$line")
    errors=$(sed -E 's/.*socket_errors=([0-9]+).*/\1/' <<< "$line")
    ms=$(awk -v t=$((after - before)) -v hz="$HZ" -v q="$requests" 'BEGIN { printf "%.3f", q ? t * 1000 / hz / q : 0 }')
    rss=$(rss_mib "$pid")
    echo "${NAMES[$i]} $round $ms $rps $non2xx $rss $errors $conns $requests" >> "$RUN/rounds"
    say "round $round, ${NAMES[$i]}: $ms ms CPU per request, $rps requests/s, $non2xx non-2xx, $errors socket errors," \
      "$conns new upstream connections"
  done
done

echo "bench/side-by-side.sh, $(date '+%Y-%m-%d %H:%M'), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'),"\
  "body $BODY, c=$CONNECTIONS, $ROUNDS rounds of ${DURATION}s in turns after ${WARMUP}s warm-ups;"\
  "load average $(cut -d' ' -f1-3 /proc/loadavg); JVM flags $JAVA_OPTS; upstream over $([[ "$UPSTREAM_TLS" == 1 ]] \
  && echo "HTTPS (HTTP/1.1$([[ "$UPSTREAM_H2" == 1 ]] && echo ', h2 offered'))" || echo "plain HTTP");"\
  "new upstream connections: those the upstream accepted during the rounds / their requests"
echo
echo "| variant | CPU per request, median (min-max) | requests/s, median | non-2xx | socket errors | RSS at the end | new upstream connections per 1,000 requests |"
echo "|---|---|---|---|---|---|---|"
median() { sort -g | awk '{ v[NR] = $1 } END { printf "%s", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for name in "${NAMES[@]}"; do
  rows=$(awk -v n="$name" '$1 == n' "$RUN/rounds")
  ms=$(awk '{print $3}' <<< "$rows" | median)
  low=$(awk '{print $3}' <<< "$rows" | sort -g | head -1); high=$(awk '{print $3}' <<< "$rows" | sort -g | tail -1)
  rps=$(awk '{print $4}' <<< "$rows" | median)
  bad=$(awk '{s += $5} END {print s}' <<< "$rows"); errors=$(awk '{s += $7} END {print s}' <<< "$rows")
  rss=$(tail -1 <<< "$rows" | awk '{print $6}')
  per_k=$(awk '{c += $8; n += $9} END {print (n > 0 ? c * 1000 / n : 0)}' <<< "$rows")
  printf '| %s | %.3f ms (%.3f-%.3f) | %.0f | %d | %d | %d MiB | %.2f |\n' "$name" "$ms" "$low" "$high" "$rps" "$bad" \
    "$errors" "$rss" "$per_k"
done
