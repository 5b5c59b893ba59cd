#!/usr/bin/env bash
# Comparing six (and sixteen) photos straight from a phone camera (4000 x 3000 JPEGs of about 6 MB, with EXIF and GPS;
# some 34 MB as one multipart form): the time per request and the gateway's peak RSS, through the router (bench/upstream.mjs,
# HTTPS) and offline (local/vision), at concurrency 1 and 4, against the packaged gateway with the pod's JVM flags.
# Each row has a gateway process of its own; its peak RSS is the high-water mark (VmHWM) from after the warm-up
# of two compares to the end of the row. See bench/README.md.
#   bench/phone-photos.sh [requests-per-row]   (default 8; needs java, node, curl, openssl; build first:
#                                               ./mvnw -B -q package -DskipTests, which also compiles the tests'
#                                               photo maker, support.PhonePhotos)
# The upstream speaks HTTPS (a self-signed certificate made with openssl); UPSTREAM_TLS=0 in the environment: plain HTTP.
set -euo pipefail
export LC_ALL=C
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="$ROOT/bench"
REQUESTS="${1:-8}"
WORK="$(mktemp -d)"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
die() { echo "phone-photos: error: $*" >&2; exit 1; }
say() { echo "phone-photos: $*" >&2; }
# POD_JAVA_OPTS, free_port, start_upstream (UPSTREAM_TLS)
# shellcheck source=bench/common.sh
source "$BENCH/common.sh"
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
[[ -f "$JAR" ]] || die "no $JAR: ./mvnw -B -q package -DskipTests"
[[ -f "$ROOT/target/test-classes/dev/visiongateway/support/PhonePhotos.class" ]] \
  || die "no target/test-classes: ./mvnw -B -q package -DskipTests (it compiles the tests)"
[[ -r /proc/self/status ]] || die "peak RSS is read from /proc/PID/status: Linux only"

say "making sixteen phone photos"
SIX=()
SIXTEEN=()
for i in $(seq 16); do
  photo="$WORK/IMG_$((1000 + i)).jpg"
  java -cp "$ROOT/target/test-classes" dev.visiongateway.support.PhonePhotos "$photo" "$i"
  [[ "$i" -le 6 ]] && SIX+=(-F "image=@$photo;type=image/jpeg")
  SIXTEEN+=(-F "image=@$photo;type=image/jpeg")
done
SIX_MB="$(du -cb "$WORK"/IMG_100[1-6].jpg | awk 'END { printf "%.1f", $1 / 1e6 }')"
SIXTEEN_MB="$(du -cb "$WORK"/IMG_*.jpg | awk 'END { printf "%.1f", $1 / 1e6 }')"

start_upstream "$WORK/upstream.log"

# start_gateway: a fresh gateway process for each row, so that one row's memory is not counted in the next
start_gateway() {
  PORT="$(free_port)"
  # shellcheck disable=SC2086 # POD_JAVA_OPTS is a list of flags
  env "${POD_ENV[@]}" "${GATEWAY_UPSTREAM_ENV[@]}" GATEWAY_ROUTER_API_KEY=bench \
    QUARKUS_HTTP_PORT="$PORT" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$(free_port)" \
    QUARKUS_MANAGEMENT_HOST=127.0.0.1 java $POD_JAVA_OPTS -jar "$JAR" >> "$WORK/gateway.log" 2>&1 &
  GW=$!
  PIDS+=("$GW")
  GATEWAY="http://127.0.0.1:$PORT"
  wait_for "$GATEWAY/v1/models"
}

stop_gateway() {
  kill "$GW"
  wait "$GW" 2>/dev/null || true
}

# compare FORM [curl args]: one compare of the photos of the array named FORM; prints its HTTP status (with the
# problem's code when it failed) and seconds
compare() {
  local -n photos="$1"
  shift
  local body="$WORK/answer.$BASHPID" status seconds
  read -r status seconds < <(curl -s -o "$body" -w '%{http_code} %{time_total}\n' --max-time 300 "${photos[@]}" "$@" \
    "$GATEWAY/v1/compare")
  [[ "$status" == 200 ]] || status="$status/$(sed -nE 's/.*"code":"([a-z_]+)".*/\1/p' "$body")"
  echo "$status $seconds"
}

# row NAME FORM CONCURRENCY [curl args]: REQUESTS compares of FORM, CONCURRENCY at a time, after a warm-up of two
row() {
  local name="$1" form="$2" concurrency="$3" statuses
  shift 3
  start_gateway
  compare "$form" "$@" > /dev/null; compare "$form" "$@" > /dev/null
  echo 5 > "/proc/$GW/clear_refs" || die "cannot reset the peak RSS of $GW (needs a Linux kernel with clear_refs)"
  local start end out="$WORK/${name//[^a-z]/_}.$concurrency.out" workers=()
  : > "$out"
  start="$(date +%s.%N)"
  for _ in $(seq "$concurrency"); do
    (for _ in $(seq $((REQUESTS / concurrency))); do compare "$form" "$@"; done >> "$out") &
    workers+=($!)
  done
  wait "${workers[@]}"
  end="$(date +%s.%N)"
  statuses="$(awk '{ print $1 }' "$out" | sort | uniq -c | awk '{ printf "%s%s:%s", sep, $2, $1; sep=" " }')"
  local median peak
  median="$(awk '{ print $2 }' "$out" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"
  peak="$(awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$GW/status")"
  stop_gateway
  printf '| %s | %s | %.2f s | %.2f s | %s MiB | %s |\n' "$name" "$concurrency" "$median" \
    "$(awk -v s="$start" -v e="$end" -v n="$(( REQUESTS / concurrency * concurrency ))" 'BEGIN { print (e - s) / n }')" \
    "$peak" "$statuses"
}

echo "bench/phone-photos.sh, $(date -u '+%Y-%m-%d %H:%M'), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')," \
  "photos of 4000 x 3000 (six: $SIX_MB MB, sixteen: $SIXTEEN_MB MB), $REQUESTS compares per row; JVM flags $POD_JAVA_OPTS;" \
  "upstream over $([[ "$UPSTREAM_TLS" == 1 ]] && echo HTTPS || echo 'plain HTTP')"
echo
echo "| compare of phone photos | concurrency | time per request, median | wall time per request | peak RSS | statuses |"
echo "|---|---|---|---|---|---|"
row "six, through the router" SIX 1
row "six, through the router" SIX 4
row "sixteen, through the router" SIXTEEN 1
row "six, offline (local/vision)" SIX 1 -F model=local/vision
row "six, offline (local/vision)" SIX 4 -F model=local/vision
upstream_check_tls "$WORK/upstream.log"
# java.io.tmpdir is /tmp whatever TMPDIR says
left="$(find /tmp/vision-gateway-uploads -type f 2>/dev/null | wc -l)"
echo
echo "files left in the uploads directory: $left"
