#!/usr/bin/env bash
# Large and repeated images through the router's Files API (issue 13), side by side in one run: the packaged gateway
# with everything inline (offload and reuse off) against the same gateway with its defaults (20 MB router body
# limit, reuse above 256 KB), each in front of its own bench/upstream.mjs, which counts the bytes it receives.
#   1. a compare of 30 photos of ~4 MB (4000 x 3000), fetched by the gateway from a loopback image server:
#      bytes of the chat body and of the uploads, time; 3 rounds, the first cold, the others with the cache warm;
#   2. a 10-turn conversation that sends the same ~3 MB photo (2048 x 1536, sent as is) every turn: bytes the
#      router receives per turn.
#   bench/files.sh        (needs node, python3, curl, openssl; build first: ./mvnw -B -q package -DskipTests)
# The upstreams speak HTTPS (one self-signed certificate made with openssl); UPSTREAM_TLS=0 in the environment: plain
# HTTP.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="$ROOT/bench"
WORK="$(mktemp -d)"
# start_gateway runs in $(...) subshells, so its PIDs are written to a file, not an array
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}" $(cat "$WORK/pids" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
die() { echo "files: error: $*" >&2; exit 1; }
say() { echo "files: $*" >&2; }
# free_port, start_upstream, upstream_curl (UPSTREAM_TLS, UPSTREAM_H2)
# shellcheck source=bench/common.sh
source "$BENCH/common.sh"
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
[[ -f "$JAR" ]] || die "no $JAR: ./mvnw -B -q package -DskipTests"
PHOTOS="${PHOTOS:-$ROOT/target/bench-photos}"

# the photos, made once and kept under target/: one photo-like JPEG, then 30 variants each with a mark of its own
# (so 30 distinct SHA-256s after normalization)
mkdir -p "$PHOTOS"
[[ -s "$PHOTOS/base.jpg" ]] || java "$BENCH/MakeJpeg.java" "$PHOTOS/base.jpg" 4000000 4000 3000 >/dev/null
[[ -s "$PHOTOS/photo-30.jpg" ]] || java "$BENCH/VaryJpeg.java" "$PHOTOS/base.jpg" "$PHOTOS" 30
[[ -s "$PHOTOS/turn.jpg" ]] || java -Dseed=99 "$BENCH/MakeJpeg.java" "$PHOTOS/turn.jpg" 3000000 2048 1536 >/dev/null

IMAGES_PORT="$(free_port)"
python3 -m http.server "$IMAGES_PORT" --bind 127.0.0.1 --directory "$PHOTOS" > "$WORK/images.log" 2>&1 & PIDS+=($!)

start_gateway() { # name upstream-url extra-env...
  local name="$1" up="$2"; shift 2
  local port; port="$(free_port)"
  # GATEWAY_UPSTREAM_ENV: over HTTPS, QUARKUS_TLS_ROUTER_TRUST_STORE_PEM_CERTS (one certificate for both upstreams)
  env "${GATEWAY_UPSTREAM_ENV[@]}" "$@" GATEWAY_ROUTER_URL="$up" GATEWAY_ROUTER_API_KEY=bench GATEWAY_FETCH_ALLOW=127.0.0.1/32 \
    GATEWAY_FETCH_ALLOW_HTTP=true GATEWAY_ROUTER_READ_TIMEOUT=300000 QUARKUS_HTTP_PORT="$port" QUARKUS_HTTP_HOST=127.0.0.1 \
    QUARKUS_MANAGEMENT_PORT="$(free_port)" QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
    java -Xmx192m -XX:+UseParallelGC -jar "$JAR" > "$WORK/$name-gateway.log" 2>&1 &
  echo $! >> "$WORK/pids"
  wait_for "http://127.0.0.1:$port/v1/models" 900
  echo "$port"
}

start_upstream "$WORK/inline-upstream.log" BODY_LIMIT=0
INLINE_UP="$UPSTREAM"
start_upstream "$WORK/files-upstream.log" BODY_LIMIT=20000000
FILES_UP="$UPSTREAM"
INLINE_GW="$(start_gateway inline "$INLINE_UP" GATEWAY_ROUTER_MAX_BODY_BYTES=2000000000 GATEWAY_FILES_REUSE_ABOVE_BYTES=2000000000)"
FILES_GW="$(start_gateway files "$FILES_UP")"

python3 - "$WORK/compare.json" "$IMAGES_PORT" <<'PY'
import json, sys
json.dump({"model": "openai/gpt-4o", "prompt": "What differs?",
           "images": [{"url": f"http://127.0.0.1:{sys.argv[2]}/photo-{i}.jpg"} for i in range(1, 31)]},
          open(sys.argv[1], "w"))
PY

stats() { upstream_curl -fs "$1/bench/stats?reset=1"; }
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get(sys.argv[2], ""))' "$1" "$2"; }

echo "## 30-image compare, photos of ~4 MB (4000 x 3000), fetched by the gateway"
echo
echo "| round | gateway | status | time s | chat body bytes | uploaded bytes | uploads |"
echo "|---|---|---|---|---|---|---|"
problem() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" " + d.get("code", "")) if "code" in d else print("")' "$1" 2>/dev/null || true; }
for round in 1 2 3; do
  for name in inline files; do
    if [[ $name == inline ]]; then gw=$INLINE_GW; up=$INLINE_UP; else gw=$FILES_GW; up=$FILES_UP; fi
    stats "$up" > /dev/null
    out="$(curl -s -o "$WORK/answer.json" -w '%{http_code} %{time_total}' -H 'Content-Type: application/json' \
      --data-binary @"$WORK/compare.json" "http://127.0.0.1:$gw/v1/compare")"
    s="$(stats "$up")"
    echo "| $round | $name | ${out% *}$(problem "$WORK/answer.json") | ${out#* } | $(field "$s" largest_chat) | $(field "$s" file_bytes) | $(field "$s" uploads) |"
  done
done

echo
echo "## 10-turn conversation, the same ~3 MB photo (2048 x 1536) every turn"
echo
echo "| turn | inline: bytes to the router | files: bytes to the router (chat + uploads) | files: uploads |"
echo "|---|---|---|---|"
python3 - "$PHOTOS/turn.jpg" "$WORK" <<'PY'
import base64, json, sys
image = "data:image/jpeg;base64," + base64.b64encode(open(sys.argv[1], "rb").read()).decode()
history = []
for turn in range(1, 11):
    json.dump({"model": "openai/gpt-4o", "prompt": f"Question {turn} about the photo.", "history": history,
               "images": [{"url": image}]}, open(f"{sys.argv[2]}/turn-{turn}.json", "w"))
    history = history + [{"role": "user", "content": f"Question {turn} about the photo."},
                         {"role": "assistant", "content": "A grey tabby cat on a windowsill."}]
PY
for turn in $(seq 1 10); do
  row="| $turn |"
  for name in inline files; do
    if [[ $name == inline ]]; then gw=$INLINE_GW; up=$INLINE_UP; else gw=$FILES_GW; up=$FILES_UP; fi
    stats "$up" > /dev/null
    code="$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
      --data-binary @"$WORK/turn-$turn.json" "http://127.0.0.1:$gw/v1/describe")"
    [[ $code == 200 ]] || die "turn $turn on $name: HTTP $code"
    s="$(stats "$up")"
    if [[ $name == inline ]]; then
      row="$row $(field "$s" chat_bytes) |"
    else
      row="$row $(( $(field "$s" chat_bytes) + $(field "$s" file_bytes) )) | $(field "$s" uploads) |"
    fi
  done
  echo "$row"
done
